// Loading, checking and evaluating a policy: the engine's whole public entry point.
//
//   refund::CompileResult compiled = refund::CompilePolicy("rules/my-policy");
//   if (!compiled.ok()) { for (auto& d : compiled.diagnostics()) std::cerr << RenderDiagnostic(d); }
//   refund::OrderResult order = refund::ParseOrder(line, refund::OrderSettingsOf(compiled.value()));
//   refund::Decision decision = refund::Evaluate(compiled.value(), order.value(), {});
//   std::cout << refund::DecisionToJson(decision) << '\n';
//
// A compiled policy is immutable and safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "refund/decision.h"
#include "refund/diagnostics.h"
#include "refund/order.h"

namespace refund {

namespace model { struct Policy; }
namespace compile { struct Tree; }
namespace eval { class CoverageSink; class TraceSink; }

// A checked, compiled policy.
class CompiledPolicy {
 public:
  CompiledPolicy(std::shared_ptr<const model::Policy> model, std::shared_ptr<const compile::Tree> tree)
      : model_(std::move(model)), tree_(std::move(tree)) {}
  const std::string& name() const;
  const std::string& version() const;
  const std::string& digest() const;
  const model::Policy& model() const { return *model_; }
  const compile::Tree& tree() const { return *tree_; }

 private:
  std::shared_ptr<const model::Policy> model_;
  std::shared_ptr<const compile::Tree> tree_;
};

class CompileResult {
 public:
  bool ok() const { return policy_ != nullptr; }
  const CompiledPolicy& value() const { return *policy_; }
  std::shared_ptr<const CompiledPolicy> shared() const { return policy_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  friend CompileResult CompilePolicy(const std::string& path);
  std::shared_ptr<const CompiledPolicy> policy_;
  std::vector<Diagnostic> diagnostics_;
};

// Loads the policy at `path` (a directory with policy.yaml, or one file), checks and compiles it.
CompileResult CompilePolicy(const std::string& path);

// What the policy contributes to reading orders: its currency and payment-type aliases.
OrderSettings OrderSettingsOf(const CompiledPolicy& policy);

enum class Language { kEn, kZh };
struct EvalOptions {
  Language language = Language::kEn;
  // Opt-in: records every branch evaluation takes (engine/eval/coverage.h); null costs nothing.
  eval::CoverageSink* coverage = nullptr;
  // Opt-in: records what evaluation found as data, and every condition visited with the values
  // compared (engine/eval/trace.h), for explanations and authors; null costs nothing.
  eval::TraceSink* trace = nullptr;
};

// Decides one valid order. Reads no clock: `request.at` is "now".
Decision Evaluate(const CompiledPolicy& policy, const Order& order, const EvalOptions& options);

// decisions.md JSON, one line, no trailing newline.
std::string DecisionToJson(const Decision& decision);
// The error record of decisions.md for an order that cannot be evaluated.
std::string ErrorRecordToJson(int64_t line, const std::optional<std::string>& order_id, const OrderError& error);

}  // namespace refund
