// Reading the scalar shapes a profile is made of (integers, money, durations, ranges, weighted
// maps) from syntax nodes, collecting a diagnostic for every bad value instead of stopping.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/gen/profile.h"
#include "engine/syntax/node.h"

namespace refund::gen {

class ValueReader {
 public:
  explicit ValueReader(std::vector<Diagnostic>& diagnostics) : diagnostics_(diagnostics) {}

  // The entry `key` of `map`; a G002 diagnostic when it is absent and `required`.
  const syntax::Node* Field(const syntax::Node& map, const char* key, bool required);
  std::optional<int64_t> Integer(const syntax::Node& node);
  std::optional<int64_t> Money(const syntax::Node& node, const Currency& currency);  // minor units
  // "90s", "15min", "2h", "7d", optionally signed; in seconds.
  std::optional<int64_t> Seconds(const syntax::Node& node);
  // "1mo", "1y", or any Seconds() form.
  std::optional<TermLength> Term(const syntax::Node& node);
  // RFC 3339, in whole seconds since the epoch.
  std::optional<int64_t> Instant(const syntax::Node& node);
  std::string Text(const syntax::Node& node);

  // A two-element sequence [lo, hi] read by `read`; lo <= hi.
  template <typename Read>
  std::optional<Range> RangeOf(const syntax::Node& node, Read read) {
    if (!node.IsSequence() || node.items().size() != 2) return Bad(node, "expected [low, high]"), std::nullopt;
    std::optional<int64_t> lo = read(node.items()[0]);
    std::optional<int64_t> hi = read(node.items()[1]);
    if (!lo || !hi) return std::nullopt;
    if (*hi < *lo) return Bad(node, "the low end is above the high end"), std::nullopt;
    return Range{*lo, *hi};
  }
  // A map `value: weight`.
  Choice<std::string> Weights(const syntax::Node& node);
  // A map `value: percent` of independent chances.
  std::vector<Chance> Chances(const syntax::Node& node);
  // A sequence of scalars.
  std::vector<std::string> Texts(const syntax::Node& node);

  void Bad(const syntax::Node& node, std::string message);

 private:
  std::vector<Diagnostic>& diagnostics_;
};

}  // namespace refund::gen
