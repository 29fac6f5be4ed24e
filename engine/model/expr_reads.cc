// What an expression reads (see expr.h): evaluation works out facts that read only the whole
// order once per order instead of once per item.
#include <string_view>

#include "engine/model/expr.h"
#include "engine/schema/schema.h"

namespace refund::model {

bool ReadsOnlyTheOrder(const Expr& expr) {
  switch (expr.op) {
    case Op::kPath: {
      if (expr.across_items) return true;  // `order.items[].kind`: every item's, so the order's
      if (expr.field < 0) return false;
      const std::string_view path = schema::Fields()[expr.field].path;
      return !path.starts_with("item.") && !path.starts_with("refund.");
    }
    case Op::kLocal:    // a formula step
    case Op::kBuiltin:  // an item's amounts, the decision's total
      return false;
    case Op::kCall:     // inside() and quota_blocked() are about an item's rule
      if (expr.function == Function::kInside || expr.function == Function::kQuotaBlocked) return false;
      break;
    default: break;
  }
  for (const Expr& arg : expr.args)
    if (!ReadsOnlyTheOrder(arg)) return false;
  return true;
}

}  // namespace refund::model
