// Static typing of policy expressions: which paths exist, what each operator accepts, and
// where a bare word is a formula step, an amount, or an enum value.
#include "engine/model/expr_checker.h"

#include <algorithm>
#include <fmt/format.h>

#include "engine/model/policy.h"
#include "engine/schema/schema.h"
#include "engine/source/did_you_mean.h"
#include "engine/syntax/expr_parser.h"

namespace refund::model {
namespace {

using schema::FieldType;

class Checker {
 public:
  Checker(const ExprScope& scope, std::vector<ExprIssue>& issues) : scope_(scope), issues_(issues) {}

  Type Check(Expr& e) {
    e.type = CheckNode(e);
    return e.type;
  }

 private:
  Type Issue(const Expr& e, std::string code, std::string message,
             std::optional<std::string> help = std::nullopt) {
    issues_.push_back({std::move(code), e.offset, e.length, std::move(message), std::move(help)});
    return Type::kUnknown;
  }

  Type CheckNode(Expr& e) {
    switch (e.op) {
      case Op::kLiteral: return e.literal_is_bare ? CheckBareWord(e) : e.type;
      case Op::kPath: return CheckPath(e);
      case Op::kNot: return RequireBool(e, 0) ? Type::kBool : Type::kUnknown;
      case Op::kAnd:
      case Op::kOr: {
        bool ok = RequireBool(e, 0);
        ok = RequireBool(e, 1) && ok;
        return ok ? Type::kBool : Type::kUnknown;
      }
      case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe:
        return CheckComparison(e);
      case Op::kIn: case Op::kNotIn: return CheckMembership(e);
      case Op::kHas: case Op::kHasAny: return CheckHas(e);
      case Op::kAdd: case Op::kSub: case Op::kMul: case Op::kDiv: return CheckArithmetic(e);
      case Op::kNeg: {
        Type t = Check(e.args[0]);
        if (t == Type::kNumber || t == Type::kMoney || t == Type::kDuration) return t;
        return t == Type::kUnknown ? t : Issue(e, "E203", fmt::format("cannot negate a {}", TypeName(t)));
      }
      case Op::kCall: return CheckCall(e);
      default: return e.type;
    }
  }

  // " `order.paid_at`" when the operand is a field, step, amount or plain literal, so that a
  // type mismatch names the offending value; "" for anything computed.
  static std::string Named(const Expr& e) {
    switch (e.op) {
      case Op::kPath: case Op::kLocal: case Op::kBuiltin: return fmt::format(" `{}`", e.name);
      case Op::kLiteral:
        if (e.type == Type::kNumber) return fmt::format(" `{}`", e.literal.number.ToString());
        if (e.type == Type::kString) return fmt::format(" `{}`", e.literal.text);
        if (e.type == Type::kBool) return e.literal.boolean ? " `true`" : " `false`";
        return "";
      default: return "";
    }
  }

  bool RequireBool(Expr& e, size_t i) {
    Type t = Check(e.args[i]);
    if (t == Type::kBool || t == Type::kUnknown) return t == Type::kBool;
    Issue(e.args[i], "E203", fmt::format("expected a condition, got a {}{}", TypeName(t), Named(e.args[i])));
    return false;
  }

  // A bare word is a formula step, an amount, or else a word literal (an enum value).
  Type CheckBareWord(Expr& e) {
    const std::string& word = e.literal.text;
    if (scope_.steps) {
      for (int i = 0; i < scope_.visible_steps; ++i) {
        const Step& step = (*scope_.steps)[i];
        if (step.name != word) continue;
        e.op = Op::kLocal;
        e.name = word;
        e.slot = i;
        return step.type;
      }
    }
    if (scope_.amounts && (word == "refundable" || word == "unreturned")) {
      e.op = Op::kBuiltin;
      e.name = word;
      return Type::kMoney;
    }
    return Type::kString;
  }

  Type TypeOfField(const schema::Field& field) {
    switch (field.type) {
      case FieldType::kString: case FieldType::kEnum: case FieldType::kPaymentType:
        return Type::kString;
      case FieldType::kStrings: return Type::kStrings;
      case FieldType::kInstant: return Type::kInstant;
      case FieldType::kMoney: return Type::kMoney;
      case FieldType::kNumber: return Type::kNumber;
      case FieldType::kBool: return Type::kBool;
      case FieldType::kRecords: return Type::kUnknown;
    }
    return Type::kUnknown;
  }

  std::vector<std::string> ReadablePaths() {
    std::vector<std::string> paths;
    for (const auto& f : schema::Fields()) {
      std::string_view p = f.path;
      if (f.type == FieldType::kRecords) continue;
      if (p.starts_with("item.") && !scope_.item) {
        paths.push_back("order.items[]." + std::string(p.substr(5)));
        continue;
      }
      if (p.starts_with("refund.") && !scope_.history_entry) continue;
      paths.emplace_back(p);
    }
    if (scope_.decision) {
      paths.emplace_back("decision.score");
      paths.emplace_back("decision.refund.total");
    }
    return paths;
  }

