// Cost bounds of evaluation and explanation, checked by counting work (engine/eval/work.h), never
// by timing: parent chains are followed in a loop, each link once; a quota's history is visited
// once per order, not once per item; earlier grants are found through an index; an explanation
// re-evaluates the order a bounded number of times whatever its lines and dates.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/eval/work.h"
#include "refund/explain.h"
#include "refund/policy.h"

namespace {

using refund::Order;
using refund::eval::ThreadWork;

const refund::CompiledPolicy& Policy(const std::string& dir) {
  static refund::CompileResult cn = refund::CompilePolicy("rules/cloud-cn");
  static refund::CompileResult hourly = refund::CompilePolicy("rules/cloud-hourly");
  const refund::CompileResult& r = dir == "rules/cloud-cn" ? cn : hourly;
  REQUIRE(r.ok());
  return r.value();
}

// A cloud-cn order of one subscription line (O-1001's dates) that paid `paid` in cash.
Order OneLine(const std::string& request_at = "2026-03-04T09:00:00+08:00",
              const std::string& term_end = "2027-03-01T10:05:00+08:00", const std::string& paid = "100.00") {
  const std::string json =
      R"({"id":"O-C","status":"paid","payment_type":"subscription","created_at":"2026-03-01T10:00:00+08:00",)"
      R"("paid_at":"2026-03-01T10:05:00+08:00","currency":"CNY","account":{"id":"A-1"},"items":[)"
      R"({"id":"x","product":"ecs","kind":"instance","list_price":")" + paid + R"(","paid":{"cash":")" + paid + R"("},)"
      R"("term":{"start":"2026-03-01T10:05:00+08:00","end":")" + term_end + R"("}}],"request":{"at":")" + request_at + R"("}})";
  refund::OrderResult r = refund::ParseOrder(json, refund::OrderSettingsOf(Policy("rules/cloud-cn")));
  REQUIRE(r.ok());
  return r.value();
}

// `n` copies of the order's line, ids "0".."n-1".
Order Lines(Order order, int n) {
  const refund::Item line = order.items.front();
  order.items.assign(n, line);
  for (int k = 0; k < n; ++k) order.items[k].id = std::to_string(k);
  return order;
}

// Data disks in a chain listed child first: item k's parent is item k+1, the last an instance.
Order DiskChain(int n) {
  Order order = Lines(OneLine(), n);
  for (int k = 0; k + 1 < n; ++k) {
    order.items[k].kind = "data_disk";
    order.items[k].parent = std::to_string(k + 1);
    order.items[k].parent_index = k + 1;
  }
  return order;
}

refund::HistoryRefund Entry(const std::string& product) {
  return {"O-H", product, refund::ParseTimestamp("2026-01-10T12:00:00+08:00").value(), "no_reason"};
}

std::string Product(int k) { return std::string("p").append(std::to_string(k)); }

bool HasCode(const refund::ItemDecision& item, const std::string& code) {
  for (const refund::Reason& r : item.reasons)
    if (r.code == code) return true;
  return false;
}

TEST_CASE("a 100k-item parent chain listed child first is decided in a loop, each link once") {
  constexpr int kItems = 100000;
  const Order order = DiskChain(kItems);
  ThreadWork() = {};
  const refund::Decision d = refund::Evaluate(Policy("rules/cloud-cn"), order, {});
  CHECK(ThreadWork().parent_steps <= static_cast<uint64_t>(kItems));
  REQUIRE(d.items.size() == static_cast<size_t>(kItems));
  CHECK(d.outcome == refund::Outcome::kFullRefund);  // every disk follows the instance's five-day refund
  CHECK(d.refund_total == int64_t{kItems} * 10000);
  CHECK(d.items.front().rule == "sub-item-follows-parent");
}

TEST_CASE("a chain whose top line is not requested leaves every line below it an orphan") {
  constexpr int kItems = 50000;
  Order order = DiskChain(kItems);
  for (int k = kItems - 2; k >= 0; --k) order.request.items.push_back(k);  // all but the instance, top down
  order.request.items_given = true;
  const refund::Decision d = refund::Evaluate(Policy("rules/cloud-cn"), order, {});
  REQUIRE(d.items.size() == static_cast<size_t>(kItems - 1));
  CHECK(d.refund_total == 0);
  CHECK(HasCode(d.items.front(), "MUST_REFUND_WITH_PARENT"));
  CHECK(HasCode(d.items.back(), "MUST_REFUND_WITH_PARENT"));
}

TEST_CASE("a quota visits each history entry once per order, not once per item") {
  constexpr int kItems = 1000, kEntries = 20000, kUsedProducts = 50;
  Order order = Lines(OneLine(), kItems);
  for (int k = 0; k < kItems; ++k) order.items[k].product = Product(k);
  for (int h = 0; h < kEntries; ++h) order.history.push_back(Entry(Product(h % kUsedProducts)));
  ThreadWork() = {};
  const refund::Decision d = refund::Evaluate(Policy("rules/cloud-cn"), order, {});
  CHECK(ThreadWork().history_entries <= static_cast<uint64_t>(kEntries));  // cloud-cn has one quota
  REQUIRE(d.items.size() == static_cast<size_t>(kItems));
  // Each line decided alone with the same history gets the same decision.
  for (int k : {0, kUsedProducts - 1, kUsedProducts, kItems - 1}) {
    CAPTURE(k);
    Order alone = order;
    alone.items = {order.items[k]};
    const refund::Decision one = refund::Evaluate(Policy("rules/cloud-cn"), alone, {});
    REQUIRE(one.items.size() == 1);
    CHECK(one.items[0].refund == d.items[k].refund);
    CHECK(HasCode(d.items[k], "NO_REASON_QUOTA_USED") == (k < kUsedProducts));
    CHECK(HasCode(one.items[0], "NO_REASON_QUOTA_USED") == (k < kUsedProducts));
    CHECK(one.items[0].reasons.front().message == d.items[k].reasons.front().message);
  }
}

TEST_CASE("lines of a thousand quota groups find the earlier lines' grants through an index") {
  constexpr int kGroups = 1000;
  Order order = Lines(OneLine(), 2 * kGroups);
  for (int k = 0; k < 2 * kGroups; ++k) order.items[k].product = Product(k % kGroups);
  ThreadWork() = {};
  const refund::Decision d = refund::Evaluate(Policy("rules/cloud-cn"), order, {});
  CHECK(ThreadWork().grant_probes <= static_cast<uint64_t>(16 * 17 + 2 * kGroups));
  REQUIRE(d.items.size() == static_cast<size_t>(2 * kGroups));
  for (int k : {0, kGroups - 1}) CHECK(d.items[k].outcome == refund::Outcome::kFullRefund);
  for (int k : {kGroups, 2 * kGroups - 1}) CHECK(HasCode(d.items[k], "NO_REASON_QUOTA_USED"));
}

// Evaluations an explanation of `order` makes.
uint64_t ExplainEvaluations(const Order& order) {
  ThreadWork() = {};
  refund::Explain(Policy("rules/cloud-cn"), order, {});
  return ThreadWork().evaluations;
}

TEST_CASE("an explanation re-evaluates an order as often whatever its number of lines") {
  // Past the five-day window: partial refunds by days used, so every kind of what-if is searched;
  // a voucher keeps one line from a full refund.
  Order small = Lines(OneLine("2026-03-20T09:00:00+08:00"), 40);
  small.items.back().paid.voucher = 100;
  Order large = Lines(OneLine("2026-03-20T09:00:00+08:00"), 160);
  large.items.back().paid.voucher = 100;
  const uint64_t at_40 = ExplainEvaluations(small), at_160 = ExplainEvaluations(large);
  CHECK(at_160 == at_40);
  CHECK(at_160 < 1200);
}

TEST_CASE("an explanation of a line whose term runs to 9999 re-evaluates it a bounded number of times") {
  const Order order = OneLine("2026-03-20T09:00:00+08:00", "9999-12-31T00:00:00Z", "9000000000.00");
  REQUIRE(refund::Evaluate(Policy("rules/cloud-cn"), order, {}).outcome == refund::Outcome::kPartialRefund);
  const uint64_t evaluations = ExplainEvaluations(order);  // a walk of every day to 9999 took millions
  CHECK(evaluations > 3700);
  CHECK(evaluations < 3 * (3700 + 66) + 100);  // whatif.cc: kMaxSteps strides per walk, bisections
}

}  // namespace

namespace {

TEST_CASE("the what-ifs of a large order stay within their work budget") {
  constexpr int kLines = 200, kEntries = 20000;  // one evaluation: ~20k units of work
  Order order = Lines(OneLine("2026-03-20T09:00:00+08:00"), kLines);
  order.items.back().paid.voucher = 100;
  for (int h = 0; h < kEntries; ++h) order.history.push_back(Entry(Product(h % 50)));
  ThreadWork() = {};
  refund::Explain(Policy("rules/cloud-cn"), order, {});
  const uint64_t work = ThreadWork().items + ThreadWork().entries;
  const uint64_t size = kLines + kEntries + 1;
  CHECK(ThreadWork().evaluations > 1);    // some statements were still searched
  CHECK(work <= 2'000'000 + 2 * size);    // whatif.cc's kWorkBudget, and the explained evaluation
}

}  // namespace
