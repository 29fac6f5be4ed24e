// Compact, fully parenthesised text of a typed expression, for tree dumps and traces.
#include <fmt/format.h>

#include "engine/model/expr.h"
#include "engine/syntax/expr_parser.h"

namespace refund::model {
namespace {

const char* OpText(Op op) {
  switch (op) {
    case Op::kAnd: return "and";
    case Op::kOr: return "or";
    case Op::kEq: return "==";
    case Op::kNe: return "!=";
    case Op::kLt: return "<";
    case Op::kLe: return "<=";
    case Op::kGt: return ">";
    case Op::kGe: return ">=";
    case Op::kIn: return "in";
    case Op::kNotIn: return "not in";
    case Op::kHas: return "has";
    case Op::kHasAny: return "has_any";
    case Op::kAdd: return "+";
    case Op::kSub: return "-";
    case Op::kMul: return "*";
    case Op::kDiv: return "/";
    default: return "?";
  }
}


std::string LiteralText(const Expr& e) {
  switch (e.type) {
    case Type::kString: return e.literal_is_bare ? e.literal.text : fmt::format("\"{}\"", e.literal.text);
    case Type::kStrings: return fmt::format("[{}]", fmt::join(e.literal.list, ", "));
    case Type::kBool: return e.literal.boolean ? "true" : "false";
    case Type::kMoney: return fmt::format("{}¢", e.literal.number.ToString());
    case Type::kDuration: {
      int64_t micros = static_cast<int64_t>(e.literal.number.num());
      if (micros % 3'600'000'000 == 0) return fmt::format("{}h", micros / 3'600'000'000);
      return fmt::format("{}s", Ratio::Div(e.literal.number, Ratio(1'000'000))->ToString());
    }
    case Type::kInstant: return fmt::format("@{}us", e.literal.number.ToString());
    default: return e.literal.number.ToString();
  }
}

}  // namespace

std::string DumpExpr(const Expr& e) {
  switch (e.op) {
    case Op::kLiteral: return LiteralText(e);
    case Op::kPath: return e.across_items ? fmt::format("order.items[].{}", e.name.substr(e.name.rfind('.') + 1)) : e.name;
    case Op::kLocal:
    case Op::kBuiltin: return e.name;
    case Op::kNot: return fmt::format("not {}", DumpExpr(e.args[0]));
    case Op::kNeg: return fmt::format("-{}", DumpExpr(e.args[0]));
    case Op::kCall: {
      if (e.function == Function::kInside || e.function == Function::kQuotaBlocked)
        return fmt::format("{}({})", syntax::FunctionName(e.function), e.name);
      std::vector<std::string> args;
      for (const Expr& a : e.args) args.push_back(DumpExpr(a));
      return fmt::format("{}({})", syntax::FunctionName(e.function), fmt::join(args, ", "));
    }
    default: return fmt::format("({} {} {})", DumpExpr(e.args[0]), OpText(e.op), DumpExpr(e.args[1]));
  }
}

namespace {

void KeepComparisonText(Expr& e, int depth) {
  if (depth > 64) return;  // the parser limits nesting; this only bounds the recursion
  switch (e.op) {
    case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe:
    case Op::kIn: case Op::kNotIn: case Op::kHas: case Op::kHasAny:
      if (e.trace_text.empty()) e.trace_text = DumpExpr(e);
      break;
    default: break;
  }
  for (Expr& arg : e.args) KeepComparisonText(arg, depth + 1);
}

}  // namespace

void KeepTraceText(Expr& expr) {
  expr.trace_text = DumpExpr(expr);
  KeepComparisonText(expr, 0);
}

std::string_view TraceTextOf(const Expr& expr, std::string& scratch) {
  if (!expr.trace_text.empty()) return expr.trace_text;
  scratch = DumpExpr(expr);
  return scratch;
}

}  // namespace refund::model
