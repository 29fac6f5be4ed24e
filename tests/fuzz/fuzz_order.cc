// Fuzz target: any bytes as one order line, read with cloud-cn's settings (CNY, its payment-type
// aliases). ParseOrder must return a result, never crash; an invalid order names a JSON Pointer.
// Differential: when the one-pass reader handles the input, its order is the tree reader's,
// and ParseOrder's result (order, or error path and message) is always the tree reader's; so is
// ParseOrderInto's, read into one Order kept from input to input (as a batch reuses it).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/order/order_fast.h"
#include "refund/order.h"

namespace {

refund::OrderSettings CloudCnSettings() {
  refund::OrderSettings settings;
  settings.currency = refund::Currency::Find("CNY");
  settings.payment_type_aliases = {{"prepaid", "subscription"}, {"包年包月", "subscription"},
                                   {"预付费", "subscription"},  {"postpaid", "pay_as_you_go"},
                                   {"payg", "pay_as_you_go"},   {"按量付费", "pay_as_you_go"},
                                   {"后付费", "pay_as_you_go"}, {"资源包", "resource_plan"}};
  return settings;
}

bool SameResult(const refund::OrderResult& a, const refund::OrderResult& b) {
  if (a.ok() != b.ok() || a.order_id() != b.order_id()) return false;
  if (a.ok()) return a.value() == b.value();
  return a.error().path == b.error().path && a.error().message == b.error().message;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const refund::OrderSettings settings = CloudCnSettings();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const refund::OrderResult result = refund::ParseOrder(text, settings);
  if (!result.ok() && !result.error().path.empty() && result.error().path[0] != '/') __builtin_trap();
  if (result.ok() && result.value().items.empty()) __builtin_trap();

  const std::optional<refund::Order> fast = refund::order::ParseOrderFast(text, settings);
  const refund::OrderResult tree = refund::order::ParseOrderTree(text, settings);
  if (fast && !(tree.ok() && *fast == tree.value())) __builtin_trap();
  if (!SameResult(result, tree)) __builtin_trap();

  static refund::Order reused;  // whatever the inputs before left in it
  const std::optional<refund::OrderResult> invalid = refund::ParseOrderInto(text, settings, reused);
  if (invalid.has_value() == result.ok()) __builtin_trap();
  if (invalid ? !SameResult(*invalid, result) : !(reused == result.value())) __builtin_trap();
  return 0;
}
