// The limits of one order (README.md "Limits"): items and history entries are read up to their
// limit and refused one past it, at the array's JSON Pointer, by both readers; messages quote at
// most kMaxQuotedBytes of a value, so a huge id or a long cycle still makes a short message.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>

#include "refund/order.h"

namespace {

refund::OrderSettings Cny() {
  refund::OrderSettings settings;
  settings.currency = refund::Currency::Find("CNY");
  return settings;
}

// A pay-as-you-go order (no terms needed) with `items` lines and `history` earlier refunds;
// `item` writes line k, so a test can shape the lines.
template <typename ItemText>
std::string OrderWith(size_t items, size_t history, ItemText item) {
  std::string text =
      R"({"id":"O-L","status":"paid","payment_type":"pay_as_you_go","created_at":"2026-03-01T10:00:00+08:00",)"
      R"("paid_at":"2026-03-01T10:05:00+08:00","currency":"CNY","account":{"id":"A-1"},"items":[)";
  for (size_t k = 0; k < items; ++k) {
    if (k > 0) text += ',';
    text += item(k);
  }
  text += R"(],"request":{"at":"2026-03-02T10:00:00+08:00"},"history":{"refunds":[)";
  for (size_t k = 0; k < history; ++k) {
    if (k > 0) text += ',';
    text += R"({"order_id":"O-0","product":"ecs","at":"2026-01-10T12:00:00+08:00","type":"full"})";
  }
  return text + "]}}";
}

std::string PlainItem(size_t k) {
  return fmt::format(R"({{"id":"i-{}","product":"ecs","kind":"instance","list_price":"1.00","paid":{{"cash":"1.00"}}}})", k);
}

// ParseOrder and ParseOrderInto (the one-pass reader and its fallback) agree on `text`.
refund::OrderResult ParseBothWays(const std::string& text) {
  refund::OrderResult result = refund::ParseOrder(text, Cny());
  refund::Order kept;
  std::optional<refund::OrderResult> into = refund::ParseOrderInto(text, Cny(), kept);
  CHECK(into.has_value() == !result.ok());
  if (into && !result.ok()) {
    CHECK(into->error().path == result.error().path);
    CHECK(into->error().message == result.error().message);
  }
  return result;
}

}  // namespace

TEST_CASE("an order holds up to the item limit, and one item more is refused at /items") {
  refund::OrderResult at_limit = ParseBothWays(OrderWith(refund::kMaxOrderItems, 0, PlainItem));
  REQUIRE(at_limit.ok());
  CHECK(at_limit.value().items.size() == refund::kMaxOrderItems);

  refund::OrderResult past = ParseBothWays(OrderWith(refund::kMaxOrderItems + 1, 0, PlainItem));
  REQUIRE_FALSE(past.ok());
  CHECK(past.error().path == "/items");
  CHECK(past.error().message == fmt::format("an order holds at most {} items, got {}", refund::kMaxOrderItems,
                                            refund::kMaxOrderItems + 1));
}

TEST_CASE("history holds up to its limit, and one refund more is refused at /history/refunds") {
  refund::OrderResult at_limit = ParseBothWays(OrderWith(1, refund::kMaxHistoryRefunds, PlainItem));
  REQUIRE(at_limit.ok());
  CHECK(at_limit.value().history.size() == refund::kMaxHistoryRefunds);

  refund::OrderResult past = ParseBothWays(OrderWith(1, refund::kMaxHistoryRefunds + 1, PlainItem));
  REQUIRE_FALSE(past.ok());
  CHECK(past.error().path == "/history/refunds");
  CHECK(past.error().message == fmt::format("history holds at most {} refunds, got {}", refund::kMaxHistoryRefunds,
                                            refund::kMaxHistoryRefunds + 1));
}

TEST_CASE("a cycle through every item names its first links, not all of them") {
  constexpr size_t kItems = 50'000;
  // i-k's parent is i-(k+1), and the last line's parent is the first: one cycle through all.
  refund::OrderResult result = ParseBothWays(OrderWith(kItems, 0, [](size_t k) {
    return fmt::format(R"({{"id":"i-{}","product":"ecs","kind":"instance","parent":"i-{}","list_price":"1.00","paid":{{"cash":"1.00"}}}})",
                       k, (k + 1) % kItems);
  }));
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().path == "/items/0/parent");
  CHECK(result.error().message ==
        "item \"i-0\" is its own ancestor (i-0 -> i-1 -> i-2 -> i-3 -> i-4 -> i-5 -> i-6 -> i-7 -> ... (50000 items) -> i-0)");
}

TEST_CASE("a huge id is quoted by its first 64 bytes in a message") {
  const std::string id(1 << 20, 'x');
  refund::OrderResult result = ParseBothWays(OrderWith(2, 0, [&](size_t) {
    return fmt::format(R"({{"id":"{}","product":"ecs","kind":"instance","list_price":"1.00","paid":{{"cash":"1.00"}}}})", id);
  }));
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().path == "/items/1/id");
  CHECK(result.error().message == fmt::format("duplicate item id \"{}...\", first at /items/0", std::string(64, 'x')));
}

TEST_CASE("a quoted value is cut between characters, never inside one") {
  // 63 ASCII bytes then a 3-byte character straddling byte 64: the cut falls before it.
  const std::string id = std::string(63, 'a') + "\xE4\xB8\xAD" + "tail";
  refund::OrderResult result = ParseBothWays(OrderWith(2, 0, [&](size_t) {
    return fmt::format(R"({{"id":"{}","product":"ecs","kind":"instance","list_price":"1.00","paid":{{"cash":"1.00"}}}})", id);
  }));
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message == fmt::format("duplicate item id \"{}...\", first at /items/0", std::string(63, 'a')));
}
