// Item-level evaluation (see item_rules.h). Quota grants are counted in the order's array order;
// items whose rule inherits are resolved after every other item, link by link up to the top.
#include "engine/eval/item_rules.h"

#include <algorithm>

namespace refund::eval {
namespace {


using model::RefundKind;
using model::Rule;

int64_t PaidIn(const Tenders& paid, model::Tender tender) {
  switch (tender) {
    case model::Tender::kCash: return paid.cash;
    case model::Tender::kStoredCard: return paid.stored_card;
    case model::Tender::kVoucher: return paid.voucher;
    case model::Tender::kCoupon: return paid.coupon;
  }
  return 0;
}

int64_t PaidTotal(const Tenders& p) { return p.cash + p.stored_card + p.voucher + p.coupon; }

}  // namespace

ItemEvaluator::ItemEvaluator(const model::Policy& policy, const compile::Tree& tree, const Order& order,
                             const WindowResolver& windows, CoverageSink* coverage, TraceSink* trace)
    : policy_(policy), tree_(tree), order_(order), windows_(windows), coverage_(coverage), trace_(trace),
      results_(order.items.size()) {}

Scope ItemEvaluator::ItemScope(const ItemResult& state) const {
  Scope scope;
  scope.policy = &policy_;
  scope.order = &order_;
  scope.item = &order_.items[state.index];
  scope.windows = &windows_;
  scope.quota_blocked = &state.quota_blocked;
  scope.coverage = coverage_;
  scope.trace = trace_;
  return scope;
}

std::vector<ItemResult> ItemEvaluator::Run() {
  for (size_t i = 0; i < order_.items.size(); ++i) results_[i].index = static_cast<int>(i);
  for (size_t i = 0; i < order_.items.size(); ++i) {
    if (!order_.IsRequested(static_cast<int>(i))) continue;
    ItemResult& state = results_[i];
    Scope scope = ItemScope(state);
    if (trace_) trace_->Event(0, "item " + order_.items[i].id);
    state.rule = FirstMatch(tree_.item_rules, state, scope);
    if (state.rule && state.rule->refund != RefundKind::kInherit) Apply(*state.rule, state, false);
    else if (!state.rule) state.resolved = true;  // no rule at all: nothing refunded
  }
  for (size_t i = 0; i < order_.items.size(); ++i)
    if (order_.IsRequested(static_cast<int>(i))) Resolve(static_cast<int>(i));
  std::vector<ItemResult> out;  // moved out only once every item (and so every parent) is resolved
  for (size_t i = 0; i < order_.items.size(); ++i)
    if (order_.IsRequested(static_cast<int>(i))) out.push_back(std::move(results_[i]));
  return out;
}

const Rule* ItemEvaluator::FirstMatch(const compile::RuleList& list, ItemResult& state, const Scope& scope) {
  for (int position : Candidates(list, scope)) {
    const Rule& rule = (*list.rules)[position];
    if (!RuleHolds(rule, scope)) continue;
    if (!rule.children.empty()) {
      Reach(scope, &rule);
      Scope inner_scope = scope;
      ++inner_scope.depth;
      if (const Rule* inner = FirstMatch(list.children.at(position), state, inner_scope)) return inner;
      continue;
    }
    if (rule.quota >= 0 && !TakeQuota(rule, state, scope)) {
      if (scope.trace) scope.trace->Event(scope.depth + 1, "quota " + policy_.quotas[rule.quota].name + " used up");
      state.quota_blocked.insert(rule.index);
      continue;
    }
    Reach(scope, &rule);
    return &rule;
  }
  return nullptr;
}

int64_t ItemEvaluator::HistoryCount(const model::Quota& quota, const std::string& group, ItemResult& state) {
  Scope scope;
  scope.policy = &policy_;
  scope.order = &order_;
  const Instant now = order_.request.at;
  int64_t count = 0;
  for (const HistoryRefund& entry : order_.history) {
    scope.entry = &entry;
    if (quota.history_filter && !Holds(*quota.history_filter, scope)) continue;
    if (quota.history_group) {
      Value g = EvaluateExpr(*quota.history_group, scope);
      if (!g.present || g.text != group) continue;
    }
    if (quota.period == model::Quota::Period::kCalendarYear &&
        policy_.zone->Year(entry.at) != policy_.zone->Year(now)) continue;
    if (quota.period == model::Quota::Period::kRolling && !(entry.at > now - quota.rolling && entry.at <= now)) continue;
    if (!state.quota_used_by) {
      state.quota_used_by = entry.order_id;
      state.quota_used_at = entry.at;
    }
    if (!state.quota_first_at || entry.at < *state.quota_first_at) state.quota_first_at = entry.at;
    ++count;
  }
  return count;
}

bool ItemEvaluator::TakeQuota(const Rule& rule, ItemResult& state, const Scope& scope) {
  const model::Quota& quota = policy_.quotas[rule.quota];
  std::string group;
  if (quota.item_group) {
    Value g = EvaluateExpr(*quota.item_group, scope);
    group = g.present ? std::string(g.text) : std::string();
  }
  state.quota_used_by.reset();
  state.quota_used_at.reset();
  state.quota_first_at.reset();
  int64_t used = HistoryCount(quota, group, state) + granted_[{rule.quota, group}];
  state.quota_group = group;
  state.quota_limit = quota.limit;
  state.quota_used = used;
  state.quota = rule.quota;
  if (!state.quota_used_by && granted_[{rule.quota, group}] > 0) {
    state.quota_used_by = order_.id;
    state.quota_used_by_line = first_grant_[{rule.quota, group}];
  }
  if (used >= quota.limit) return false;
  if (granted_[{rule.quota, group}] == 0) first_grant_[{rule.quota, group}] = order_.items[state.index].id;
  ++granted_[{rule.quota, group}];
  return true;
}

void ItemEvaluator::Apply(const Rule& rule, ItemResult& state, bool inherited) {
  const Item& item = order_.items[state.index];
  Scope scope = ItemScope(state);
  state.effective = &rule;
  state.resolved = true;
  state.paid = PaidTotal(item.paid);
  const auto& tenders = policy_.tender_sets[rule.tenders].tenders;
  for (model::Tender t : tenders) state.refundable += PaidIn(item.paid, t);
  scope.refundable = state.refundable;
  scope.unreturned = state.paid - state.refundable;
  state.review = state.review || rule.review;
  bool refunding = rule.refund == RefundKind::kFull || rule.refund == RefundKind::kFormula;
  if (rule.refund == RefundKind::kFull) state.refund = state.refundable;
  if (rule.refund == RefundKind::kFormula) {
    refunding = ApplyFormula(policy_.formulas[rule.formula], rule, state, scope);
  } else {
    state.codes.push_back({rule.code, &rule});
  }
  if (rule.window >= 0) {
    state.window_end = windows_.End(rule.window, scope);
    if (rule.deadline && state.window_end && *state.window_end > order_.request.at) state.deadline = state.window_end;
  }
  if (!inherited)
    for (const model::Also& also : rule.also) {
      if (!Holds(also.when, scope)) continue;
      Reach(scope, &also);
      state.codes.push_back({also.code, &rule});
    }
  if (refunding) {
    for (const model::Note& note : policy_.notes) {
      if (!Holds(note.when, scope)) continue;
      Reach(scope, &note);
      state.codes.push_back({note.code, &rule});
    }
  }
  // Split the refund over the returned tenders in proportion to what each paid.
  std::vector<int64_t> weights;
  for (model::Tender t : tenders) weights.push_back(PaidIn(item.paid, t));
  std::vector<int64_t> parts = Money::SplitProportionally(state.refund, weights, policy_.rounding);
  for (size_t i = 0; i < tenders.size(); ++i) state.parts[static_cast<int>(tenders[i])] = parts[i];
}

bool ItemEvaluator::ApplyFormula(const model::Formula& formula, const Rule& rule, ItemResult& state, Scope& scope) {
  for (const model::FormulaExit& guard : formula.guards) {
    if (!guard.when || !Holds(*guard.when, scope)) continue;
    Reach(scope, &guard);
    state.codes.push_back({guard.code, &rule});
    state.review = state.review || guard.review;
    return false;
  }
  scope.steps = &state.steps;
  for (const model::Step& step : formula.steps) {
    Value v;
    int chosen = -1;
    if (step.value) {
      v = EvaluateExpr(*step.value, scope);
    } else {
      for (const model::TableRow& row : step.table) {
        ++chosen;
        if (row.when && !Holds(*row.when, scope)) continue;
        Reach(scope, &row);
        v = EvaluateExpr(row.value, scope);
        break;
      }
    }
    if (scope.trace) scope.trace->Event(scope.depth + 1, "step " + step.name + " = " + TraceText(v, policy_), step.where);
    state.step_rows.push_back(step.value ? -1 : chosen);
    state.step_names.push_back(step.name);
    state.steps.push_back(std::move(v));
  }
  Value refund = EvaluateExpr(formula.refund, scope);
  std::optional<int64_t> minor = refund.present ? refund.number.Round(policy_.rounding) : std::nullopt;
  if (!minor) {
    if (formula.unavailable) {
      Reach(scope, &*formula.unavailable);
      state.codes.push_back({formula.unavailable->code, &rule});
      state.review = state.review || formula.unavailable->review;
    } else {
      state.codes.push_back({rule.code, &rule});
    }
    return false;
  }
  state.refund = std::clamp<int64_t>(*minor, 0, state.refundable);
  state.codes.push_back({rule.code, &rule});
  return true;
}

void ItemEvaluator::Resolve(int index) {
  ItemResult& state = results_[index];
  if (state.resolved) return;
  state.resolved = true;  // also guards against cycles (rejected when the order is read)
  const Item& item = order_.items[index];
  const Rule& inherit = *state.rule;
  if (item.parent_index < 0 || !order_.IsRequested(item.parent_index)) {
    state.effective = &inherit;
    state.paid = PaidTotal(item.paid);
    state.codes.push_back({inherit.orphan_code, &inherit});
    return;
  }
  Resolve(item.parent_index);
  const ItemResult& parent = results_[item.parent_index];
  if (!parent.effective) return;
  if (parent.effective->refund == RefundKind::kInherit) {  // the parent itself lacked its parent
    state.effective = parent.effective;
    state.paid = PaidTotal(item.paid);
    state.codes.push_back(parent.codes.front());
    return;
  }
  Apply(*parent.effective, state, true);
  state.review = state.review || parent.effective->review;
  if (inherit.window_of_parent) {  // the grant came from the parent's window, not one of the child's
    state.window_end = parent.window_end;
    state.deadline = parent.deadline;
  }
}

}  // namespace refund::eval
