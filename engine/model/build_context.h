// Shared machinery of the policy builder: reading typed values out of the YAML mirror,
// rejecting unknown keys, compiling expression strings, and recording diagnostics.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/expr_checker.h"
#include "engine/model/limits.h"
#include "engine/model/policy.h"
#include "engine/syntax/node.h"
#include "refund/diagnostics.h"

namespace refund::model {

class BuildContext {
 public:
  explicit BuildContext(std::vector<Diagnostic>& diagnostics) : diagnostics_(diagnostics) {}

  void Report(const syntax::Node& at, Severity severity, std::string code, std::string message,
              std::optional<std::string> help = std::nullopt);
  void Error(const syntax::Node& at, std::string code, std::string message,
             std::optional<std::string> help = std::nullopt) {
    Report(at, Severity::kError, std::move(code), std::move(message), std::move(help));
  }
  void Warn(const syntax::Node& at, std::string code, std::string message,
            std::optional<std::string> help = std::nullopt) {
    Report(at, Severity::kWarning, std::move(code), std::move(message), std::move(help));
  }

  // Structural expectations; each reports P103 and returns false when the node is not so.
  bool ExpectMap(const syntax::Node& node, std::string_view what);
  bool ExpectList(const syntax::Node& node, std::string_view what);
  // Reports P101 (with did-you-mean) for each key of `map` not in `allowed`.
  void CheckKeys(const syntax::Node& map, std::initializer_list<std::string_view> allowed);
  // Reports P102 when `key` is missing from `map`; returns the value otherwise.
  const syntax::Node* Require(const syntax::Node& map, std::string_view key, std::string_view what);

  std::optional<std::string> Text(const syntax::Node& node, std::string_view what);
  // A whole number in `range`: P104 when the scalar is not a whole number, and when it is one
  // outside the range (however many digits it has: nothing is read modulo 2^64).
  std::optional<int64_t> Integer(const syntax::Node& node, std::string_view what, const IntegerRange& range);
  std::optional<bool> Boolean(const syntax::Node& node, std::string_view what);
  // A duration literal (`24h`, `7d`) from 0 to kMaxWindowLength; P104 otherwise, with the range
  // in the message. `name` names the setting in that message ("window length").
  std::optional<Duration> DurationValue(const syntax::Node& node, std::string_view what, std::string_view name);
  std::vector<std::string> TextList(const syntax::Node& node, std::string_view what);

  // Parses and types an expression written in a YAML scalar, reporting problems at their
  // exact line and column inside the scalar.
  std::optional<Expr> Expression(const syntax::Node& node, Type want, const ExprScope& scope);

  // Which scope each construct reads in (set up once the names are known).
  ExprScope base_scope;

  SourceRef Ref(const syntax::Node& node) const;
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }

 private:
  std::vector<Diagnostic>& diagnostics_;
};

// Builds each part of the policy; each reports its own problems.
void BuildSettings(BuildContext& ctx, const syntax::Node& node, Policy& policy);
void BuildPaymentTypes(BuildContext& ctx, const syntax::Node& node, Policy& policy);
void BuildTenders(BuildContext& ctx, const syntax::Node* node, Policy& policy);
void BuildCodes(BuildContext& ctx, const syntax::Node& node, Policy& policy);
void BuildLabels(BuildContext& ctx, const syntax::Node& node, Policy& policy);
void BuildWindows(BuildContext& ctx, const syntax::Node& node, Policy& policy);
void BuildQuotas(BuildContext& ctx, const syntax::Node& node, Policy& policy);
void BuildFormulas(BuildContext& ctx, const syntax::Node& node, Policy& policy);
void BuildRules(BuildContext& ctx, const syntax::Node& node, bool item_level, Policy& policy);
void BuildNotes(BuildContext& ctx, const syntax::Node& node, Policy& policy);
void BuildScore(BuildContext& ctx, const syntax::Node& node, Policy& policy);
void BuildReview(BuildContext& ctx, const syntax::Node& node, Policy& policy);
Message BuildMessage(BuildContext& ctx, const syntax::Node& node);

}  // namespace refund::model
