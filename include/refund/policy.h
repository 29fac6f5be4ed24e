// Loading, checking and evaluating a policy: the engine's whole public entry point.
//
//   refund::CompileResult compiled = refund::CompilePolicy("rules/my-policy");
//   if (!compiled.ok()) { for (auto& d : compiled.diagnostics()) std::cerr << RenderDiagnostic(d); }
//   refund::OrderResult order = refund::ParseOrder(line, refund::OrderSettingsOf(compiled.value()));
//   refund::Decision decision = refund::Evaluate(compiled.value(), order.value(), {});
//   std::cout << refund::DecisionToJson(decision) << '\n';
//
// A compiled policy is immutable and safe to share between threads. A policy directory with a
// `versions.yaml` compiles to every effective-dated version at once; Evaluate lets the version
// in force at the order's anchor decide (rules/README.md, "Policy versions"), and
// CompilePolicy("rules/my-policy@2026.2") compiles the one version whose `version` is 2026.2.
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

class CompiledPolicy;

// Which instant of an order selects the version in force: `request.at` (default) or `paid_at`
// (an order without `paid_at` falls back to `request.at`).
enum class VersionAnchor { kRequestAt, kPaidAt };

// One effective-dated version: in force from `effective_from` (inclusive) until the next one's.
struct PolicyVersion {
  Instant effective_from;
  std::shared_ptr<const CompiledPolicy> policy;  // a single policy, without versions
};

// A checked, compiled policy.
class CompiledPolicy {
 public:
  CompiledPolicy(std::shared_ptr<const model::Policy> model, std::shared_ptr<const compile::Tree> tree)
      : model_(std::move(model)), tree_(std::move(tree)) {}
  // A versioned policy: `versions` non-empty, strictly increasing effective_from. Its name(),
  // version(), digest(), model() and tree() are the latest version's.
  CompiledPolicy(std::vector<PolicyVersion> versions, VersionAnchor anchor);
  const std::string& name() const;
  const std::string& version() const;
  const std::string& digest() const;
  const model::Policy& model() const { return *model_; }
  const compile::Tree& tree() const { return *tree_; }
  // Earliest first; empty for a policy without versions.yaml.
  const std::vector<PolicyVersion>& versions() const { return versions_; }
  // Which instant of an order selects its version (meaningful when there are versions).
  VersionAnchor anchor() const { return anchor_; }
  // The version that decides `order`: the last whose effective_from <= the anchor; an order
  // anchored before the first version is decided by the first. *this without versions.
  const CompiledPolicy& InForce(const Order& order) const;

 private:
  std::shared_ptr<const model::Policy> model_;
  std::shared_ptr<const compile::Tree> tree_;
  std::vector<PolicyVersion> versions_;
  VersionAnchor anchor_ = VersionAnchor::kRequestAt;
};

class CompileResult {
 public:
  bool ok() const { return policy_ != nullptr; }
  const CompiledPolicy& value() const { return *policy_; }
  std::shared_ptr<const CompiledPolicy> shared() const { return policy_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  // Failed because the path itself names nothing to load: missing, a directory without
  // policy.yaml or versions.yaml, not a regular .yaml file, or unreadable. A caller's mistake
  // (refundctl exits 2), where any other failure means the policy is broken (exit 1).
  bool path_unusable() const { return path_unusable_; }

 private:
  friend CompileResult CompilePolicy(const std::string& path);
  std::shared_ptr<const CompiledPolicy> policy_;
  std::vector<Diagnostic> diagnostics_;
  bool path_unusable_ = false;
};

// Loads the policy at `path` (a directory with policy.yaml or versions.yaml, or one file), checks
// and compiles it. `path@VERSION` (when `path@VERSION` itself does not exist) selects one version.
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

// Decides one valid order under policy.InForce(order). Reads no clock: `request.at` is "now".
Decision Evaluate(const CompiledPolicy& policy, const Order& order, const EvalOptions& options);
// The same into `out`, overwriting it: a Decision reused from order to order keeps the capacity
// of its strings and vectors, so a hot loop that reuses one does not allocate per order.
void Evaluate(const CompiledPolicy& policy, const Order& order, const EvalOptions& options, Decision& out);

// decisions.md JSON, one line, no trailing newline.
std::string DecisionToJson(const Decision& decision);
// The same line appended to `out` (no newline): a caller writing many decisions reuses one buffer.
void AppendDecisionJson(const Decision& decision, std::string& out);
// The error record of decisions.md for an order that cannot be evaluated.
std::string ErrorRecordToJson(int64_t line, const std::optional<std::string>& order_id, const OrderError& error);
// The same record appended to `out` (no newline).
void AppendErrorRecordJson(int64_t line, const std::optional<std::string>& order_id, const OrderError& error,
                           std::string& out);

}  // namespace refund
