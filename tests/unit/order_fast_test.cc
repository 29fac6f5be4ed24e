// The one-pass order reader (engine/order/order_fast.cc) held against the tree reader: on every
// input it either gives up or returns the very Order the tree reader does, and ParseOrder's
// result (the order, or the error's path and message) is the tree reader's. It must also not
// give up on the valid orders callers send, or the speedup would silently vanish.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/gen/order_generator.h"
#include "engine/gen/profile.h"
#include "engine/order/order_fast.h"
#include "refund/order.h"
#include "refund/policy.h"
#include "refund/time.h"

namespace {

using refund::OrderResult;
using refund::OrderSettings;

// cloud-cn's settings: CNY and its payment-type aliases (prepaid, 包年包月, ...).
const OrderSettings& CloudCn() {
  static const OrderSettings settings = [] {
    refund::CompileResult compiled = refund::CompilePolicy("rules/cloud-cn");
    REQUIRE(compiled.ok());
    return refund::OrderSettingsOf(compiled.value());
  }();
  return settings;
}

std::vector<std::string> FileLines(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Generated order lines (samples/profiles/cloud.yaml), as `refundctl gen` and bench_engine make
// them; `invalid_per_million` of them broken on purpose.
std::vector<std::string> Generated(uint64_t seed, int64_t count, int64_t invalid_per_million) {
  static const refund::gen::ProfileResult profile =
      refund::gen::ReadProfile("samples/profiles/cloud.yaml");
  REQUIRE(profile.ok());
  return refund::gen::OrderGenerator(profile.value(), seed, invalid_per_million).Lines(count);
}

// The invariant on one text; returns whether the fast reader handled it.
bool SameAsTree(const std::string& json, const OrderSettings& settings = CloudCn()) {
  CAPTURE(json);
  std::optional<refund::Order> fast = refund::order::ParseOrderFast(json, settings);
  OrderResult tree = refund::order::ParseOrderTree(json, settings);
  OrderResult parsed = refund::ParseOrder(json, settings);
  if (fast) {
    REQUIRE_MESSAGE(tree.ok(), "the fast reader accepted an invalid order: ", tree.error().path,
                    ": ", tree.error().message);
    CHECK(*fast == tree.value());
  }
  REQUIRE(parsed.ok() == tree.ok());
  if (tree.ok()) {
    CHECK(parsed.value() == tree.value());
  } else {
    CHECK(parsed.error().path == tree.error().path);
    CHECK(parsed.error().message == tree.error().message);
  }
  CHECK(parsed.order_id() == tree.order_id());
  return fast.has_value();
}

// The first line of samples/orders.jsonl: the example of orders.md (three items, a parent,
// tags, a history refund).
const std::string& Example() {
  static const std::string example = FileLines("samples/orders.jsonl").at(0);
  return example;
}

// The example with an RFC 6902 JSON Patch applied.
std::string Patched(const char* patch) {
  nlohmann::ordered_json order = nlohmann::ordered_json::parse(Example());
  return order.patch(nlohmann::ordered_json::parse(patch)).dump();
}

TEST_CASE("fast reader: every sample line, the reader agrees and handles the valid ones") {
  int handled = 0;
  for (const std::string& line : FileLines("samples/orders.jsonl")) {
    const bool valid = refund::order::ParseOrderTree(line, CloudCn()).ok();
    const bool fast = SameAsTree(line);
    CHECK_MESSAGE(fast == valid, line);
    handled += fast;
  }
  CHECK(handled > 30);
  for (const std::string& line : FileLines("samples/invalid-orders.jsonl")) {
    CHECK_FALSE(SameAsTree(line));
  }
}

TEST_CASE("fast reader: generated orders are all handled and equal the tree reader's") {
  const std::vector<std::string> lines = Generated(3, 3000, 0);
  int handled = 0;
  for (const std::string& line : lines) handled += SameAsTree(line);
  CHECK(handled == static_cast<int>(lines.size()));
  // Without a policy currency, and with the lines pretty-printed or their keys sorted (items
  // then come before payment_type, which the fast reader does not need before the items).
  for (size_t i = 0; i < 200; ++i) {
    CHECK(SameAsTree(lines[i], OrderSettings{}));
    nlohmann::json sorted = nlohmann::json::parse(lines[i]);  // std::map: keys sorted
    CHECK(SameAsTree(sorted.dump()));
    CHECK(SameAsTree(nlohmann::ordered_json::parse(lines[i]).dump(2)));
  }
}

TEST_CASE("fast reader: generated orders broken on purpose") {
  int handled = 0, valid = 0;
  for (const std::string& line : Generated(5, 3000, 300000)) {
    handled += SameAsTree(line);
    valid += refund::order::ParseOrderTree(line, CloudCn()).ok();
  }
  CHECK(handled == valid);  // every valid one is handled, no broken one
  CHECK(valid < 2500);
}

TEST_CASE("ParseOrderInto reads line after line into one Order and answers as ParseOrder does") {
  // Valid and broken generated orders, the samples, and lines only the tree reader takes (an
  // escape in a string), in one sequence: whatever the order before left behind, each answer is
  // ParseOrder's.
  std::vector<std::string> lines = Generated(5, 2000, 300000);
  for (const char* file : {"samples/orders.jsonl", "samples/invalid-orders.jsonl"})
    for (const std::string& line : FileLines(file)) lines.push_back(line);
  for (size_t i = 0; i < 300; ++i) {
    std::string escaped = lines[i];
    if (const size_t at = escaped.find("\"kind\":\""); at != std::string::npos) escaped.insert(at + 8, "\\u0078");
    lines.push_back(escaped);
  }
  std::mt19937 random(3);
  std::shuffle(lines.begin(), lines.end(), random);
  refund::Order order;
  int valid = 0, escaped_valid = 0;
  for (const std::string& line : lines) {
    CAPTURE(line);
    const OrderResult expected = refund::ParseOrder(line, CloudCn());
    const std::optional<OrderResult> invalid = refund::ParseOrderInto(line, CloudCn(), order);
    REQUIRE(invalid.has_value() == !expected.ok());
    if (invalid) {
      CHECK(invalid->error().path == expected.error().path);
      CHECK(invalid->error().message == expected.error().message);
      CHECK(invalid->order_id() == expected.order_id());
      continue;
    }
    CHECK(order == expected.value());
    ++valid;
    escaped_valid += line.find("\\u0078") != std::string::npos;
  }
  CHECK(valid > 1000);
  CHECK(escaped_valid > 100);
}

TEST_CASE("fast reader: every prefix and every one-byte deletion of the example") {
  const std::string& example = Example();
  for (size_t n = 0; n <= example.size(); ++n) SameAsTree(example.substr(0, n));
  for (size_t i = 0; i < example.size(); ++i) {
    std::string cut = example;
    cut.erase(i, 1);
    SameAsTree(cut);
  }
}

// Valid orders the fast reader handles: its result must equal the tree reader's.
const char* const kHandled[] = {
    R"([])",
    // unicode, aliases
    R"([{"op":"replace","path":"/payment_type","value":"包年包月"},{"op":"add","path":"/request/reason","value":"买错了 – wrong région"}])",
    R"([{"op":"replace","path":"/payment_type","value":"prepaid"},{"op":"add","path":"/converted_from","value":"postpaid"}])",
    R"([{"op":"replace","path":"/payment_type","value":"postpaid"},{"op":"remove","path":"/items/0/term"}])",
    R"([{"op":"replace","path":"/payment_type","value":"barter"},{"op":"remove","path":"/items/0/term"}])",
    // missing and null optional fields
    R"([{"op":"remove","path":"/order_type"},{"op":"remove","path":"/history"},{"op":"remove","path":"/account/channel"}])",
    R"([{"op":"replace","path":"/order_type","value":null},{"op":"add","path":"/promotion","value":null},{"op":"replace","path":"/history","value":null}])",
    R"([{"op":"add","path":"/items/0/usage","value":null},{"op":"add","path":"/items/0/paid/coupon","value":null},{"op":"add","path":"/items/1/parent","value":null}])",
    R"([{"op":"replace","path":"/status","value":"unpaid"},{"op":"remove","path":"/paid_at"}])",
    R"([{"op":"replace","path":"/status","value":"unpaid"},{"op":"replace","path":"/paid_at","value":null}])",
    R"([{"op":"replace","path":"/history","value":{}}])",
    R"([{"op":"replace","path":"/history","value":{"refunds":null}}])",
    R"([{"op":"replace","path":"/account","value":{"id":"A","entity":"E","channel":"reseller","flags":["security_risk",""]}}])",
    R"([{"op":"add","path":"/promotion","value":{"id":"P-1","refundable":false}}])",
    R"([{"op":"add","path":"/promotion","value":{}}])",
    R"([{"op":"add","path":"/request/reason","value":null},{"op":"add","path":"/request/id","value":null}])",
    // every value shape
    R"([{"op":"replace","path":"/items/0/paid/cash","value":"12.5"},{"op":"replace","path":"/items/1/paid/cash","value":"300"},{"op":"replace","path":"/items/0/list_price","value":"007.10"}])",
    R"([{"op":"add","path":"/items/0/paid/stored_card","value":"1"},{"op":"add","path":"/items/0/paid/coupon","value":"0.01"}])",
    R"([{"op":"add","path":"/items/0/quantity","value":0},{"op":"add","path":"/items/1/quantity","value":123456789012345678}])",
    R"([{"op":"add","path":"/items/0/usage","value":{"used":"0.00","total":500}}])",
    R"([{"op":"add","path":"/items/0/usage","value":{"used":0,"total":"12.5"}}])",
    R"([{"op":"add","path":"/items/0/usage","value":{}}])",
    R"([{"op":"add","path":"/items/0/state","value":"failed"},{"op":"replace","path":"/order_type","value":"renewal"}])",
    R"([{"op":"replace","path":"/request/at","value":"2026-03-04t01:00:00.123456789z"}])",
    R"([{"op":"replace","path":"/created_at","value":"2026-02-28T23:59:59.5-05:30"}])",
    // links, requests, history
    R"([{"op":"add","path":"/items/0/parent","value":"i-3"},{"op":"remove","path":"/items/1/parent"}])",
    R"([{"op":"add","path":"/request/items","value":["i-3","i-1"]}])",
    R"([{"op":"add","path":"/history/refunds/-","value":{"order_id":"O-1","product":"ecs","at":"2026-01-01T00:00:00Z","type":"cancel"}}])",
    // fields orders.md does not have, holding scalars
    R"([{"op":"add","path":"/extra","value":"x"},{"op":"add","path":"/n","value":-12},{"op":"add","path":"/b","value":true},{"op":"add","path":"/z","value":null}])",
    R"([{"op":"add","path":"/items/0/color","value":"red"},{"op":"add","path":"/items/0/paid/gift","value":0},{"op":"add","path":"/request/k","value":false}])",
};

// Texts the fast reader gives up on, valid or not: the results must still be the tree reader's.
const char* const kDeclined[] = {
    // escapes, control characters
    R"([{"op":"replace","path":"/id","value":"O-\"1\""}])",
    R"([{"op":"add","path":"/request/reason","value":"line\nbreak"}])",
    // constructs left to the tree reader
    R"([{"op":"add","path":"/extra","value":{"a":[1,2.5,null]}}])",
    R"([{"op":"add","path":"/extra","value":[]}])",
    R"([{"op":"add","path":"/extra","value":2.5}])",
    R"([{"op":"add","path":"/items/0/quantity","value":1234567890123456789}])",
    R"([{"op":"add","path":"/a","value":1},{"op":"add","path":"/b","value":1},{"op":"add","path":"/c","value":1},{"op":"add","path":"/d","value":1},{"op":"add","path":"/e","value":1},{"op":"add","path":"/f","value":1},{"op":"add","path":"/g","value":1},{"op":"add","path":"/h","value":1},{"op":"add","path":"/i","value":1}])",
    // invalid orders
    R"([{"op":"replace","path":"/status","value":null}])",
    R"([{"op":"remove","path":"/account/id"}])",
    R"([{"op":"replace","path":"/status","value":"open"}])",
    R"([{"op":"replace","path":"/order_type","value":"resale"}])",
    R"([{"op":"replace","path":"/account/channel","value":"partner"}])",
    R"([{"op":"add","path":"/items/0/state","value":"broken"}])",
    R"([{"op":"replace","path":"/history/refunds/0/type","value":"goodwill"}])",
    R"([{"op":"remove","path":"/history/refunds/0/at"}])",
    R"([{"op":"replace","path":"/history/refunds","value":[null]}])",
    R"([{"op":"replace","path":"/items/2/tags","value":["a",null]}])",
    R"([{"op":"replace","path":"/account/flags","value":[true]}])",
    R"([{"op":"add","path":"/promotion","value":{"id":"P","refundable":"no"}}])",
    R"([{"op":"replace","path":"/items/0/paid/cash","value":12.5}])",
    R"([{"op":"replace","path":"/items/0/list_price","value":3650}])",
    R"([{"op":"replace","path":"/items/0/paid/cash","value":"12."}])",
    R"([{"op":"replace","path":"/items/0/paid/cash","value":"-1"}])",
    R"([{"op":"replace","path":"/items/1/paid/cash","value":"1.234"}])",
    R"([{"op":"replace","path":"/items/0/paid/cash","value":"92233720368547758.08"}])",
    R"([{"op":"replace","path":"/items/0/paid/cash","value":"92233720368547758.07"},{"op":"replace","path":"/items/1/paid/cash","value":"0.01"}])",
    R"([{"op":"replace","path":"/created_at","value":"2026-03-01T10:00:00"}])",
    R"([{"op":"replace","path":"/request/at","value":"2026-03-04 09:00:00+08:00"}])",
    R"([{"op":"replace","path":"/paid_at","value":"2026-02-30T10:05:00+08:00"}])",
    R"([{"op":"replace","path":"/created_at","value":1700000000}])",
    R"([{"op":"replace","path":"/currency","value":"cny"}])",
    R"([{"op":"replace","path":"/currency","value":"USD"}])",
    R"([{"op":"replace","path":"/currency","value":"QQQ"}])",
    R"([{"op":"replace","path":"/items","value":[]}])",
    R"([{"op":"replace","path":"/items/2/id","value":"i-1"}])",
    R"([{"op":"add","path":"/items/0/quantity","value":-1}])",
    R"([{"op":"add","path":"/items/0/quantity","value":"2"}])",
    R"([{"op":"add","path":"/items/0/usage","value":{"used":-3}}])",
    R"([{"op":"add","path":"/items/0/usage","value":{"used":"1e3"}}])",
    R"([{"op":"remove","path":"/items/1/term"}])",
    R"([{"op":"replace","path":"/items/1/term","value":null}])",
    R"([{"op":"replace","path":"/payment_type","value":"prepaid"},{"op":"remove","path":"/items/0/term"}])",
    R"([{"op":"replace","path":"/items/0/term/end","value":"2026-03-01T02:05:00Z"}])",
    R"([{"op":"remove","path":"/items/0/term/start"}])",
    R"([{"op":"replace","path":"/items/1/parent","value":"i-9"}])",
    R"([{"op":"add","path":"/items/0/parent","value":"i-1"}])",
    R"([{"op":"add","path":"/items/0/parent","value":"i-2"}])",
    R"([{"op":"add","path":"/items/2/parent","value":"i-2"},{"op":"add","path":"/items/0/parent","value":"i-3"}])",
    R"([{"op":"add","path":"/request/items","value":[]}])",
    R"([{"op":"add","path":"/request/items","value":["i-1","i-7"]}])",
    R"([{"op":"add","path":"/request/items","value":["i-2","i-2"]}])",
    R"([{"op":"add","path":"/request/items","value":[1]}])",
    R"([{"op":"add","path":"/request/items","value":null},{"op":"remove","path":"/request/at"}])",
    R"([{"op":"remove","path":"/paid_at"}])",
    R"([{"op":"replace","path":"/status","value":"cancelled"},{"op":"replace","path":"/paid_at","value":null}])",
    R"([{"op":"remove","path":"/request"}])",
    R"([{"op":"remove","path":"/items/0/paid"}])",
    R"([{"op":"replace","path":"/account","value":[1]}])",
    R"([{"op":"replace","path":"/history","value":{"refunds":{}}}])",
};

