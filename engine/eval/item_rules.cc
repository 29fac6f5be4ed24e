// Item-level evaluation (see item_rules.h). Quota grants are counted in the order's array order;
// items whose rule inherits are resolved after every other item, link by link up to the top.
#include "engine/eval/item_rules.h"

#include <algorithm>

#include "engine/source/same_text.h"

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

// A formula step's value as a trace line; out of line, so that ApplyFormula stays small.
[[gnu::noinline]] void TraceStep(const model::Step& step, const Value& v, const Scope& scope) {
  std::string& text = scope.trace->Line(scope.depth + 1, &step.where);
  text += "step ";
  text += step.name;
  text += " = ";
  AppendTraceText(v, *scope.policy, text);
}

int64_t PaidTotal(const Tenders& p) { return p.cash + p.stored_card + p.voucher + p.coupon; }

// Splits the refund over the returned tenders in proportion to what each paid.
void SplitOverTenders(const Tenders& paid, const std::vector<model::Tender>& tenders, Rounding rounding,
                      ItemResult& state) {
  int64_t weights[4], parts[4];  // a tender set names each of the four tenders at most once
  const size_t n = std::min<size_t>(tenders.size(), 4);
  for (size_t i = 0; i < n; ++i) weights[i] = PaidIn(paid, tenders[i]);
  Money::SplitProportionally(state.refund, {weights, n}, rounding, {parts, n});
  for (size_t i = 0; i < n; ++i) state.parts[static_cast<int>(tenders[i])] = parts[i];
}

}  // namespace

int ItemResult::StepIndex(std::string_view name) const {
  if (!formula) return -1;
  for (size_t i = 0; i < steps.size() && i < formula->steps.size(); ++i)
    if (SameText(formula->steps[i].name, name)) return static_cast<int>(i);
  return -1;
}

ItemEvaluator::ItemEvaluator(const model::Policy& policy, const compile::Tree& tree, const Order& order,
                             const WindowResolver& windows, Workspace& workspace, CoverageSink* coverage,
                             TraceSink* trace)
    : policy_(policy), tree_(tree), order_(order), windows_(windows), coverage_(coverage), trace_(trace),
      results_(workspace.results), grants_(workspace.grants) {
  if (results_.size() < order.items.size()) results_.resize(order.items.size());
  grants_.clear();
}

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

void ItemEvaluator::Run() {
  for (size_t i = 0; i < order_.items.size(); ++i) results_[i].Reset(static_cast<int>(i));
  for (size_t i = 0; i < order_.items.size(); ++i) {
    if (!order_.IsRequested(static_cast<int>(i))) continue;
    ItemResult& state = results_[i];
    Scope scope = ItemScope(state);
    if (kTraceBuilt && trace_) (trace_->Line(0) += "item ") += order_.items[i].id;
    state.rule = FirstMatch(tree_.item_rules, state, scope);
    if (state.rule && state.rule->refund != RefundKind::kInherit) Apply(*state.rule, state, false);
    else if (!state.rule) state.resolved = true;  // no rule at all: nothing refunded
  }
  for (size_t i = 0; i < order_.items.size(); ++i)
    if (order_.IsRequested(static_cast<int>(i))) Resolve(static_cast<int>(i));
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
      if (Tracing(scope)) ((scope.trace->Line(scope.depth + 1) += "quota ") += policy_.quotas[rule.quota].name) += " used up";
      state.quota_blocked.push_back(rule.index);
      continue;
    }
    Reach(scope, &rule);
    return &rule;
  }
  return nullptr;
}

int64_t ItemEvaluator::HistoryCount(const model::Quota& quota, std::string_view group, ItemResult& state) {
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

Grant& ItemEvaluator::GrantsOf(int quota, std::string_view group) {
  for (Grant& grant : grants_)
    if (grant.quota == quota && grant.group == group) return grant;
  return grants_.emplace_back(Grant{quota, group, 0, {}});
}

bool ItemEvaluator::TakeQuota(const Rule& rule, ItemResult& state, const Scope& scope) {
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
  int64_t used = HistoryCount(quota, group, state) + granted.count;
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
    state.codes.push_back({rule.code, rule.code_index, &rule});
  }
  if (rule.window >= 0) {
    state.window_end = windows_.End(rule.window, scope);
    if (rule.deadline && state.window_end && *state.window_end > order_.request.at) state.deadline = state.window_end;
  }
  if (!inherited)
    for (const model::Also& also : rule.also) {
      if (!Holds(also.when, scope)) continue;
      Reach(scope, &also);
      state.codes.push_back({also.code, also.code_index, &rule});
    }
  if (refunding) {
    for (const model::Note& note : policy_.notes) {
      if (!Holds(note.when, scope)) continue;
      Reach(scope, &note);
      state.codes.push_back({note.code, note.code_index, &rule});
    }
  }
  SplitOverTenders(item.paid, tenders, policy_.rounding, state);
}

bool ItemEvaluator::ApplyFormula(const model::Formula& formula, const Rule& rule, ItemResult& state, Scope& scope) {
  for (const model::FormulaExit& guard : formula.guards) {
    if (!guard.when || !Holds(*guard.when, scope)) continue;
    Reach(scope, &guard);
    state.codes.push_back({guard.code, guard.code_index, &rule});
    state.review = state.review || guard.review;
    return false;
  }
  scope.steps = &state.steps;
  state.formula = &formula;
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
    if (Tracing(scope)) TraceStep(step, v, scope);
    state.step_rows.push_back(step.value ? -1 : chosen);
    state.steps.push_back(std::move(v));
  }
  Value refund = EvaluateExpr(formula.refund, scope);
  std::optional<int64_t> minor = refund.present ? refund.number.Round(policy_.rounding) : std::nullopt;
  if (!minor) {
    if (formula.unavailable) {
      Reach(scope, &*formula.unavailable);
      state.codes.push_back({formula.unavailable->code, formula.unavailable->code_index, &rule});
      state.review = state.review || formula.unavailable->review;
    } else {
      state.codes.push_back({rule.code, rule.code_index, &rule});
    }
    return false;
  }
  state.refund = std::clamp<int64_t>(*minor, 0, state.refundable);
  state.codes.push_back({rule.code, rule.code_index, &rule});
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
    state.codes.push_back({inherit.orphan_code, inherit.orphan_code_index, &inherit});
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
