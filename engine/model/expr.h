// The expression language of policies: conditions (`item.kind == disk and inside(grace)`)
// and amounts (`round(item.list_price * used_days / term_days * multiplier)`).
// Parsed by syntax/expr_parser, typed and resolved by model/expr_checker, walked by eval.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "refund/money.h"

namespace refund::model {

// Static types. kNumber is an exact rational; money is in minor units of the policy currency;
// durations and instants are microseconds.
enum class Type : uint8_t {
  kUnknown,  // not yet typed, or an error already reported
  kBool,
  kString,
  kStrings,  // a list of strings (tags, flags, `order.items[].kind`, list literals)
  kNumber,
  kMoney,
  kDuration,
  kInstant,
};
const char* TypeName(Type type);

enum class Op : uint8_t {
  kLiteral,  // value in `literal`
  kPath,     // an order field: `name` is the path, `field` the resolved field id
  kLocal,    // a formula step defined earlier: `name`, `slot`
  kBuiltin,  // a per-item fact of the evaluation: `refundable`, `unreturned`, `refund`
  kNot,
  kAnd,
  kOr,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIn,      // scalar in list
  kNotIn,
  kHas,     // list has scalar
  kHasAny,  // list has any of list
  kAdd,
  kSub,
  kMul,
  kDiv,
  kNeg,
  kCall,  // `name(args)`; `function` says which
};

enum class Function : uint8_t {
  kNone,
  kCeil,
  kFloor,
  kRound,      // money: to minor units with the policy's rounding; number: to an integer
  kMax,
  kMin,
  kIf,
  kExists,     // exists(path)
  kInside,     // inside(window): request.at before the window's end
  kQuotaBlocked,  // quota_blocked(rule-id): that rule matched this item but its quota was used up
  kFloorHour,  // floor_hour(instant), in the policy's zone
  kCeilHour,
};

// A literal value. Strings and string lists keep their text; numbers are exact.
struct Literal {
  Ratio number;  // kNumber, kMoney (minor units), kDuration / kInstant (micros)
  std::string text;
  std::vector<std::string> list;
  bool boolean = false;
};

struct Expr {
  Op op = Op::kLiteral;
  Type type = Type::kUnknown;
  Function function = Function::kNone;
  std::string name;      // path, local, builtin, function, or the window / rule named by a call
  int field = -1;        // resolved field id for kPath: index into schema::Fields()
  bool across_items = false;  // `order.items[].kind`: the field of every item, as a list
  int slot = -1;         // kLocal: step index; kInside: window index; kQuotaBlocked: rule index
  Literal literal;
  bool literal_is_bare = false;  // a bare word (`unpaid`) rather than a quoted string
  bool literal_is_untyped_number = false;  // `0`, `100.00`: may become money in context
  bool literal_is_percent = false;  // written `10%` (the number is 0.1)
  std::vector<Expr> args;
  int offset = 0;  // position in the expression text (characters), for diagnostics
  int length = 1;
  // DumpExpr(*this), computed once when the policy is built for the nodes a trace prints (an
  // expression's root, comparisons, membership tests); empty elsewhere. See TraceTextOf.
  std::string trace_text;
};

}  // namespace refund::model

namespace refund::model {
// Whether a typed expression reads only facts of the whole order (`order.*`, `account.*`,
// `request.*`, `order.items[].*`): no item, history entry, formula step, amount or window.
bool ReadsOnlyTheOrder(const Expr& expr);
// `(order.status == unpaid) and inside(unpaid_life)`: for dumps and traces.
std::string DumpExpr(const Expr& expr);
// Fills `trace_text` of `expr` and of the comparisons and membership tests inside it, so that a
// trace does not print expressions anew for every order.
void KeepTraceText(Expr& expr);
// The expression's text for a trace: its kept `trace_text`, else DumpExpr into `scratch`.
std::string_view TraceTextOf(const Expr& expr, std::string& scratch);
}  // namespace refund::model