TEST_CASE("fast reader: hand-written variants of the example") {
  for (const char* patch : kHandled) {
    CAPTURE(patch);
    CHECK(SameAsTree(Patched(patch)));
  }
  for (const char* patch : kDeclined) {
    CAPTURE(patch);
    CHECK_FALSE(SameAsTree(Patched(patch)));
  }
}

TEST_CASE("fast reader: texts that are not the usual line") {
  const std::string& example = Example();
  std::string body = example.substr(1);  // after the root's '{'
  const std::string handled[] = {
      " \t\r\n" + example + " \n",
      R"({"id" : "O-1" , )" + example.substr(example.find("\"status\"")),
  };
  for (const std::string& text : handled) CHECK(SameAsTree(text));
  const std::string declined[] = {
      "",
      "{}",
      "[" + example + "]",
      "\xEF\xBB\xBF" + example,
      example + " x",
      example + "}",
      R"({"id":"O-\u0031",)" + body.substr(body.find("\"status\"")),  // escape in a value
      R"({"\u0069d":"O-1",)" + body,                                  // an escaped duplicate key
      R"({"id":"O-1",)" + body,                                        // a duplicate key
      R"({"currency":"CNY","currency":"CNY",)" + body,
      // items before currency: valid, left to the tree reader
      R"({"items":[{"id":"i","product":"p","kind":"k","list_price":"1","paid":{}}],)"
      R"("id":"O-1","status":"unpaid","payment_type":"payg","created_at":"2026-03-01T10:00:00Z",)"
      R"("currency":"CNY","account":{"id":"A"},"request":{"at":"2026-03-02T10:00:00Z"}})",
      "{\"id\":\"O-\xC3\x28\"," + body,  // invalid utf-8
      "{\"id\":\"O-\xED\xA0\x80\"," + body,
      R"({"id":"O-1","x":-})",
      R"({"id":"O-1","x":-01})",
      R"({"id":"O-1","x":nul})",
      R"({"id":"O-1","x":1e5})",
      R"({"id":7})",
      std::string(1000, '['),
  };
  for (const std::string& text : declined) CHECK_FALSE(SameAsTree(text));
}

