// Coverage of the evaluation tree: which branches evaluation took, for `refundctl test
// --coverage`. Opt-in through EvalOptions::coverage; when it is null, evaluation records nothing.
//
//   refund::eval::CoverageSink sink;
//   refund::Evaluate(policy, order, {.coverage = &sink});          // any number of orders
//   for (const auto& b : refund::eval::UnreachedBranches(policy.model(), sink))
//     print(b.label, b.where.file, b.where.line);
//
// A branch is a node of the model, named by its address (the compiled policy is immutable, so
// addresses are stable for its lifetime): a Rule (leaf or group), a formula guard, a formula's
// `unavailable` exit (FormulaExit), a TableRow, an Also, a Note, a ReviewRule, a WindowCase, a
// Signal.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "engine/model/policy.h"

namespace refund::eval {

// Records the branches taken. Not thread-safe: one sink per evaluating thread.
class CoverageSink {
 public:
  void Reach(const void* node) { reached_.insert(node); }
  bool Reached(const void* node) const { return reached_.count(node) > 0; }
  size_t size() const { return reached_.size(); }

 private:
  std::set<const void*> reached_;
};

// One branch of a policy, for reports: `rule plan-unused`, `guard by_days_used#1` (1-based),
// `unavailable by_days_used`, `row hourly.rate#3`, `also partial-by-days-used#1`,
// `note voucher-not-refunded`, `window plan_unused#2`, `signal security-risk`,
// `review large-refund`.
struct Branch {
  const void* node = nullptr;
  std::string label;  // what reports show and `unreachable:` declarations name
  model::SourceRef where;
};

// Every branch of the policy, in a stable order: order rules, item rules (pre-order), formulas
// (guards, unavailable, table rows), alsos, notes, windows, signals, review rules.
std::vector<Branch> ListBranches(const model::Policy& policy);
// The branches `sink` has not recorded, in ListBranches order.
std::vector<Branch> UnreachedBranches(const model::Policy& policy, const CoverageSink& sink);

}  // namespace refund::eval
