// An item's result as trace data (see trace.h): evaluated only when a trace is asked for.
#include <fmt/format.h>

#include "engine/eval/item_rules.h"

namespace refund::eval {
namespace {

// The first rounding function of an expression, in pre-order: how the step's value was rounded.
model::Function RoundingOf(const model::Expr& e, int depth = 0) {
  using model::Function;
  if (e.op == model::Op::kCall && (e.function == Function::kCeil || e.function == Function::kFloor ||
                                   e.function == Function::kRound || e.function == Function::kCeilHour ||
                                   e.function == Function::kFloorHour))
    return e.function;
  if (depth > 64) return Function::kNone;
  for (const model::Expr& arg : e.args)
    if (Function f = RoundingOf(arg, depth + 1); f != Function::kNone) return f;
  return Function::kNone;
}

StepFact StepOf(const model::Formula& formula, const ItemResult& r, size_t i) {
  StepFact fact;
  fact.name = formula.steps[i].name;
  fact.percent = formula.steps[i].percent;
  fact.value = ToTraceValue(r.steps[i]);
  const model::Step& step = formula.steps[i];
  fact.where = step.where;
  fact.row = i < r.step_rows.size() ? r.step_rows[i] : -1;
  if (step.value) {
    std::string scratch;
    fact.expr = model::TraceTextOf(*step.value, scratch);
    fact.rounding = RoundingOf(*step.value);
  }
  else if (fact.row >= 0 && fact.row < static_cast<int>(step.table.size())) {
    const model::TableRow& row = step.table[fact.row];
    fact.expr = row.when ? "when " + model::DumpExpr(*row.when) : "otherwise";
    fact.where = row.where;
  }
  return fact;
}

QuotaFact QuotaOf(const model::Policy& policy, const Order& order, const ItemResult& r) {
  const model::Quota& quota = policy.quotas[r.quota];
  QuotaFact fact;
  fact.name = quota.name;
  fact.group = std::string(r.quota_group);
  fact.limit = r.quota_limit;
  fact.used = r.quota_used;
  fact.granted = r.rule && r.rule->quota == r.quota;
  fact.year = policy.zone->Year(order.request.at);
  if (r.quota_used_by) fact.used_by = std::string(*r.quota_used_by);
  fact.used_at = r.quota_used_at;
  fact.used_by_line = std::string(r.quota_used_by_line);
  if (quota.period == model::Quota::Period::kCalendarYear) fact.renews_at = policy.zone->StartOfYear(fact.year + 1);
  if (quota.period == model::Quota::Period::kRolling && r.quota_first_at) fact.renews_at = *r.quota_first_at + quota.rolling;
  return fact;
}

}  // namespace

ItemTrace TraceItem(const model::Policy& policy, const Order& order, const WindowResolver& windows,
                    const ItemResult& r) {
  const Item& item = order.items[r.index];
  ItemTrace t;
  t.index = r.index;
  t.id = item.id;
  if (r.rule) {
    t.rule = r.rule->id;
    t.rule_where = r.rule->where;
  }
  const model::Rule* applied = r.effective ? r.effective : r.rule;
  if (applied) {
    t.applied = applied->id;
    t.applied_where = applied->where;
  }
  if (r.rule && r.effective && r.rule != r.effective) t.parent = item.parent;
  t.paid = item.paid;
  t.paid_total = r.paid;
  if (applied && applied->refund != model::RefundKind::kInherit)
    t.returned = policy.tender_sets[applied->tenders].tenders;
  t.refundable = r.refundable;
  t.unreturned = r.paid - r.refundable;
  t.refund = r.refund;
  t.withheld = r.refundable - r.refund;
  t.parts.reserve(policy.decision_tenders.size());
  for (model::Tender tender : policy.decision_tenders)
    t.parts.push_back({std::string(model::TenderName(tender)), r.parts[static_cast<int>(tender)]});
  if (applied && applied->refund == model::RefundKind::kFormula) {
    const model::Formula& formula = policy.formulas[applied->formula];
    t.formula = formula.name;
    t.steps.reserve(r.steps.size());
    for (size_t i = 0; i < r.steps.size() && i < formula.steps.size(); ++i) t.steps.push_back(StepOf(formula, r, i));
    if (r.steps.empty() && !r.codes.empty()) t.exit_code = std::string(r.codes.front().code);
  }
  Scope scope;
  scope.policy = &policy;
  scope.order = &order;
  scope.item = &item;
  scope.windows = &windows;
  if (applied && applied->window >= 0) {
    Scope window_scope = scope;
    if (t.parent && r.rule->window_of_parent) window_scope.item = &order.items[item.parent_index];
    t.window = windows.Fact(applied->window, window_scope);
  }
  if (r.quota >= 0) t.quota = QuotaOf(policy, order, r);
  return t;
}

ItemTrace TraceGateItem(const model::Rule& gate, const Order& order, int index) {
  const Item& item = order.items[index];
  ItemTrace t;
  t.index = index;
  t.id = item.id;
  t.rule = t.applied = gate.id;
  t.rule_where = t.applied_where = gate.where;
  t.paid = item.paid;
  t.paid_total = item.paid.cash + item.paid.stored_card + item.paid.voucher + item.paid.coupon;
  t.withheld = order.status == "unpaid" ? 0 : t.paid_total;  // an unpaid order forfeits nothing
  return t;
}

}  // namespace refund::eval