  Type CheckPath(Expr& e) {
    std::string path = e.name;
    if (scope_.decision && (path == "decision.score" || path == "decision.refund.total")) {
      e.op = Op::kBuiltin;
      return path == "decision.score" ? Type::kNumber : Type::kMoney;
    }
    if (path.starts_with("order.items[].")) {
      path = "item." + path.substr(14);
      e.across_items = true;
    }
    const schema::Field* field = schema::FindField(path);
    if (!field || field->type == FieldType::kRecords) {
      return Issue(e, "E202", fmt::format("unknown field `{}`", e.name), Suggest(e.name));
    }
    bool is_item = path.starts_with("item.");
    if (is_item && !e.across_items && !scope_.item)
      return Issue(e, "E206", fmt::format("`{}` is read per item; order-level rules cannot read it", e.name),
                   "use `order.items[]." + path.substr(5) + "` for the values of every item");
    if (path.starts_with("refund.") && !scope_.history_entry)
      return Issue(e, "E206", fmt::format("`{}` is a history entry field, readable only in a history filter", e.name));
    e.field = static_cast<int>(field - schema::Fields().data());
    Type t = TypeOfField(*field);
    if (e.across_items) {
      if (t != Type::kString)
        return Issue(e, "E203", fmt::format("`{}` lists only text fields of items", e.name));
      return Type::kStrings;
    }
    return t;
  }

  std::optional<std::string> Suggest(const std::string& word) {
    return DidYouMeanHelp(word, ReadablePaths());
  }

  // An untyped number literal next to money becomes money (`100.00` is 10000 cents).
  bool CoerceToMoney(Expr& e) {
    if (e.op != Op::kLiteral || !e.literal_is_untyped_number) return false;
    Ratio scale(1);
    for (int i = 0; i < scope_.currency.digits(); ++i) scale = *Ratio::Mul(scale, Ratio(10));
    auto minor = Ratio::Mul(e.literal.number, scale);
    if (!minor || minor->den() != 1) {
      Issue(e, "E208", fmt::format("`{}` has more fraction digits than {} allows",
                                   e.literal.number.ToString(), scope_.currency.code()));
      return false;
    }
    e.literal.number = *minor;
    e.type = Type::kMoney;
    e.literal_is_untyped_number = false;
    return true;
  }

  // Types both operands and lines them up (coercing an untyped number to money).
  std::pair<Type, Type> CheckPair(Expr& e) {
    Type a = Check(e.args[0]);
    Type b = Check(e.args[1]);
    // A literal that cannot become money has had its E208; it is not also a type mismatch.
    if (a == Type::kMoney && b == Type::kNumber && e.args[1].literal_is_untyped_number)
      b = CoerceToMoney(e.args[1]) ? Type::kMoney : Type::kUnknown;
    if (b == Type::kMoney && a == Type::kNumber && e.args[0].literal_is_untyped_number)
      a = CoerceToMoney(e.args[0]) ? Type::kMoney : Type::kUnknown;
    return {a, b};
  }

  Type CheckComparison(Expr& e) {
    auto [a, b] = CheckPair(e);
    if (a == Type::kUnknown || b == Type::kUnknown) return Type::kUnknown;
    if (a != b) {
      return Issue(e, "E203", fmt::format("cannot compare a {}{} with a {}{}", TypeName(a), Named(e.args[0]),
                                          TypeName(b), Named(e.args[1])));
    }
    bool ordered = e.op != Op::kEq && e.op != Op::kNe;
    if (ordered && (a == Type::kString || a == Type::kBool || a == Type::kStrings))
      return Issue(e, "E203", fmt::format("a {} has no order; use `==`, `!=` or `in`", TypeName(a)));
    if (a == Type::kStrings) return Issue(e, "E203", "compare lists with `has` or `has_any`");
    if (a == Type::kString) {
      CheckWordAgainstField(e.args[0], e.args[1]);
      CheckWordAgainstField(e.args[1], e.args[0]);
    }
    return Type::kBool;
  }

