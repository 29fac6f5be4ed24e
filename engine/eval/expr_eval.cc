// Evaluation of typed expressions over one order: exact arithmetic, missing-value semantics.
// Every expression can be evaluated to a Value (EvaluateExpr). The hot shapes also have paths
// that build none: conditions over string comparisons and stored-list membership (Holds,
// TextComparison, StoredMembership) and arithmetic on exact numbers (NumberOperand). Those paths
// give the same answers and visit the same nodes; when tracing, the Value path records operands.
#include <fmt/format.h>

#include <algorithm>
#include <type_traits>

#include "engine/eval/value.h"
#include "engine/source/same_text.h"
#include "engine/schema/schema.h"

namespace refund::eval {
namespace {

using model::Expr;
using model::Function;
using model::Op;
using model::Type;

Value Literal(const Expr& e) {
  Value v;
  v.type = e.type;
  v.present = true;
  v.number = e.literal.number;
  v.text = e.literal.text;
  v.boolean = e.literal.boolean;
  for (const auto& s : e.literal.list) v.list.push_back(s);
  return v;
}

Value AcrossItems(const Expr& e, const Scope& scope) {
  Value v;
  v.type = Type::kStrings;
  v.present = true;
  Scope per_item = scope;
  for (const Item& item : scope.order->items) {
    per_item.item = &item;
    Value one = ReadField(e.field, per_item);
    if (one.present) v.list.push_back(one.text);
  }
  return v;
}

// Compares two present values of one type: <0, 0, >0.
int Compare(const Value& a, const Value& b) {
  switch (a.type) {
    case Type::kString: return a.text < b.text ? -1 : (a.text == b.text ? 0 : 1);
    case Type::kBool: return static_cast<int>(a.boolean) - static_cast<int>(b.boolean);
    default: return a.number < b.number ? -1 : (a.number == b.number ? 0 : 1);
  }
}

void TraceComparison(const Expr& e, const Value& a, const Value& b, const Scope& scope) {
  std::string scratch;
  const std::string_view expr = model::TraceTextOf(e, scratch);
  std::string& text = scope.trace->Line(scope.depth);
  text += expr;
  text += ": ";
  AppendTraceText(a, *scope.policy, text);
  text += " vs ";
  AppendTraceText(b, *scope.policy, text);
}

// A string-typed operand (nullopt: missing): literals and fields are read in place.
[[gnu::always_inline]] inline std::optional<std::string_view> TextOperand(const Expr& e, const Scope& scope) {
  if (e.op == Op::kLiteral) return std::string_view(e.literal.text);
  if (e.op == Op::kPath && !e.across_items) return ReadText(e.field, scope);
  Value v = EvaluateExpr(e, scope);
  return v.present ? std::optional<std::string_view>(v.text) : std::nullopt;
}

// `c` (<0, 0, >0) read through a comparison operator.
bool Ordered(Op op, int c) {
  switch (op) {
    case Op::kEq: return c == 0;
    case Op::kNe: return c != 0;
    case Op::kLt: return c < 0;
    case Op::kLe: return c <= 0;
    case Op::kGt: return c > 0;
    default: return c >= 0;
  }
}

// A comparison of strings (the common `field == word`) with no Value built; nullopt for other
// types and when tracing (the trace records both operands as values).
std::optional<bool> TextComparison(const Expr& e, const Scope& scope) {
  if (e.args[0].type != Type::kString || Tracing(scope)) return std::nullopt;
  std::optional<std::string_view> a = TextOperand(e.args[0], scope), b = TextOperand(e.args[1], scope);
  if (!a || !b) return e.op == Op::kNe;
  if (e.op == Op::kEq || e.op == Op::kNe) return SameText(*a, *b) == (e.op == Op::kEq);
  return Ordered(e.op, a->compare(*b));
}

// Whether a condition's value is never missing (connectives, comparisons, membership tests and
// the calls that answer yes or no), so that Holds gives it exactly.
bool NeverMissing(const Expr& c) {
  switch (c.op) {
    case Op::kNot: case Op::kAnd: case Op::kOr:
    case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe:
    case Op::kIn: case Op::kNotIn: case Op::kHas: case Op::kHasAny: return true;
    case Op::kCall:
      return c.function == Function::kExists || c.function == Function::kInside || c.function == Function::kQuotaBlocked;
    default: return false;
  }
}

// Whether NumberCall computes this call: `if` with numeric branches and a condition that is never
// missing, `max`, `min`, `ceil`, `floor`, `round`; never when tracing (Call records operands).
bool ComputesNumberCall(const Expr& e, const Scope& scope) {
  if (Tracing(scope)) return false;
  switch (e.function) {
    case Function::kIf: return NeverMissing(e.args[0]);
    case Function::kMax: case Function::kMin: case Function::kCeil: case Function::kFloor: case Function::kRound:
      return true;
    default: return false;
  }
}

// Numbers in lane N (numbers.h: WordNumber or ExactNumber). Literals, fields, formula steps,
// arithmetic and the numeric calls are computed here, without Values: most of a formula's work.
template <class N>
N ReadAs(int field, const Scope& scope) {
  if constexpr (std::is_same_v<N, WordNumber>) return ReadWordNumber(field, scope);
  else return ExactNumber::Of(ReadNumber(field, scope));
}

template <class N>
N OfValue(const Value& v) {
  return v.present ? N::Of(v.number) : N::Missing();
}

template <class N>
N NumberCall(const Expr& e, const Scope& scope);

template <class N>
N NumberOperand(const Expr& e, const Scope& scope) {
  switch (e.op) {
    case Op::kLiteral: return N::Of(e.literal.number);
    case Op::kPath:
      if (!e.across_items) return ReadAs<N>(e.field, scope);
      break;
    case Op::kLocal:
      if (!scope.steps || e.slot >= static_cast<int>(scope.steps->size())) return N::Missing();
      return OfValue<N>((*scope.steps)[e.slot]);
    case Op::kAdd: case Op::kSub: case Op::kMul: case Op::kDiv: {
      // Both operands always: evaluating one may be traced or reach a branch (coverage).
      const N a = NumberOperand<N>(e.args[0], scope), b = NumberOperand<N>(e.args[1], scope);
      switch (e.op) {
        case Op::kAdd: return N::Add(a, b);
        case Op::kSub: return N::Sub(a, b);
        case Op::kMul: return N::Mul(a, b);
        default: return N::Div(a, b);
      }
    }
    case Op::kCall:
      if (ComputesNumberCall(e, scope)) return NumberCall<N>(e, scope);
      break;
    default: break;
  }
  return OfValue<N>(EvaluateExpr(e, scope));
}

// A call ComputesNumberCall accepts, with the answers Call gives.
template <class N>
N NumberCall(const Expr& e, const Scope& scope) {
  switch (e.function) {
    case Function::kIf: return NumberOperand<N>(e.args[Holds(e.args[0], scope) ? 1 : 2], scope);
    case Function::kMax:
    case Function::kMin: {
      const N a = NumberOperand<N>(e.args[0], scope), b = NumberOperand<N>(e.args[1], scope);
      return N::Pick(a, b, e.function == Function::kMax);
    }
    default: {
      const Rounding mode = e.function == Function::kCeil ? Rounding::kCeil
                            : e.function == Function::kFloor ? Rounding::kFloor : scope.policy->rounding;
      return N::Round(NumberOperand<N>(e.args[0], scope), mode);
    }
  }
}

// A numeric expression's Value, `compute(lane)` giving it in a lane: on the word lane first, and
// on Ratio when a word result does not fit or when tracing.
template <class Compute>
Value InLanes(const Expr& e, const Scope& scope, Compute compute) {
  if (!Tracing(scope)) {
    const WordNumber word = compute(std::type_identity<WordNumber>());
    if (!word.too_big()) return word.present() ? Value::Number(e.type, word.ToRatio()) : Value::Missing();
  }
  const ExactNumber exact = compute(std::type_identity<ExactNumber>());
  return exact.present() ? Value::Number(e.type, exact.ToRatio()) : Value::Missing();
}

// A comparison of numbers in lane N; nullopt when an operand is too big for the lane.
template <class N>
std::optional<bool> CompareIn(const Expr& e, const Scope& scope) {
  const N a = NumberOperand<N>(e.args[0], scope), b = NumberOperand<N>(e.args[1], scope);
  if (a.missing() || b.missing()) return e.op == Op::kNe;
  if (a.too_big() || b.too_big()) return std::nullopt;
  return Ordered(e.op, N::Compare(a, b));
}

// A comparison of numbers (money, instants, durations, numbers) with no Value built; nullopt
// for other types and when tracing.
std::optional<bool> NumberComparison(const Expr& e, const Scope& scope) {
  const Type t = e.args[0].type;
  if (Tracing(scope) || (t != Type::kMoney && t != Type::kInstant && t != Type::kDuration && t != Type::kNumber))
    return std::nullopt;
  if (std::optional<bool> word = CompareIn<WordNumber>(e, scope)) return word;
  return CompareIn<ExactNumber>(e, scope);
}

Value Comparison(const Expr& e, const Scope& scope) {
  if (std::optional<bool> text = TextComparison(e, scope)) return Value::Bool(*text);
  Value a = EvaluateExpr(e.args[0], scope);
  Value b = EvaluateExpr(e.args[1], scope);
  if (Tracing(scope)) TraceComparison(e, a, b, scope);
  if (!a.present || !b.present) return Value::Bool(e.op == Op::kNe);
  return Value::Bool(Ordered(e.op, Compare(a, b)));
}

bool Contains(const std::vector<std::string_view>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// A list operand that can be read where it is stored, without building a Value: a list literal
// or a stored list field; nullptr for anything else.
const std::vector<std::string>* StoredList(const Expr& e, const Scope& scope) {
  if (e.op == Op::kLiteral && e.type == Type::kStrings) return &e.literal.list;
  if (e.op == Op::kPath && !e.across_items) return ReadStoredList(e.field, scope);
  return nullptr;
}

template <class List>
bool ContainsText(const List& list, std::string_view s) {
  for (std::string_view element : list)
    if (SameText(element, s)) return true;
  return false;
}

// Membership whose list operands are all stored (the common case: `x in [a, b]`, `item.tags has
// t`): the same answers as Membership, with no list copied. nullopt when an operand is not.
std::optional<bool> StoredMembership(const Expr& e, const Scope& scope) {
  if (e.op == Op::kIn || e.op == Op::kNotIn) {
    const std::vector<std::string>* list = StoredList(e.args[1], scope);
    if (list == nullptr) return std::nullopt;
    std::optional<std::string_view> a = TextOperand(e.args[0], scope);
    if (!a) return e.op == Op::kNotIn;
    return ContainsText(*list, *a) == (e.op == Op::kIn);
  }
  const std::vector<std::string>* list = StoredList(e.args[0], scope);
  if (list == nullptr) return std::nullopt;
  if (e.op == Op::kHas) {
    std::optional<std::string_view> b = TextOperand(e.args[1], scope);
    return b && ContainsText(*list, *b);
  }
  const std::vector<std::string>* any = StoredList(e.args[1], scope);
  if (any == nullptr) return std::nullopt;
  for (const std::string& s : *any)
    if (ContainsText(*list, s)) return true;
  return false;
}

Value Membership(const Expr& e, const Scope& scope) {
  if (!Tracing(scope))  // the trace records both operands as values
    if (std::optional<bool> stored = StoredMembership(e, scope)) return Value::Bool(*stored);
  Value a = EvaluateExpr(e.args[0], scope);
  Value b = EvaluateExpr(e.args[1], scope);
  bool negate = e.op == Op::kNotIn;
  if (Tracing(scope)) TraceComparison(e, a, b, scope);
  if (!a.present || !b.present) return Value::Bool(negate);
  switch (e.op) {
    case Op::kIn: return Value::Bool(Contains(b.list, a.text));
    case Op::kNotIn: return Value::Bool(!Contains(b.list, a.text));
    case Op::kHas: return Value::Bool(Contains(a.list, b.text));
    default:
      for (auto s : b.list)
        if (Contains(a.list, s)) return Value::Bool(true);
      return Value::Bool(false);
  }
}

Value RoundTo(const Value& v, Function f, Rounding policy_rounding) {
  if (!v.present) return v;
  Rounding mode = f == Function::kCeil ? Rounding::kCeil : f == Function::kFloor ? Rounding::kFloor : policy_rounding;
  auto rounded = v.number.Round(mode);
  return rounded ? Value::Number(v.type, Ratio(*rounded)) : Value::Missing();
}

Value Call(const Expr& e, const Scope& scope) {
  switch (e.function) {
    case Function::kExists: return Value::Bool(EvaluateExpr(e.args[0], scope).present);
    case Function::kInside: {
      const bool inside = scope.windows && scope.windows->Inside(e.slot, scope);
      if (Tracing(scope) && scope.windows) {
        Scope quiet = scope;
        quiet.trace = nullptr;
        quiet.coverage = nullptr;
        const std::optional<Instant> end = scope.windows->End(e.slot, quiet);
        std::string& text = scope.trace->Line(scope.depth, &scope.windows->Where(e.slot, quiet));
        text += "inside(";
        text += e.name;
        text += "): ends ";
        if (end) AppendTraceText(Value::Number(Type::kInstant, Ratio(end->micros)), *scope.policy, text);
        else text += '-';
        text += inside ? ": inside" : ": outside";
      }
      return Value::Bool(inside);
    }
    case Function::kQuotaBlocked:
      return Value::Bool(scope.quota_blocked && std::find(scope.quota_blocked->begin(), scope.quota_blocked->end(),
                                                          e.slot) != scope.quota_blocked->end());
    case Function::kIf: {
      Value c = EvaluateExpr(e.args[0], scope);
      if (!c.present) return Value::Missing();
      return EvaluateExpr(e.args[c.boolean ? 1 : 2], scope);
    }
    case Function::kMax:
    case Function::kMin: {
      Value a = EvaluateExpr(e.args[0], scope);
      Value b = EvaluateExpr(e.args[1], scope);
      if (!a.present || !b.present) return Value::Missing();
      bool a_wins = e.function == Function::kMax ? !(a.number < b.number) : !(b.number < a.number);
      return a_wins ? a : b;
    }
    case Function::kCeil:
    case Function::kFloor:
    case Function::kRound: return RoundTo(EvaluateExpr(e.args[0], scope), e.function, scope.policy->rounding);
    case Function::kFloorHour:
    case Function::kCeilHour: {
      Value t = EvaluateExpr(e.args[0], scope);
      if (!t.present) return t;
      const std::optional<Instant> in_range = InstantOf(t.number);
      if (!in_range) return Value::Missing();
      const Instant at = *in_range;
      Instant r = e.function == Function::kFloorHour ? scope.policy->zone->FloorToHour(at) : scope.policy->zone->CeilToHour(at);
      return Value::Number(Type::kInstant, Ratio(r.micros));
    }
    default: return Value::Missing();
  }
}

Value Builtin(const Expr& e, const Scope& scope) {
  std::optional<int64_t> v;
  Type type = Type::kMoney;
  if (e.name == "refundable") v = scope.refundable;
  else if (e.name == "unreturned") v = scope.unreturned;
  else if (e.name == "decision.refund.total") v = scope.refund_total;
  else if (e.name == "decision.score") { v = scope.score; type = Type::kNumber; }
  return v ? Value::Number(type, Ratio(*v)) : Value::Missing();
}

}  // namespace

Value EvaluateExpr(const Expr& e, const Scope& scope) {
  switch (e.op) {
    case Op::kLiteral: return Literal(e);
    case Op::kPath: return e.across_items ? AcrossItems(e, scope) : ReadField(e.field, scope);
    case Op::kLocal: return scope.steps && e.slot < static_cast<int>(scope.steps->size()) ? (*scope.steps)[e.slot] : Value::Missing();
    case Op::kBuiltin: return Builtin(e, scope);
    case Op::kNot: return Value::Bool(!Holds(e.args[0], scope));
    case Op::kAnd: return Value::Bool(Holds(e.args[0], scope) && Holds(e.args[1], scope));
    case Op::kOr: return Value::Bool(Holds(e.args[0], scope) || Holds(e.args[1], scope));
    case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe:
      return Comparison(e, scope);
    case Op::kIn: case Op::kNotIn: case Op::kHas: case Op::kHasAny: return Membership(e, scope);
    case Op::kAdd: case Op::kSub: case Op::kMul: case Op::kDiv:
      return InLanes(e, scope, [&](auto lane) { return NumberOperand<typename decltype(lane)::type>(e, scope); });
    case Op::kNeg: {
      Value v = EvaluateExpr(e.args[0], scope);
      if (!v.present) return v;
      auto r = Ratio::Sub(Ratio(0), v.number);
      return r ? Value::Number(v.type, *r) : Value::Missing();
    }
    case Op::kCall:
      // The checker gives a numeric call the type of what it returns.
      if ((e.type == Type::kMoney || e.type == Type::kNumber || e.type == Type::kDuration || e.type == Type::kInstant) &&
          ComputesNumberCall(e, scope))
        return InLanes(e, scope, [&](auto lane) { return NumberCall<typename decltype(lane)::type>(e, scope); });
      return Call(e, scope);
  }
  return Value::Missing();
}

bool Holds(const Expr& expr, const Scope& scope) {
  // Conditions are mostly connectives over string comparisons and list membership: those are
  // answered here without building Values. Everything else (and all of it when tracing, which
  // records operands) goes through EvaluateExpr.
  switch (expr.op) {
    case Op::kAnd: return Holds(expr.args[0], scope) && Holds(expr.args[1], scope);
    case Op::kOr: return Holds(expr.args[0], scope) || Holds(expr.args[1], scope);
    case Op::kNot: return !Holds(expr.args[0], scope);
    case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe:
      if (std::optional<bool> text = TextComparison(expr, scope)) return *text;
      if (std::optional<bool> number = NumberComparison(expr, scope)) return *number;
      break;
    case Op::kIn: case Op::kNotIn: case Op::kHas: case Op::kHasAny:
      if (!Tracing(scope))
        if (std::optional<bool> stored = StoredMembership(expr, scope)) return *stored;
      break;
    case Op::kCall:
      if (expr.function == Function::kInside && !Tracing(scope))
        return scope.windows && scope.windows->Inside(expr.slot, scope);
      if (expr.function == Function::kExists && expr.args[0].type == Type::kString)  // `exists(item.parent)`
        return TextOperand(expr.args[0], scope).has_value();
      break;
    default: break;
  }
  Value v = EvaluateExpr(expr, scope);
  return v.present && v.boolean;
}

}  // namespace refund::eval
