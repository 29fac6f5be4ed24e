// Expression text -> untyped AST with byte offsets (grammar in rules/README.md).
// Names are not resolved here: a bare word may be a formula step or an enum value; the
// model stage decides with the scope it knows.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/model/expr.h"

namespace refund::syntax {

struct ExprParseError {
  int offset = 0;  // byte offset in the text
  int length = 1;
  std::string message;  // lowercase, no final period
};

struct ParsedExpr {
  std::optional<model::Expr> expr;
  std::optional<ExprParseError> error;
};

ParsedExpr ParseExpr(std::string_view text);

// The microseconds of a duration written `24h`, `1.5h`, `7d`, `30m`, `15s` (digits, optionally
// `.` and digits, then the unit), exact and unbounded but for Ratio's 128 bits: nullopt when the
// text has another shape or overflows them. Not necessarily whole microseconds.
std::optional<Ratio> ParseDurationText(std::string_view text);

// The function a call names, or kNone; and back.
model::Function FindFunction(std::string_view name);
std::string_view FunctionName(model::Function function);

}  // namespace refund::syntax
