// Item-level evaluation (see item_rules.h). Quota grants are counted in the order's array order;
// items whose rule inherits are resolved after every other item, link by link up to the top.
#include "engine/eval/item_rules.h"

#include <algorithm>

#include "engine/eval/work.h"
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
      workspace_(workspace), results_(workspace.results), grants_(workspace.grants), requested_(workspace.requested) {
  if (results_.size() < order.items.size()) results_.resize(order.items.size());
  grants_.clear();
  if (!workspace.grant_index.empty()) workspace.grant_index.clear();
  if (workspace.quota_history.size() < policy.quotas.size()) workspace.quota_history.resize(policy.quotas.size());
  for (QuotaHistory& history : workspace.quota_history) history.built = false;
}

void MarkRequested(const Order& order, std::vector<char>& requested) {
  requested.assign(order.items.size(), order.request.items_given ? 0 : 1);
  if (!order.request.items_given) return;
  for (int index : order.request.items)
    if (index >= 0 && static_cast<size_t>(index) < requested.size()) requested[index] = 1;
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
    if (!requested_[i]) continue;
    ItemResult& state = results_[i];
    Scope scope = ItemScope(state);
    if (kTraceBuilt && trace_) (trace_->Line(0) += "item ") += order_.items[i].id;
    state.rule = FirstMatch(tree_.item_rules, state, scope);
    if (state.rule && state.rule->refund != RefundKind::kInherit) Apply(*state.rule, state, false);
    else if (!state.rule) state.resolved = true;  // no rule at all: nothing refunded
  }
  for (size_t i = 0; i < order_.items.size(); ++i)
    if (requested_[i]) Resolve(static_cast<int>(i));
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

// Walks up from `index` to the first settled item or the top, then settles the walked items
// from the top down: each link is followed once, in a loop, however long the chain.
void ItemEvaluator::Resolve(int index) {
  std::vector<int>& chain = workspace_.chain;
  chain.clear();
  for (int at = index; !results_[at].resolved;) {
    results_[at].resolved = true;  // also ends the walk on a cycle (rejected when the order is read)
    chain.push_back(at);
    const int parent = order_.items[at].parent_index;
    if (parent < 0 || !requested_[parent]) break;
    at = parent;
  }
  ThreadWork().parent_steps += chain.size();
  for (size_t k = chain.size(); k-- > 0;) Settle(chain[k]);
}

void ItemEvaluator::Settle(int index) {
  ItemResult& state = results_[index];
  const Item& item = order_.items[index];
  const Rule& inherit = *state.rule;
  if (item.parent_index < 0 || !requested_[item.parent_index]) {
    state.effective = &inherit;
    state.paid = PaidTotal(item.paid);
    state.codes.push_back({inherit.orphan_code, inherit.orphan_code_index, &inherit});
    return;
  }
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
