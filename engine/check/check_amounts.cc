// Formula amounts: a refund that can go negative without a floor (C601), a percentage rate
// outside 0-100 % multiplying money (C602), money divided and never rounded (C603).
#include <fmt/format.h>

#include <algorithm>

#include <map>
#include <set>

#include "engine/check/passes.h"

namespace refund::check {
namespace {

using model::Expr;
using model::Function;
using model::Op;
using model::Type;

struct AmountChecker {
  const model::Formula& formula;
  const Locator& locate;
  std::vector<Diagnostic>& out;
  std::set<std::pair<const syntax::Node*, int>> reported;
  std::map<int, bool> step_negative;           // CanGoNegative of each step, once known
  std::set<std::pair<int, bool>> factored_steps;  // Factor: steps already followed (slot, negated)

  // Calls `visit(expr, node)` for the value of step `slot` (its expression or each table row).
  template <typename Visit>
  void ForStep(int slot, Visit visit) {
    if (slot < 0 || slot >= static_cast<int>(formula.steps.size())) return;
    const model::Step& step = formula.steps[slot];
    if (step.value) visit(*step.value, locate.ValueOfKey(step.where));
    for (const model::TableRow& row : step.table) visit(row.value, locate.Field(row.where, "value"));
  }

  bool CanGoNegative(const Expr& e, int depth) {
    if (depth > 64) return false;
    switch (e.op) {
      case Op::kLiteral: return e.literal.number.Sign() < 0;
      case Op::kSub:
      case Op::kNeg: return true;
      case Op::kAdd:
      case Op::kMul:
      case Op::kDiv:
        return std::any_of(e.args.begin(), e.args.end(), [&](const Expr& a) { return CanGoNegative(a, depth + 1); });
      case Op::kLocal: {
        // Once per step: steps may read a step twice (`s2: s1 + s1`), and following every path
        // through a chain of them is exponential in its length.
        if (auto known = step_negative.find(e.slot); known != step_negative.end()) return known->second;
        bool negative = false;
        ForStep(e.slot, [&](const Expr& v, const syntax::Node*) { negative = negative || CanGoNegative(v, depth + 1); });
        step_negative.emplace(e.slot, negative);
        return negative;
      }
      case Op::kCall:
        if (e.function == Function::kMax)
          return std::all_of(e.args.begin(), e.args.end(), [&](const Expr& a) { return CanGoNegative(a, depth + 1); });
        if (e.function == Function::kIf && e.args.size() == 3)
          return CanGoNegative(e.args[1], depth + 1) || CanGoNegative(e.args[2], depth + 1);
        if (e.function == Function::kMin || e.function == Function::kRound || e.function == Function::kCeil ||
            e.function == Function::kFloor)
          return std::any_of(e.args.begin(), e.args.end(), [&](const Expr& a) { return CanGoNegative(a, depth + 1); });
        return false;
      default: return false;
    }
  }

  // C602: the factors a money amount is multiplied by, followed through steps and `if`.
  void Factor(const Expr& e, const syntax::Node* node, bool negated, int depth) {
    if (depth > 64) return;
    if (e.op == Op::kNeg && e.args.size() == 1) return Factor(e.args[0], node, !negated, depth + 1);
    if (e.op == Op::kLocal) {  // once per step and sign: the same reports, deduplicated anyway
      if (factored_steps.insert({e.slot, negated}).second)
        ForStep(e.slot, [&](const Expr& v, const syntax::Node* n) { Factor(v, n, negated, depth + 1); });
      return;
    }
    if (e.op == Op::kCall && e.function == Function::kIf && e.args.size() == 3) {
      Factor(e.args[1], node, negated, depth + 1);
      Factor(e.args[2], node, negated, depth + 1);
      return;
    }
    if (e.op != Op::kLiteral || e.type != Type::kNumber || !node || !node->IsScalar()) return;
    const std::string& text = node->text();
    const size_t end = static_cast<size_t>(e.offset + e.length);
    const bool percent = end > 0 && end <= text.size() && text[end - 1] == '%';
    const std::string written = text.substr(e.offset, e.length);
    std::string what;
    if (negated && e.literal.number.Sign() > 0) what = fmt::format("money is multiplied by a negative rate `-{}`", written);
    else if (percent && e.literal.number > Ratio(1)) what = fmt::format("rate `{}` is above 100%", written);
    if (what.empty() || !reported.insert({node, e.offset}).second) return;
    Diagnostic d = locate.In(node, e, Severity::kError, "C602", what, formula.where);
    d.help = "a rate multiplying money is between 0% and 100%";
    out.push_back(std::move(d));
  }

  void Rates(const Expr& e, const syntax::Node* node, int depth) {
    if (depth > 64) return;
    if (e.op == Op::kMul && e.args.size() == 2 && e.type == Type::kMoney) {
      for (int i = 0; i < 2; ++i)
        if (e.args[i].type == Type::kMoney && e.args[1 - i].type == Type::kNumber) Factor(e.args[1 - i], node, false, depth);
    }
    for (const Expr& a : e.args) Rates(a, node, depth + 1);
  }

  // C603: money divisions on the way to the refund that no round/ceil/floor encloses.
  std::set<std::pair<int, bool>> visited_steps;
  std::set<std::pair<const syntax::Node*, int>> divisions;
  void Rounding(const Expr& e, const syntax::Node* node, bool rounded, int depth) {
    if (depth > 64) return;
    if (e.op == Op::kCall && (e.function == Function::kRound || e.function == Function::kCeil ||
                              e.function == Function::kFloor))
      rounded = true;
    if (e.op == Op::kDiv && e.type == Type::kMoney && !rounded && node && divisions.insert({node, e.offset}).second) {
      Diagnostic d = locate.In(node, e, Severity::kWarning, "C603",
                               fmt::format("money is divided here and never rounded in formula `{}`", formula.name),
                               formula.where);
      d.help = "round where the published rule rounds, e.g. `round(...)` around the amount; only the final refund is rounded otherwise";
      out.push_back(std::move(d));
    }
    if (e.op == Op::kLocal && visited_steps.insert({e.slot, rounded}).second)
      ForStep(e.slot, [&](const Expr& v, const syntax::Node* n) { Rounding(v, n, rounded, depth + 1); });
    for (const Expr& a : e.args) Rounding(a, node, rounded, depth + 1);
  }

  void Run() {
    const syntax::Node* body = locate.ValueOfKey(formula.where);
    const syntax::Node* refund = body ? body->Find("refund") : nullptr;
    if (formula.refund.type != Type::kMoney) return;  // an error was reported
    if (CanGoNegative(formula.refund, 0)) {
      Diagnostic d = locate.In(refund, formula.refund, Severity::kWarning, "C601",
                               fmt::format("the refund of formula `{}` can go negative", formula.name), formula.where);
      d.help = fmt::format("write `max(0, {})`: a negative amount is silently clamped to 0",
                           refund && refund->IsScalar() ? refund->text() : "...");
      out.push_back(std::move(d));
    }
    for (size_t i = 0; i < formula.steps.size(); ++i)
      ForStep(static_cast<int>(i), [&](const Expr& v, const syntax::Node* n) { Rates(v, n, 0); });
    Rates(formula.refund, refund, 0);
    Rounding(formula.refund, refund, false, 0);
  }
};

}  // namespace

void CheckAmounts(const model::Policy& policy, const Locator& locate, std::vector<Diagnostic>& out) {
  for (const model::Formula& formula : policy.formulas) AmountChecker{formula, locate, out, {}, {}, {}, {}, {}}.Run();
}

}  // namespace refund::check