  // `order.status == unpadi`: the word must be one of the field's values.
  void CheckWordAgainstField(const Expr& field_expr, const Expr& word) {
    if (word.op != Op::kLiteral) return;
    CheckValue(field_expr, word, word.literal.text);
  }
  // Only a field has values to check against: a word, a step or a call on the left has none.
  void CheckValue(const Expr& field_expr, const Expr& at, const std::string& value) {
    if (field_expr.op != Op::kPath || field_expr.field < 0) return;
    const schema::Field& field = schema::Fields()[field_expr.field];
    std::vector<std::string> allowed;
    if (field.type == FieldType::kEnum) {
      for (auto v : field.values) allowed.emplace_back(v);
    } else if (field.type == FieldType::kPaymentType && scope_.payment_types) {
      allowed = *scope_.payment_types;
    } else {
      return;
    }
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
    std::string what = field.type == FieldType::kEnum ? fmt::format("a value of `{}`", field_expr.name)
                                                       : "a declared payment type";
    Issue(at, field.type == FieldType::kEnum ? "E207" : "E209",
          fmt::format("`{}` is not {}", value, what),
          DidYouMeanHelp(value, allowed).value_or(fmt::format("expected one of {}", fmt::join(allowed, ", "))));
  }

  Type CheckMembership(Expr& e) {
    Type a = Check(e.args[0]);
    Check(e.args[1]);
    if (a == Type::kUnknown) return a;
    if (a != Type::kString)
      return Issue(e.args[0], "E203", fmt::format("`in` tests a text value, got a {}{}", TypeName(a), Named(e.args[0])));
    for (const auto& value : e.args[1].literal.list) CheckValue(e.args[0], e.args[1], value);
    return Type::kBool;
  }

  Type CheckHas(Expr& e) {
    Type a = Check(e.args[0]);
    Type b = Check(e.args[1]);
    if (a == Type::kUnknown || b == Type::kUnknown) return Type::kUnknown;
    if (a != Type::kStrings)
      return Issue(e.args[0], "E203", fmt::format("`{}` tests a list (tags, flags), got a {}{}",
                                                  e.op == Op::kHas ? "has" : "has_any", TypeName(a), Named(e.args[0])),
                   a == Type::kString ? std::optional<std::string>("use `==` or `in` for a single value") : std::nullopt);
    Type want = e.op == Op::kHas ? Type::kString : Type::kStrings;
    if (b != want)
      return Issue(e.args[1], "E203", fmt::format("`{}` looks for a {}, got a {}{}", e.op == Op::kHas ? "has" : "has_any",
                                                  TypeName(want), TypeName(b), Named(e.args[1])));
    return Type::kBool;
  }

  Type CheckArithmetic(Expr& e) {
    // `refundable / 3` divides money by a number; only `+` and `-` line a literal up with money.
    auto [a, b] = e.op == Op::kMul || e.op == Op::kDiv ? std::pair{Check(e.args[0]), Check(e.args[1])} : CheckPair(e);
    if (a == Type::kUnknown || b == Type::kUnknown) return Type::kUnknown;
    if (auto t = ArithmeticResult(e.op, a, b)) return *t;
    const char* verb = e.op == Op::kAdd ? "add" : e.op == Op::kSub ? "subtract" : e.op == Op::kMul ? "multiply" : "divide";
    return Issue(e, "E203", fmt::format("cannot {} a {} and a {}", verb, TypeName(a), TypeName(b)));
  }

  static std::optional<Type> ArithmeticResult(Op op, Type a, Type b) {
    using T = Type;
    switch (op) {
      case Op::kAdd:
        if (a == b && (a == T::kNumber || a == T::kMoney || a == T::kDuration)) return a;
        if ((a == T::kInstant && b == T::kDuration) || (a == T::kDuration && b == T::kInstant)) return T::kInstant;
        return std::nullopt;
      case Op::kSub:
        if (a == b && (a == T::kNumber || a == T::kMoney || a == T::kDuration)) return a;
        if (a == T::kInstant && b == T::kInstant) return T::kDuration;
        if (a == T::kInstant && b == T::kDuration) return T::kInstant;
        return std::nullopt;
      case Op::kMul:
        if (a == T::kNumber && b == T::kNumber) return T::kNumber;
        if ((a == T::kMoney && b == T::kNumber) || (a == T::kNumber && b == T::kMoney)) return T::kMoney;
        if ((a == T::kDuration && b == T::kNumber) || (a == T::kNumber && b == T::kDuration)) return T::kDuration;
        return std::nullopt;
      case Op::kDiv:
        if (b == T::kNumber && (a == T::kNumber || a == T::kMoney || a == T::kDuration)) return a;
        if (a == b && (a == T::kMoney || a == T::kDuration)) return T::kNumber;
        return std::nullopt;
      default: return std::nullopt;
    }
  }

  Type CheckCall(Expr& e);