// An order of `count` items, item k the parent of item k+1 when `chain`; `extra` is appended to
// the request object.
std::string ManyItems(int count, bool chain, const std::string& request_extra) {
  std::string items;
  for (int k = 0; k < count; ++k) {
    if (k > 0) items += ',';
    items += fmt::format(R"({{"id":"i-{}","product":"ecs","kind":"disk",{}"list_price":"1.00",)"
                         R"("paid":{{"cash":"1.00"}}}})",
                         k, chain && k > 0 ? fmt::format(R"("parent":"i-{}",)", k - 1) : "");
  }
  return fmt::format(
      R"({{"id":"O-M","status":"paid","payment_type":"payg","created_at":"2026-03-01T10:00:00Z",)"
      R"("paid_at":"2026-03-01T10:00:00Z","currency":"CNY","account":{{"id":"A"}},"items":[{}],)"
      R"("request":{{"at":"2026-03-02T10:00:00Z"{}}}}})",
      items, request_extra);
}

TEST_CASE("fast reader: orders with many items, past the scanned id index") {
  for (int count : {1, 16, 17, 40}) {
    CAPTURE(count);
    CHECK(SameAsTree(ManyItems(count, true, "")));
    CHECK(SameAsTree(ManyItems(count, false, R"(,"items":["i-0"])")));
    std::string all;
    for (int k = count - 1; k >= 0; --k) all += fmt::format(R"({}"i-{}")", all.empty() ? "" : ",", k);
    CHECK(SameAsTree(ManyItems(count, true, R"(,"items":[)" + all + "]")));
    CHECK_FALSE(SameAsTree(ManyItems(count, true, R"(,"items":["i-0","i-0"])")));
    CHECK_FALSE(SameAsTree(ManyItems(count, false, R"(,"items":["i-99"])")));
  }
  // A duplicate id, a cycle and an unknown parent among many items.
  std::string twice = ManyItems(30, false, "");
  twice.replace(twice.find("\"i-29\""), 6, "\"i-3\"");
  CHECK_FALSE(SameAsTree(twice));
  std::string cycle = ManyItems(30, true, "");
  cycle.replace(cycle.find(R"("id":"i-0",)"), 11, R"("id":"i-0","parent":"i-29",)");
  CHECK_FALSE(SameAsTree(cycle));
  std::string orphan = ManyItems(30, true, "");
  orphan.replace(orphan.find(R"("parent":"i-7")"), 14, R"("parent":"i-x")");
  CHECK_FALSE(SameAsTree(orphan));
  // request.items longer than the fast reader keeps: valid, left to the tree reader.
  std::string all;
  for (int k = 0; k < 65; ++k) all += fmt::format(R"({}"i-{}")", k == 0 ? "" : ",", k);
  CHECK_FALSE(SameAsTree(ManyItems(65, false, R"(,"items":[)" + all + "]")));
}

}  // namespace

