// Comparing two decisions of one order (see decision_change.h).
#include "engine/diff/decision_change.h"

#include <algorithm>
#include <set>

namespace refund::diff {
namespace {

bool SameReasons(const std::vector<Reason>& a, const std::vector<Reason>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const Reason& x, const Reason& y) { return x.code == y.code && x.rule == y.rule; });
}

bool SameParts(const std::vector<TenderAmount>& a, const std::vector<TenderAmount>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const TenderAmount& x, const TenderAmount& y) { return x.tender == y.tender && x.minor == y.minor; });
}

bool SameItem(const ItemDecision& a, const ItemDecision& b) {
  return a.id == b.id && a.outcome == b.outcome && a.refund == b.refund && a.rule == b.rule &&
         SameParts(a.parts, b.parts) && SameReasons(a.reasons, b.reasons);
}

// Rules of the order-level reasons that only one of the decisions has.
void AddOrderLevelRules(const Decision& a, const Decision& b, std::set<std::string>& rules) {
  std::set<std::string> in_a, in_b;
  for (const Reason& r : a.reasons) in_a.insert(r.rule);
  for (const Reason& r : b.reasons) in_b.insert(r.rule);
  std::set_symmetric_difference(in_a.begin(), in_a.end(), in_b.begin(), in_b.end(), std::inserter(rules, rules.end()));
}

}  // namespace

DecisionChange CompareDecisions(const Decision& base, const Decision& candidate) {
  DecisionChange change;
  std::set<std::string> rules;
  const size_t items = std::max(base.items.size(), candidate.items.size());
  bool items_same = base.items.size() == candidate.items.size();
  for (size_t i = 0; i < items; ++i) {
    const ItemDecision* a = i < base.items.size() ? &base.items[i] : nullptr;
    const ItemDecision* b = i < candidate.items.size() ? &candidate.items[i] : nullptr;
    if (a && b && SameItem(*a, *b)) continue;
    items_same = false;
    if (a) rules.insert(a->rule);
    if (b) rules.insert(b->rule);
  }
  change.changed = !items_same || base.outcome != candidate.outcome || base.review != candidate.review ||
                   base.score != candidate.score || base.refund_total != candidate.refund_total ||
                   base.forfeited != candidate.forfeited || !SameParts(base.refund_parts, candidate.refund_parts) ||
                   !SameReasons(base.reasons, candidate.reasons);
  if (change.changed) AddOrderLevelRules(base, candidate, rules);
  rules.erase("");
  if (change.changed && rules.empty()) rules.insert("(unattributed)");
  change.rules.assign(rules.begin(), rules.end());
  change.deadline_only = !change.changed && base.deadline != candidate.deadline;
  return change;
}

DecisionSummary Summarize(const Decision& decision) {
  DecisionSummary summary{decision.outcome, decision.review, decision.refund_total, ""};
  for (const ItemDecision& item : decision.items) {
    if (!summary.rules.empty()) summary.rules += "; ";
    summary.rules += item.id + " " + item.rule;
    for (const Reason& reason : item.reasons) summary.rules += " " + reason.code;
  }
  return summary;
}

}  // namespace refund::diff
