// Tests for engine/syntax/expr_parser.h and engine/model/expr_checker.h: what an expression
// parses to, the type it checks to in each scope, and the diagnostic (code, byte offset,
// length) it gets when it is wrong.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "engine/model/expr_checker.h"
#include "engine/model/policy.h"
#include "engine/syntax/expr_parser.h"

namespace refund::model {
namespace {

// Where an expression stands, as the policy builder sets the scope up.
enum class Where { kOrderRule, kItemRule, kFormula, kHistory, kReview };

const std::vector<std::string> kPaymentTypes = {"subscription", "pay_as_you_go", "resource_plan"};
const std::map<std::string, int, std::less<>> kWindows = {{"no_reason", 0}, {"certificate", 1}};
const std::map<std::string, int, std::less<>> kRules = {{"no-reason-window", 0}, {"transferred", 1}};

// Two formula steps, `term_days` (a number) and `consumed` (money), both visible.
std::vector<Step> FormulaSteps() {
  std::vector<Step> steps(2);
  steps[0].name = "term_days";
  steps[0].type = Type::kNumber;
  steps[1].name = "consumed";
  steps[1].type = Type::kMoney;
  return steps;
}

ExprScope ScopeFor(Where where, const std::vector<Step>& steps) {
  ExprScope scope;
  scope.payment_types = &kPaymentTypes;
  scope.currency = *Currency::Find("CNY");
  scope.windows = &kWindows;
  switch (where) {
    case Where::kOrderRule:
      scope.rule_functions = true;
      scope.rules = &kRules;
      break;
    case Where::kItemRule:
      scope.item = true;
      scope.amounts = true;
      scope.rule_functions = true;
      scope.rules = &kRules;
      break;
    case Where::kFormula:
      scope.item = true;
      scope.amounts = true;
      scope.steps = &steps;
      scope.visible_steps = static_cast<int>(steps.size());
      break;
    case Where::kHistory: scope.history_entry = true; break;
    case Where::kReview: scope.decision = true; break;
  }
  return scope;
}

// "number", "condition", ... or "E202@5+14" for the first diagnostic (code, byte offset, length).
std::string Outcome(std::string_view text, Where where) {
  const std::vector<Step> steps = FormulaSteps();
  std::vector<ExprIssue> issues;
  std::optional<Expr> expr = CompileExprText(text, Type::kUnknown, ScopeFor(where, steps), issues);
  if (!issues.empty()) {
    const ExprIssue& first = issues.front();
    return first.code + "@" + std::to_string(first.offset) + "+" + std::to_string(first.length);
  }
  REQUIRE(expr);
  return TypeName(expr->type);
}

// The first diagnostic's whole message and help, for checking the words.
std::string FirstMessage(std::string_view text, Where where) {
  const std::vector<Step> steps = FormulaSteps();
  std::vector<ExprIssue> issues;
  CompileExprText(text, Type::kUnknown, ScopeFor(where, steps), issues);
  if (issues.empty()) return "";
  return issues.front().message + (issues.front().help ? " | " + *issues.front().help : "");
}

struct Row {
  const char* text;
  Where where;
  const char* outcome;
};

TEST_CASE("well-typed expressions check to the type they compute") {
  const Row rows[] = {
      {"order.status == unpaid", Where::kOrderRule, "condition"},
      {"order.status in [cancelled, refunded]", Where::kOrderRule, "condition"},
      {"order.payment_type == subscription", Where::kOrderRule, "condition"},
      {"order.items[].kind has resource_plan", Where::kOrderRule, "condition"},
      {"order.promotion.refundable == false", Where::kOrderRule, "condition"},
      {"item.tags has_any [os_license, trial]", Where::kItemRule, "condition"},
      {"inside(no_reason) and not exists(item.parent)", Where::kItemRule, "condition"},
      {"quota_blocked(no-reason-window)", Where::kItemRule, "condition"},
      {"item.paid.voucher + item.paid.coupon > 0", Where::kItemRule, "condition"},
      {"request.at - item.term.start", Where::kItemRule, "duration"},
      {"item.term.start + 24h", Where::kItemRule, "timestamp"},
      {"ceil((item.term.end - item.term.start) / 24h)", Where::kFormula, "number"},
      {"round(item.list_price * 3 / term_days)", Where::kFormula, "money amount"},
      {"max(0, refundable - consumed)", Where::kFormula, "money amount"},
      {"if(item.product == ecs, 1.5, 1)", Where::kFormula, "number"},
      {"floor_hour(request.at)", Where::kItemRule, "timestamp"},
      {"refund.type == no_reason and refund.at <= request.at", Where::kHistory, "condition"},
      {"decision.refund.total > 50000.00", Where::kReview, "condition"},
      // Not a field on the left of `in`: nothing to check the words against (found by fuzz_policy).
      {"ecs in [ecs, rds]", Where::kItemRule, "condition"},
      {"if(item.product == ecs, ecs, rds) in [ecs, rds]", Where::kItemRule, "condition"},
  };
  for (const Row& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    CHECK(Outcome(row.text, row.where) == row.outcome);
  }
}

TEST_CASE("a mistake gets its code at the offending token's byte offset and length") {
  const Row rows[] = {
      // E201: the parser points where it gave up.
      {"item.tags has transferred and", Where::kItemRule, "E201@29+1"},
      {"(order.status == unpaid", Where::kOrderRule, "E201@23+1"},
      {"order.status == == unpaid", Where::kOrderRule, "E201@16+1"},
      {"order.status in unpaid", Where::kOrderRule, "E201@16+1"},
      {"item.kind in [domain, 3]", Where::kItemRule, "E201@22+1"},
      {"mystery(item.kind)", Where::kItemRule, "E201@0+7"},
      {"request.at < 7days", Where::kItemRule, "E201@13+5"},
      // E202: the whole unknown path.
      {"order.payed_at < request.at", Where::kOrderRule, "E202@0+14"},
      {"item.kind == image and item.tag has marketplace", Where::kItemRule, "E202@23+8"},
      {"order.items[].knd has domain", Where::kOrderRule, "E202@0+17"},
      // E203: the operand or the whole operation.
      {"order.paid_at < item.list_price", Where::kItemRule, "E203@0+31"},
      {"item.tags has 5", Where::kItemRule, "E203@14+1"},
      {"item.kind has domain", Where::kItemRule, "E203@0+9"},
      {"item.kind == 3", Where::kItemRule, "E203@0+14"},
      {"order.status < paid", Where::kOrderRule, "E203@0+19"},
      {"item.list_price and inside(no_reason)", Where::kItemRule, "E203@0+15"},
      {"request.at + item.list_price", Where::kItemRule, "E203@0+28"},
      {"if(item.product == ecs, 1.5, request.at)", Where::kFormula, "E203@0+40"},
      // E204: the name inside the parentheses.
      {"inside(no_reasons)", Where::kItemRule, "E204@7+10"},
      {"quota_blocked(no-reason-windw)", Where::kItemRule, "E204@14+15"},
      // E205: the whole call.
      {"max(refundable - consumed)", Where::kFormula, "E205@0+26"},
      {"ceil(term_days, 2)", Where::kFormula, "E205@0+18"},
      // E206: readable elsewhere only.
      {"item.kind == domain", Where::kOrderRule, "E206@0+9"},
      {"refund.at < request.at", Where::kItemRule, "E206@0+9"},
      {"inside(no_reason)", Where::kFormula, "E206@0+17"},
      // E207 / E209: the word that is not a value.
      {"order.status == payed", Where::kOrderRule, "E207@16+5"},
      {"account.channel in [direct, resseler]", Where::kOrderRule, "E207@19+18"},
      {"order.payment_type == subscriptoin", Where::kOrderRule, "E209@22+12"},
      // E208: the literal.
      {"item.list_price < 0.005", Where::kItemRule, "E208@18+5"},
  };
  for (const Row& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    CHECK(Outcome(row.text, row.where) == row.outcome);
  }
}

TEST_CASE("a bare word is a formula step or amount where one is visible, else a word") {
  const Row rows[] = {
      {"term_days * 2", Where::kFormula, "number"},
      {"refundable - consumed", Where::kFormula, "money amount"},
      {"refundable", Where::kItemRule, "money amount"},
      {"refundable", Where::kOrderRule, "text value"},
      {"term_days", Where::kItemRule, "text value"},
  };
  for (const Row& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    CHECK(Outcome(row.text, row.where) == row.outcome);
  }
}

TEST_CASE("messages name the offending value and help suggests the near miss") {
  struct MessageRow {
    const char* text;
    Where where;
    const char* message;
  };
  const MessageRow rows[] = {
      {"order.payed_at < request.at", Where::kOrderRule,
       "unknown field `order.payed_at` | did you mean `order.paid_at`?"},
      {"order.paid_at < item.list_price", Where::kItemRule,
       "cannot compare a timestamp `order.paid_at` with a money amount `item.list_price`"},
      {"item.tags has 5", Where::kItemRule, "`has` looks for a text value, got a number `5`"},
      {"item.kind has domain", Where::kItemRule,
       "`has` tests a list (tags, flags), got a text value `item.kind` | use `==` or `in` for a single value"},
      {"inside(no_reasons)", Where::kItemRule, "unknown window `no_reasons` | did you mean `no_reason`?"},
      {"max(refundable - consumed)", Where::kFormula, "`max` takes 2 arguments, got 1"},
      {"order.status == payed", Where::kOrderRule,
       "`payed` is not a value of `order.status` | expected one of unpaid, paid, cancelled, refunded"},
      {"order.payment_type == subscriptoin", Where::kOrderRule,
       "`subscriptoin` is not a declared payment type | did you mean `subscription`?"},
      {"item.kind == domain", Where::kOrderRule,
       "`item.kind` is read per item; order-level rules cannot read it | use `order.items[].kind` for the "
       "values of every item"},
      {"item.list_price < 0.005", Where::kItemRule, "`0.005` has more fraction digits than CNY allows"},
  };
  for (const MessageRow& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    CHECK(FirstMessage(row.text, row.where) == row.message);
  }
}

TEST_CASE("a money literal with too many digits is reported once, not also as a type mismatch") {
  const std::vector<Step> steps = FormulaSteps();
  std::vector<ExprIssue> issues;
  CompileExprText("item.list_price < 0.005", Type::kUnknown, ScopeFor(Where::kItemRule, steps), issues);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "E208");
}

TEST_CASE("every problem of one expression is reported, left to right") {
  const std::vector<Step> steps = FormulaSteps();
  std::vector<ExprIssue> issues;
  CompileExprText("order.status == payed and item.tag has x and inside(no_reasons)", Type::kUnknown,
                  ScopeFor(Where::kItemRule, steps), issues);
  std::string codes;
  for (const ExprIssue& issue : issues) codes += issue.code + "@" + std::to_string(issue.offset) + " ";
  CHECK(codes == "E207@16 E202@26 E204@52 ");
}

TEST_CASE("an expression of the wrong kind for its place is an E203 over the whole text") {
  const std::vector<Step> steps = FormulaSteps();
  std::vector<ExprIssue> issues;
  CHECK_FALSE(CompileExprText("item.paid.voucher + item.paid.coupon", Type::kBool,
                              ScopeFor(Where::kItemRule, steps), issues));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "E203");
  CHECK(issues[0].offset == 0);
  CHECK(issues[0].length == 36);
  CHECK(issues[0].message == "expected a condition, got a money amount");
}