TEST_CASE("fast reader: timestamps one byte away from the last ones read") {
  // The reader remembers the last two timestamps it read: a text differing from them anywhere,
  // even in the last byte or within the overlapping last word, must be read afresh.
  const std::string paid = "2026-03-01T10:05:00+08:00";
  int variants = 0;
  for (size_t k = 0; k < paid.size(); ++k) {
    for (char digit = '0'; digit <= '9'; ++digit) {
      std::string other = paid;
      if (!std::isdigit(static_cast<unsigned char>(other[k])) || other[k] == digit) continue;
      other[k] = digit;
      if (!refund::ParseTimestamp(other)) continue;  // not a valid instant: nothing to remember
      CAPTURE(other);
      const std::string patch = fmt::format(
          R"([{{"op":"replace","path":"/items/0/term/end","value":"{0}"}},)"
          R"({{"op":"replace","path":"/items/1/term/start","value":"{0}"}},)"
          R"({{"op":"replace","path":"/items/2/term/end","value":"{0}"}},)"
          R"({{"op":"replace","path":"/request/at","value":"{0}"}}])",
          other);
      const std::string json = Patched(patch.c_str());
      const bool valid = refund::order::ParseOrderTree(json, CloudCn()).ok();
      CHECK(SameAsTree(json) == valid);  // the fast reader handles every valid one
      variants += valid;
    }
  }
  CHECK(variants > 50);
}
