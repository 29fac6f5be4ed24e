// Types an expression and resolves its names against the order schema and the policy's
// scope (formula steps, windows, rules). Problems come back as data, never thrown.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/expr.h"
#include "refund/money.h"

namespace refund::model {

struct Step;

// What an expression may read where it stands.
struct ExprScope {
  bool item = false;            // item.* (item rules, formulas, notes, windows and quota groups)
  bool history_entry = false;   // refund.* (history filters)
  bool decision = false;        // decision.score, decision.refund.total (review rules)
  bool rule_functions = false;  // inside(), quota_blocked()
  bool amounts = false;         // refundable, unreturned
  const std::vector<Step>* steps = nullptr;  // formula steps visible (the first `visible_steps`)
  int visible_steps = 0;
  const std::map<std::string, int, std::less<>>* windows = nullptr;  // name -> index
  const std::map<std::string, int, std::less<>>* rules = nullptr;    // id -> index
  const std::vector<std::string>* payment_types = nullptr;           // canonical, declared
  Currency currency = *Currency::Find("XXX");
};

struct ExprIssue {
  std::string code;  // E2xx
  int offset = 0;    // byte offset in the expression text
  int length = 1;
  std::string message;
  std::optional<std::string> help;
};

// Types `expr` in place (resolving paths, steps and names) and returns its type, kUnknown
// after an error (already recorded in `issues`).
Type CheckExpr(Expr& expr, const ExprScope& scope, std::vector<ExprIssue>& issues);

// Parses and checks `text`, requiring the result type `want` (kUnknown: any). On failure
// returns nullopt with the problems in `issues`.
std::optional<Expr> CompileExprText(std::string_view text, Type want, const ExprScope& scope,
                                    std::vector<ExprIssue>& issues);

}  // namespace refund::model

namespace refund::model {
// "did you mean `x`?" when a candidate is close to `word` (source::DidYouMean), else nullopt.
std::optional<std::string> DidYouMeanHelp(std::string_view word, const std::vector<std::string>& candidates);
}  // namespace refund::model
