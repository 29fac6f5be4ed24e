// Quotas (see item_rules.h): how many grants of an item's quota group the history and the
// earlier lines of the order already used.
//
// Cost: a quota's history is filtered and grouped once per order, on its first use (linear in
// history entries, plus sorting the counted ones by group), so each item then costs one binary
// search: items + entries, not items x entries. Earlier lines' grants are scanned while there are
// few groups (the usual order) and found through an ordered index past kScanGrants.
#include <algorithm>

#include "engine/eval/item_rules.h"
#include "engine/eval/work.h"

namespace refund::eval {
namespace {

// Orders whose lines have used at most this many (quota, group) pairs find a grant by scanning.
constexpr size_t kScanGrants = 16;

}  // namespace

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
  auto& counted = workspace_.history_scratch;  // (group, entry index), the entries that count
  counted.clear();
  ThreadWork().history_entries += order_.history.size();
  for (size_t e = 0; e < order_.history.size(); ++e) {
    const HistoryRefund& entry = order_.history[e];
    scope.entry = &entry;
    if (quota.history_filter && !Holds(*quota.history_filter, scope)) continue;
    std::string_view group;  // a view into the order or the policy, like every text value
    if (quota.history_group) {
      Value g = EvaluateExpr(*quota.history_group, scope);
      if (!g.present) continue;
      group = g.text;
    }
    if (quota.period == model::Quota::Period::kCalendarYear &&
        policy_.zone->Year(entry.at) != policy_.zone->Year(now)) continue;
    if (quota.period == model::Quota::Period::kRolling && !(entry.at > now - quota.rolling && entry.at <= now)) continue;
    counted.emplace_back(group, static_cast<int>(e));
  }
  std::sort(counted.begin(), counted.end());  // by group, then in the history's order
  for (const auto& [group, e] : counted) {
    const HistoryRefund& entry = order_.history[e];
    if (history.tallies.empty() || history.tallies.back().group != group) {
      history.tallies.push_back({group, 0, &entry, entry.at});
    }
    HistoryTally& tally = history.tallies.back();
    ++tally.count;
    if (entry.at < tally.earliest) tally.earliest = entry.at;
  }
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
