// Fuzz target: any bytes as one order line, read with cloud-cn's settings (CNY, its payment-type
// aliases). ParseOrder must return a result, never crash; an invalid order names a JSON Pointer.
#include <cstddef>
#include <cstdint>
#include <string_view>

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const refund::OrderSettings settings = CloudCnSettings();
  const refund::OrderResult result =
      refund::ParseOrder(std::string_view(reinterpret_cast<const char*>(data), size), settings);
  if (!result.ok() && !result.error().path.empty() && result.error().path[0] != '/') __builtin_trap();
  if (result.ok() && result.value().items.empty()) __builtin_trap();
  return 0;
}
