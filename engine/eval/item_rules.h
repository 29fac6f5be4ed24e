// Deciding each requested item: first-match item rules, quotas counted through history and
// earlier items of the order, amounts, sub-items that inherit their parent's rule.
//
// Cost: linear in items + history entries (times the policy's size), n log n at worst. Nothing
// recurses on what an order shapes: parent chains are followed in a loop, each link once
// (Resolve); a quota's history is grouped once per order (quotas.cc), so an item's count is a
// lookup; grants of earlier lines are found through an index once there are many groups.
#pragma once

#include <map>
#include <unordered_map>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/eval/value.h"
#include "engine/model/policy.h"
#include "refund/decision.h"

namespace refund::eval {

// A reason code an item got: its text, its index into the policy's codes, the rule it came from.
struct ItemCode {
  std::string_view code;
  int index = -1;
  const model::Rule* rule = nullptr;
};

// What an item got, before it becomes an ItemDecision. Strings are views into the policy or the
// order, which outlive the evaluation. The facts are plain values, reset by assignment (Reset);
// the lists are in ItemResult, cleared so that they keep their capacity when a Workspace is reused.
struct ItemFacts {
  int index = -1;
  const model::Rule* rule = nullptr;       // the rule that matched this item
  const model::Rule* effective = nullptr;  // the rule whose action applied (a parent's, for inherit)
  int64_t refund = 0;
  int64_t refundable = 0;
  int64_t paid = 0;                        // all tenders
  int64_t parts[4] = {0, 0, 0, 0};         // by model::Tender
  const model::Formula* formula = nullptr; // the formula whose steps were computed, if any
  bool review = false;
  std::optional<Instant> deadline;
  std::optional<Instant> window_end;
  std::string_view quota_group;
  int64_t quota_limit = 0;
  std::optional<std::string_view> quota_used_by;  // the first counted history entry's order
  std::optional<Instant> quota_used_at;    // the date of the history entry that used it
  std::string_view quota_used_by_line;     // an earlier line of this order that took the grant
  std::optional<Instant> quota_first_at;   // the earliest counted history entry
  int64_t quota_used = 0;                  // grants counted when the quota was asked for
  int quota = -1;                          // the quota asked for, if any
  bool resolved = false;
};

struct ItemResult : ItemFacts {
  std::vector<ItemCode> codes;
  std::vector<Value> steps;                // the formula's steps' values, in order
  std::vector<int> step_rows;              // tables: the row that applied, else -1
  std::vector<int> quota_blocked;          // rule indexes blocked by quota for this item

  // Back to a fresh result for item `index`, keeping the lists' capacity.
  void Reset(int item_index) {
    static constexpr ItemFacts kFresh{};  // copied, not built on the stack each time
    static_cast<ItemFacts&>(*this) = kFresh;
    index = item_index;
    codes.clear();
    steps.clear();
    step_rows.clear();
    quota_blocked.clear();
  }
  // The index of the formula step called `name` (into `steps` and formula->steps), or -1.
  int StepIndex(std::string_view name) const;
};

// Grants of a quota group taken by earlier lines of the order being evaluated.
struct Grant {
  int quota = -1;
  std::string_view group;
  int64_t count = 0;
  std::string_view first_line;  // the line that took the first grant
};

// The history entries a quota counts that share one group (all of them when the quota's history
// has no group).
struct HistoryTally {
  std::string_view group;
  int64_t count = 0;
  const HistoryRefund* first = nullptr;  // the first counted entry, in the history's order
  Instant earliest;                      // the earliest date of a counted entry
  HistoryTally& operator+=(const HistoryRefund& entry);  // counts one more (quotas.cc)
};

// A quota's counted history for the order being evaluated, grouped once on first use.
struct QuotaHistory {
  bool built = false;
  std::vector<HistoryTally> tallies;  // sorted by group
};

// Memory one evaluation works in; reused from order to order so that deciding an order does not
// allocate once the workspace has grown to the orders' size.
struct Workspace {
  std::vector<ItemResult> results;  // by item index
  std::vector<char> requested;      // by item index: whether the request asks for it (MarkRequested)
  std::vector<Grant> grants;
  std::map<std::pair<int, std::string_view>, size_t> grant_index;  // (quota, group) -> grants; many groups only
  std::vector<QuotaHistory> quota_history;  // by quota index
  std::unordered_map<std::string_view, size_t> tally_index;  // group -> a quota's tallies; many groups only
  std::vector<int> chain;           // Resolve's walk up parent links
  std::vector<ItemDecision> spare_items;  // see reuse.h
  std::vector<Reason> spare_reasons;
};

// Fills `requested` (by item index) with Order::IsRequested for every item, in one pass over the
// items and the request: IsRequested itself scans request.items, quadratic when called per item.
void MarkRequested(const Order& order, std::vector<char>& requested);

class ItemEvaluator {
 public:
  // `coverage`: where to record branches taken, or null (see coverage.h).
  ItemEvaluator(const model::Policy& policy, const compile::Tree& tree, const Order& order, const WindowResolver& windows,
                Workspace& workspace, CoverageSink* coverage = nullptr, TraceSink* trace = nullptr);
  // Decides every requested item; the results are workspace.results[i] for each requested i.
  // workspace.requested must have been filled for this order (MarkRequested).
  void Run();

 private:
  const model::Rule* FirstMatch(const compile::RuleList& list, ItemResult& state, const Scope& scope);
  bool TakeQuota(const model::Rule& rule, ItemResult& state, const Scope& scope);
  int64_t HistoryCount(int quota, std::string_view group, ItemResult& state);
  const QuotaHistory& HistoryOf(int quota);
  HistoryTally& TallyOf(std::vector<HistoryTally>& tallies, std::string_view group, const HistoryRefund& entry);
  Grant& GrantsOf(int quota, std::string_view group);
  void Apply(const model::Rule& rule, ItemResult& state, bool inherited);
  // False when a guard or a missing value ended it without an amount.
  bool ApplyFormula(const model::Formula& formula, const model::Rule& rule, ItemResult& state, Scope& scope);
  void Resolve(int index);
  void Settle(int index);  // an inheriting item whose parent is settled (or absent)
  Scope ItemScope(const ItemResult& state) const;

  const model::Policy& policy_;
  const compile::Tree& tree_;
  const Order& order_;
  const WindowResolver& windows_;
  CoverageSink* coverage_;
  TraceSink* trace_;
  Workspace& workspace_;
  std::vector<ItemResult>& results_;  // by item index
  std::vector<Grant>& grants_;
  const std::vector<char>& requested_;  // by item index
};

}  // namespace refund::eval

namespace refund::eval {
// An item's result as trace data: amounts, the window its rule measured, the quota, the steps.
ItemTrace TraceItem(const model::Policy& policy, const Order& order, const WindowResolver& windows,
                    const ItemResult& result);
// A line an order rule decided: nothing refunded; what it paid is forfeited unless it is unpaid.
ItemTrace TraceGateItem(const model::Rule& gate, const Order& order, int index);
}  // namespace refund::eval
