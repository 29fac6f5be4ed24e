// Builds amount formulas: guards, named steps (expressions or first-match tables), the refund.
#include <fmt/format.h>

#include <algorithm>

#include "engine/model/build_context.h"

namespace refund::model {
namespace {

std::optional<FormulaExit> BuildExit(BuildContext& ctx, const syntax::Node& node, const ExprScope& scope,
                                     bool needs_condition) {
  if (!ctx.ExpectMap(node, "an exit (`code`, optional `review`)")) return std::nullopt;
  if (needs_condition) ctx.CheckKeys(node, {"when", "code", "review"});
  else ctx.CheckKeys(node, {"code", "review"});
  FormulaExit exit;
  exit.where = ctx.Ref(node);
  if (needs_condition) {
    if (auto* when = ctx.Require(node, "when", "a guard")) exit.when = ctx.Expression(*when, Type::kBool, scope);
  }
  if (auto* code = ctx.Require(node, "code", "an exit")) exit.code = ctx.Text(*code, "a reason code").value_or("");
  if (auto* review = node.Find("review")) exit.review = ctx.Boolean(*review, "`review`").value_or(false);
  return exit;
}

// `fee_rate: { table: [ {when: ..., value: 10%}, ..., {otherwise: true, value: 5%} ] }`
void BuildTable(BuildContext& ctx, const syntax::Node& node, const ExprScope& scope, Step& step) {
  if (!ctx.ExpectList(node, "table rows")) return;
  for (const auto& row_node : node.items()) {
    if (!ctx.ExpectMap(row_node, "a table row")) continue;
    ctx.CheckKeys(row_node, {"when", "otherwise", "value"});
    TableRow row;
    row.where = ctx.Ref(row_node);
    if (auto* when = row_node.Find("when")) row.when = ctx.Expression(*when, Type::kBool, scope);
    else if (!row_node.Find("otherwise")) ctx.Error(row_node, "P102", "a table row needs `when` or `otherwise: true`");
    if (auto* value = ctx.Require(row_node, "value", "a table row")) {
      if (auto e = ctx.Expression(*value, Type::kUnknown, scope)) row.value = std::move(*e);
    }
    if (step.type == Type::kUnknown) step.type = row.value.type;
    else if (row.value.type != Type::kUnknown && row.value.type != step.type)
      ctx.Error(row_node, "E203", fmt::format("table rows give different kinds of value: {} and {}",
                                             TypeName(step.type), TypeName(row.value.type)));
    step.table.push_back(std::move(row));
  }
  if (!step.table.empty() && step.table.back().when)
    ctx.Warn(node, "P107", fmt::format("table `{}` has no fallback row", step.name), "end it with `{otherwise: true, value: ...}`");
}

// Whether a number is written as a percentage: a `10%` literal, an earlier step that is one, or
// an `if`, `max` or `min` whose every possible value is one.
bool WrittenAsPercent(const Expr& e, const std::vector<Step>& earlier) {
  switch (e.op) {
    case Op::kLiteral: return e.literal_is_percent;
    case Op::kLocal: return e.slot >= 0 && e.slot < static_cast<int>(earlier.size()) && earlier[e.slot].percent;
    case Op::kCall:
      if (e.function == Function::kIf) return WrittenAsPercent(e.args[1], earlier) && WrittenAsPercent(e.args[2], earlier);
      if (e.function == Function::kMax || e.function == Function::kMin)
        return WrittenAsPercent(e.args[0], earlier) && WrittenAsPercent(e.args[1], earlier);
      return false;
    default: return false;
  }
}

}  // namespace

void BuildFormulas(BuildContext& ctx, const syntax::Node& node, Policy& policy) {
  if (!ctx.ExpectMap(node, "named formulas")) return;
  for (const auto& [key, value] : node.entries()) {
    Formula formula;
    formula.name = key.text();
    formula.where = ctx.Ref(key);
    if (!ctx.ExpectMap(value, "a formula")) continue;
    ctx.CheckKeys(value, {"guards", "let", "refund", "unavailable"});
    ExprScope scope = ctx.base_scope;
    scope.item = true;
    scope.amounts = true;
    scope.steps = &formula.steps;
    if (auto* guards = value.Find("guards"); guards && ctx.ExpectList(*guards, "guards")) {
      for (const auto& g : guards->items())
        if (auto exit = BuildExit(ctx, g, scope, true)) formula.guards.push_back(std::move(*exit));
    }
    if (auto* let = value.Find("let"); let && ctx.ExpectMap(*let, "named steps")) {
      for (const auto& [name, body] : let->entries()) {
        Step step;
        step.name = name.text();
        step.where = ctx.Ref(name);
        scope.visible_steps = static_cast<int>(formula.steps.size());
        if (body.IsMap()) {
          ctx.CheckKeys(body, {"table"});
          if (auto* table = ctx.Require(body, "table", "a table step")) BuildTable(ctx, *table, scope, step);
        } else if (auto e = ctx.Expression(body, Type::kUnknown, scope)) {
          step.type = e->type;
          step.value = std::move(*e);
        }
        const auto percent = [&](const Expr& e) { return WrittenAsPercent(e, formula.steps); };
        step.percent = step.value ? percent(*step.value)
                                  : !step.table.empty() && std::all_of(step.table.begin(), step.table.end(),
                                                                       [&](const TableRow& row) { return percent(row.value); });
        formula.steps.push_back(std::move(step));
      }
    }
    scope.visible_steps = static_cast<int>(formula.steps.size());
    if (auto* refund = ctx.Require(value, "refund", "a formula")) {
      if (auto e = ctx.Expression(*refund, Type::kMoney, scope)) formula.refund = std::move(*e);
    }
    if (auto* unavailable = value.Find("unavailable")) formula.unavailable = BuildExit(ctx, *unavailable, scope, false);
    policy.formulas.push_back(std::move(formula));
  }
}

}  // namespace refund::model
