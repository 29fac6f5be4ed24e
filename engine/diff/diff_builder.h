// Accumulating a DiffReport one order at a time in constant memory: counters, the matrix, rule
// impacts and a bounded number of examples.
//
//   diff::DiffBuilder builder("cloud-cn 2026.1", "cloud-cn 2026.2", /*max_examples=*/5);
//   builder.AddInvalid(Validity::kInvalidUnderBoth);        // a record that is not a valid order
//   builder.Add(line, "CNY", 2, base_decision, candidate_decision);
//   diff::DiffReport report = std::move(builder).Finish();
#pragma once

#include <cstddef>
#include <string>

#include "engine/diff/diff_report.h"
#include "refund/decision.h"

namespace refund::diff {

// How a record that is not an order under both policies stands.
enum class Validity { kInvalidUnderBoth, kBecameInvalid, kBecameValid };

class DiffBuilder {
 public:
  DiffBuilder(std::string base, std::string candidate, size_t max_examples);

  // A record invalid under one policy or both (`validity` says which).
  void AddInvalid(Validity validity);
  // One order decided under both policies; `currency` and `digits` are the order's.
  void Add(int64_t line, const std::string& currency, int digits, const Decision& base, const Decision& candidate);
  DiffReport Finish() &&;

 private:
  void AddChanged(ChangedOrder changed);
  void KeepLargest(std::vector<ChangedOrder>& list, const ChangedOrder& order, bool increases);

  DiffReport report_;
  size_t max_examples_;
  std::map<std::string, RuleImpact, std::less<>> rules_;
  std::array<std::array<Transition, kOutcomes>, kOutcomes> transitions_{};
};

}  // namespace refund::diff
