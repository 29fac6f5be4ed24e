// Quotas (see item_rules.h): how many grants of an item's quota group the history and the
// earlier lines of the order already used.
//
// Cost: a quota's history is filtered and grouped once per order, on its first use (linear in
// history entries, through a hash index once there are many groups; then its groups are sorted),
// so each item then costs one binary search: items + entries, not items x entries. Earlier lines' grants are scanned while there are
// few groups (the usual order) and found through an ordered index past kScanGrants.
#include <algorithm>
#include <string_view>
#include <vector>

#include "engine/eval/item_rules.h"
#include "engine/eval/work.h"

namespace refund::eval {
namespace {

// Orders whose lines have used at most this many (quota, group) pairs find a grant by scanning;
// a quota's history with at most this many groups finds an entry's tally by scanning.
constexpr size_t kScanGrants = 16;
constexpr size_t kScanTallies = 16;

}  // namespace

// Counts one more entry; entries come in the history's order, so the first one stays first.
HistoryTally& HistoryTally::operator+=(const HistoryRefund& entry) {
  if (count == 0 || entry.at < earliest) earliest = entry.at;
  if (count == 0) first = &entry;
  ++count;
  return *this;
}

// The tally of `group` (made when new), in the order groups were first met.
HistoryTally& ItemEvaluator::TallyOf(std::vector<HistoryTally>& tallies, std::string_view group, const HistoryRefund& entry) {
  auto& index = workspace_.tally_index;
  if (index.empty()) {
    for (HistoryTally& tally : tallies)
      if (tally.group == group) return tally;
    tallies.push_back({group, 0, &entry, entry.at});
    if (tallies.size() > kScanTallies)
      for (size_t t = 0; t < tallies.size(); ++t) index.emplace(tallies[t].group, t);
    return tallies.back();
  }
  auto [at, added] = index.emplace(group, tallies.size());
  if (added) tallies.push_back({group, 0, &entry, entry.at});
  return tallies[at->second];
}

const QuotaHistory& ItemEvaluator::HistoryOf(int quota_index) {
  QuotaHistory& history = workspace_.quota_history[quota_index];
  if (history.built) return history;
  history.built = true;
  history.tallies.clear();
  const model::Quota& quota = policy_.quotas[quota_index];
  Scope scope;
  scope.policy = &policy_;
  scope.order = &order_;
  const Instant now = order_.request.at;
  if (!workspace_.tally_index.empty()) workspace_.tally_index.clear();  // TallyOf's, for this quota
  ThreadWork().history_entries += order_.history.size();
  const int now_year = quota.period == model::Quota::Period::kCalendarYear ? policy_.zone->Year(now) : 0;
  for (const HistoryRefund& entry : order_.history) {
    scope.entry = &entry;
    if (quota.history_filter && !Holds(*quota.history_filter, scope)) continue;
    std::string_view group;  // a view into the order or the policy, like every text value
    if (quota.history_group) {
      Value g = EvaluateExpr(*quota.history_group, scope);
      if (!g.present) continue;
      group = g.text;
    }
    if (quota.period == model::Quota::Period::kCalendarYear && policy_.zone->Year(entry.at) != now_year) continue;
    if (quota.period == model::Quota::Period::kRolling && !(entry.at > now - quota.rolling && entry.at <= now)) continue;
    TallyOf(history.tallies, group, entry) += entry;
  }
  std::sort(history.tallies.begin(), history.tallies.end(),
            [](const HistoryTally& a, const HistoryTally& b) { return a.group < b.group; });
  return history;
}

// Counted history entries of the group; sets the item's quota facts from the first of them.
int64_t ItemEvaluator::HistoryCount(int quota_index, std::string_view group, ItemResult& state) {
  const QuotaHistory& history = HistoryOf(quota_index);
  const HistoryTally* tally = nullptr;
  if (!policy_.quotas[quota_index].history_group) {  // every counted entry counts for every group
    if (!history.tallies.empty()) tally = &history.tallies.front();
  } else {
    auto found = std::lower_bound(history.tallies.begin(), history.tallies.end(), group,
                                  [](const HistoryTally& t, std::string_view g) { return t.group < g; });
    if (found != history.tallies.end() && found->group == group) tally = &*found;
  }
  if (!tally) return 0;
  state.quota_used_by = tally->first->order_id;
  state.quota_used_at = tally->first->at;
  state.quota_first_at = tally->earliest;
  return tally->count;
}

Grant& ItemEvaluator::GrantsOf(int quota, std::string_view group) {
  auto& index = workspace_.grant_index;
  if (index.empty()) {
    for (Grant& grant : grants_) {
      ++ThreadWork().grant_probes;
      if (grant.quota == quota && grant.group == group) return grant;
    }
    grants_.push_back(Grant{quota, group, 0, {}});
    if (grants_.size() > kScanGrants)
      for (size_t g = 0; g < grants_.size(); ++g) index.emplace(std::make_pair(grants_[g].quota, grants_[g].group), g);
    return grants_.back();
  }
  ++ThreadWork().grant_probes;
  auto [at, added] = index.emplace(std::make_pair(quota, group), grants_.size());
  if (added) grants_.push_back(Grant{quota, group, 0, {}});
  return grants_[at->second];
}

bool ItemEvaluator::TakeQuota(const model::Rule& rule, ItemResult& state, const Scope& scope) {
  const model::Quota& quota = policy_.quotas[rule.quota];
  std::string_view group;  // a view into the order or the policy, like every text value
  if (quota.item_group) {
    Value g = EvaluateExpr(*quota.item_group, scope);
    if (g.present) group = g.text;
  }
  state.quota_used_by.reset();
  state.quota_used_at.reset();
  state.quota_first_at.reset();
  Grant& granted = GrantsOf(rule.quota, group);
  int64_t used = HistoryCount(rule.quota, group, state) + granted.count;
  state.quota_group = group;
  state.quota_limit = quota.limit;
  state.quota_used = used;
  state.quota = rule.quota;
  if (!state.quota_used_by && granted.count > 0) {
    state.quota_used_by = order_.id;
    state.quota_used_by_line = granted.first_line;
  }
  if (used >= quota.limit) return false;
  if (granted.count == 0) granted.first_line = order_.items[state.index].id;
  ++granted.count;
  return true;
}

}  // namespace refund::eval
