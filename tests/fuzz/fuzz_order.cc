// Fuzz target: any bytes as one order line, read with cloud-cn's settings (CNY, its payment-type
// aliases). ParseOrder must return a result, never crash; an invalid order names a JSON Pointer.
// Differential: when the one-pass reader handles the input, its order is the tree reader's,
// and ParseOrder's result (order, or error path and message) is always the tree reader's; so is
// ParseOrderInto's, read into one Order kept from input to input (as a batch reuses it).
// Framing: the same bytes as a whole input give OrderReader's records exactly as orders.md
// frames them: one record per non-blank physical line, numbered by that line, holding its bytes
// (a NUL among them), unless the input is an array or one pretty-printed JSON object.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/order/json_parser.h"
#include "engine/order/order_fast.h"
#include "refund/order.h"

namespace {

bool IsBlank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// The records of `text` read as JSON Lines (a reference for OrderReader, written plainly).
std::vector<std::pair<int64_t, std::string>> JsonLines(std::string_view text) {
  std::vector<std::pair<int64_t, std::string>> lines;
  int64_t number = 0;
  bool first = true;
  while (!text.empty()) {
    const size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (IsBlank(line)) continue;
    if (first) line.remove_prefix(line.find_first_not_of(" \t\r"));  // the reader skips to it
    first = false;
    lines.emplace_back(number, std::string(line));
  }
  return lines;
}

void CheckFraming(std::string_view text) {
  std::istringstream in{std::string(text)};
  refund::OrderReader reader(in);
  std::vector<std::pair<int64_t, std::string>> records;
  refund::InputRecord record;
  while (reader.Next(record)) records.emplace_back(record.number, record.text);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '[') return;  // array input
  if (records == JsonLines(text)) return;
  // Otherwise only one pretty-printed object: the whole input, one JSON value, line 1.
  const std::string_view whole = first == std::string_view::npos ? "" : text.substr(first);
  const bool one_object = !whole.empty() && whole[0] == '{' && !refund::order::CheckJsonSyntax(whole);
  if (!one_object || records.size() != 1 || records[0].first != 1 || records[0].second != whole) __builtin_trap();
}

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
  CheckFraming(text);
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