TEST_CASE("the parser keeps byte offsets of every node and the name inside()/quota_blocked() reads") {
  syntax::ParsedExpr parsed = syntax::ParseExpr("a.b == c and inside(no_reason)");
  REQUIRE(parsed.expr);
  const Expr& both = *parsed.expr;
  CHECK(both.op == Op::kAnd);
  CHECK(both.offset == 0);
  CHECK(both.length == 30);
  const Expr& eq = both.args[0];
  CHECK(eq.op == Op::kEq);
  CHECK(eq.args[0].op == Op::kPath);
  CHECK(eq.args[0].name == "a.b");
  CHECK(eq.args[1].literal_is_bare);
  CHECK(eq.args[1].offset == 7);
  const Expr& call = both.args[1];
  CHECK(call.op == Op::kCall);
  CHECK(call.function == Function::kInside);
  CHECK(call.name == "no_reason");
  CHECK(call.offset == 13);
}

TEST_CASE("the parser reads durations, percentages and timestamps as typed literals") {
  struct LiteralRow {
    const char* text;
    Type type;
  };
  const LiteralRow rows[] = {
      {"24h", Type::kDuration},
      {"7d", Type::kDuration},
      {"10%", Type::kNumber},
      {"1.5", Type::kNumber},
      {"2025-08-19T00:00:00+08:00", Type::kInstant},
      {"\"quoted\"", Type::kString},
      {"[a, 'b']", Type::kStrings},
      {"true", Type::kBool},
  };
  for (const LiteralRow& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    syntax::ParsedExpr parsed = syntax::ParseExpr(row.text);
    REQUIRE(parsed.expr);
    CHECK(parsed.expr->op == Op::kLiteral);
    CHECK(parsed.expr->type == row.type);
  }
}

