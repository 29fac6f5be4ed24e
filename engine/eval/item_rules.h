// Deciding each requested item: first-match item rules, quotas counted through history and
// earlier items of the order, amounts, sub-items that inherit their parent's rule.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/eval/value.h"
#include "engine/model/policy.h"
#include "refund/decision.h"

namespace refund::eval {

// What an item got, before it becomes an ItemDecision.
struct ItemResult {
  int index = -1;
  const model::Rule* rule = nullptr;       // the rule that matched this item
  const model::Rule* effective = nullptr;  // the rule whose action applied (a parent's, for inherit)
  int64_t refund = 0;
  int64_t refundable = 0;
  int64_t paid = 0;                        // all tenders
  int64_t parts[4] = {0, 0, 0, 0};         // by model::Tender
  std::vector<std::pair<std::string, const model::Rule*>> codes;  // code, rule it came from
  std::vector<std::string> step_names;     // formula facts for messages
  std::vector<Value> steps;
  bool review = false;
  std::optional<Instant> deadline;
  std::optional<Instant> window_end;
  std::set<int> quota_blocked;
  std::string quota_group;
  int64_t quota_limit = 0;
  std::optional<std::string> quota_used_by;
  std::optional<Instant> quota_used_at;
  std::string quota_used_by_line;          // an earlier line of this order that took the grant    // the date of the history entry that used it
  std::optional<Instant> quota_first_at;   // the earliest counted history entry
  int64_t quota_used = 0;                  // grants counted when the quota was asked for
  int quota = -1;                          // the quota asked for, if any
  std::vector<int> step_rows;              // tables: the row that applied, else -1
  bool resolved = false;
};

class ItemEvaluator {
 public:
  // `coverage`: where to record branches taken, or null (see coverage.h).
  ItemEvaluator(const model::Policy& policy, const compile::Tree& tree, const Order& order, const WindowResolver& windows,
                CoverageSink* coverage = nullptr, TraceSink* trace = nullptr);
  // Every requested item, in the order's array order.
  std::vector<ItemResult> Run();

 private:
  const model::Rule* FirstMatch(const compile::RuleList& list, ItemResult& state, const Scope& scope);
  bool TakeQuota(const model::Rule& rule, ItemResult& state, const Scope& scope);
  int64_t HistoryCount(const model::Quota& quota, const std::string& group, ItemResult& state);
  void Apply(const model::Rule& rule, ItemResult& state, bool inherited);
  // False when a guard or a missing value ended it without an amount.
  bool ApplyFormula(const model::Formula& formula, const model::Rule& rule, ItemResult& state, Scope& scope);
  void Resolve(int index);
  Scope ItemScope(const ItemResult& state) const;

  const model::Policy& policy_;
  const compile::Tree& tree_;
  const Order& order_;
  const WindowResolver& windows_;
  CoverageSink* coverage_;
  TraceSink* trace_;
  std::vector<ItemResult> results_;  // by item index
  std::map<std::pair<int, std::string>, int64_t> granted_;  // (quota, group) -> grants in this order
  std::map<std::pair<int, std::string>, std::string> first_grant_;  // (quota, group) -> the line that took it
};

}  // namespace refund::eval

namespace refund::eval {
// An item's result as trace data: amounts, the window its rule measured, the quota, the steps.
ItemTrace TraceItem(const model::Policy& policy, const Order& order, const WindowResolver& windows,
                    const ItemResult& result);
// A line an order rule decided: nothing refunded; what it paid is forfeited unless it is unpaid.
ItemTrace TraceGateItem(const model::Rule& gate, const Order& order, int index);
}  // namespace refund::eval