  const ExprScope& scope_;
  std::vector<ExprIssue>& issues_;
};

size_t Arity(Function f) {
  switch (f) {
    case Function::kMax: case Function::kMin: return 2;
    case Function::kIf: return 3;
    case Function::kInside: case Function::kQuotaBlocked: return 0;
    default: return 1;
  }
}


Type Checker::CheckCall(Expr& e) {
  // e.name holds the window or rule an inside()/quota_blocked() names, not the function.
  if (e.args.size() != Arity(e.function))
    return Issue(e, "E205", fmt::format("`{}` takes {} argument{}, got {}", syntax::FunctionName(e.function),
                                        Arity(e.function), Arity(e.function) == 1 ? "" : "s",
                                        e.args.size()));
  switch (e.function) {
    case Function::kInside: case Function::kQuotaBlocked: {
      bool inside = e.function == Function::kInside;
      const auto* names = inside ? scope_.windows : scope_.rules;
      if (!scope_.rule_functions || !names)
        return Issue(e, "E206", fmt::format("`{}` can only be used in a rule's condition", inside ? "inside" : "quota_blocked"));
      auto it = names->find(e.name);
      if (it == names->end()) {
        std::vector<std::string> known;
        for (const auto& [n, i] : *names) known.push_back(n);
        Expr at = e;
        at.offset = static_cast<int>(*e.literal.number.Floor());
        at.length = static_cast<int>(e.name.size());
        return Issue(at, "E204", fmt::format("unknown {} `{}`", inside ? "window" : "rule", e.name),
                     DidYouMeanHelp(e.name, known));
      }
      e.slot = it->second;
      return Type::kBool;
    }
    case Function::kExists:
      if (e.args[0].op != Op::kPath) return Issue(e, "E203", "`exists` takes a field path");
      Check(e.args[0]);
      return Type::kBool;
    case Function::kIf: {
      RequireBool(e, 0);
      Expr pair;
      pair.args = {e.args[1], e.args[2]};
      auto [a, b] = CheckPair(pair);
      e.args[1] = std::move(pair.args[0]);
      e.args[2] = std::move(pair.args[1]);
      if (a == Type::kUnknown || b == Type::kUnknown) return Type::kUnknown;
      if (a != b) return Issue(e, "E203", fmt::format("`if` branches differ: {} and {}", TypeName(a), TypeName(b)));
      return a;
    }
    case Function::kMax: case Function::kMin: {
      auto [a, b] = CheckPair(e);
      if (a == Type::kUnknown || b == Type::kUnknown) return Type::kUnknown;
      if (a != b || a == Type::kString || a == Type::kBool || a == Type::kStrings)
        return Issue(e, "E203", fmt::format("`{}` needs two numbers, amounts, durations or instants of one kind", e.function == Function::kMax ? "max" : "min"));
      return a;
    }
    case Function::kCeil: case Function::kFloor: case Function::kRound: {
      Type t = Check(e.args[0]);
      if (t == Type::kNumber || (t == Type::kMoney && e.function == Function::kRound)) return t;
      return t == Type::kUnknown ? t : Issue(e, "E203", fmt::format("cannot round a {}", TypeName(t)));
    }
    case Function::kFloorHour: case Function::kCeilHour: {
      Type t = Check(e.args[0]);
      if (t == Type::kInstant || t == Type::kUnknown) return t;
      return Issue(e, "E203", fmt::format("expected an instant, got a {}", TypeName(t)));
    }
    default: return Type::kUnknown;
  }
}

}  // namespace

const char* TypeName(Type type) {
  switch (type) {
    case Type::kBool: return "condition";
    case Type::kString: return "text value";
    case Type::kStrings: return "list";
    case Type::kNumber: return "number";
    case Type::kMoney: return "money amount";
    case Type::kDuration: return "duration";
    case Type::kInstant: return "timestamp";
    default: return "value";
  }
}

Type CheckExpr(Expr& expr, const ExprScope& scope, std::vector<ExprIssue>& issues) {
  return Checker(scope, issues).Check(expr);
}

std::optional<Expr> CompileExprText(std::string_view text, Type want, const ExprScope& scope,
                                    std::vector<ExprIssue>& issues) {
  syntax::ParsedExpr parsed = syntax::ParseExpr(text);
  if (parsed.error) {
    issues.push_back({"E201", parsed.error->offset, parsed.error->length, parsed.error->message, std::nullopt});
    return std::nullopt;
  }
  size_t before = issues.size();
  Type got = CheckExpr(*parsed.expr, scope, issues);
  if (issues.size() != before) return std::nullopt;
  if (want != Type::kUnknown && got != want) {
    issues.push_back({"E203", parsed.expr->offset, parsed.expr->length,
                      fmt::format("expected a {}, got a {}", TypeName(want), TypeName(got)), std::nullopt});
    return std::nullopt;
  }
  return std::move(parsed.expr);
}

}  // namespace refund::model

namespace refund::model {
std::optional<std::string> DidYouMeanHelp(std::string_view word, const std::vector<std::string>& candidates) {
  auto best = source::DidYouMean(word, candidates);
  if (!best) return std::nullopt;
  return "did you mean `" + *best + "`?";
}
}  // namespace refund::model