TEST_CASE("a parse error says where the parser gave up and why") {
  struct ErrorRow {
    const char* text;
    int offset;
    const char* message;
  };
  const ErrorRow rows[] = {
      {"", 0, "expected a value, got the end of the expression"},
      {"a.b ==", 6, "expected a value, got the end of the expression"},
      {"(a.b", 4, "expected `)`"},
      {"a.b == 'x", 7, "unterminated string"},
      {"a.b == and", 7, "expected a value, got keyword `and`"},
      {"nope(a.b)", 0, "unknown function `nope`"},
      {"a.b # c", 4, "unexpected `#`"},
  };
  for (const ErrorRow& row : rows) {
    const std::string text = row.text;
    CAPTURE(text);
    syntax::ParsedExpr parsed = syntax::ParseExpr(row.text);
    REQUIRE(parsed.error);
    CHECK(parsed.error->offset == row.offset);
    CHECK(parsed.error->message == row.message);
  }
}

TEST_CASE("deep nesting is a parse error, not a crash") {
  const std::string deep = std::string(200, '(') + "a.b" + std::string(200, ')');
  syntax::ParsedExpr parsed = syntax::ParseExpr(deep);
  REQUIRE(parsed.error);
  CHECK(parsed.error->message == "expression nested too deeply");
}

}  // namespace
}  // namespace refund::model
