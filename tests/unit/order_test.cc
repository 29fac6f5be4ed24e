// Order parsing (engine/order): every rule of orders.md "Invalid input", each as one row that
// turns the valid example order O-1001 into an invalid one, plus the framing of OrderReader.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/order/json_parser.h"
#include "engine/order/order_fast.h"
#include "engine/order/json_tree.h"
#include "refund/order.h"

namespace {

using refund::OrderResult;
using refund::OrderSettings;

// The example of orders.md, verbatim but on one line.
const char* const kExample =
    R"({"id":"O-1001","status":"paid","order_type":"new","payment_type":"subscription",)"
    R"("created_at":"2026-03-01T10:00:00+08:00","paid_at":"2026-03-01T10:05:00+08:00","currency":"CNY",)"
    R"("account":{"id":"A-7","channel":"direct","flags":[]},"items":[)"
    R"({"id":"i-1","product":"ecs","kind":"instance","list_price":"3650.00",)"
    R"("paid":{"cash":"2900.00","voucher":"100.00"},)"
    R"("term":{"start":"2026-03-01T10:05:00+08:00","end":"2027-03-01T10:05:00+08:00"}},)"
    R"({"id":"i-2","product":"ecs","kind":"system_disk","parent":"i-1","list_price":"365.00",)"
    R"("paid":{"cash":"365.00"},)"
    R"("term":{"start":"2026-03-01T10:05:00+08:00","end":"2027-03-01T10:05:00+08:00"}},)"
    R"({"id":"i-3","product":"ecs","kind":"image","tags":["marketplace","os_license"],"list_price":"200.00",)"
    R"("paid":{"cash":"200.00"},)"
    R"("term":{"start":"2026-03-01T10:05:00+08:00","end":"2027-03-01T10:05:00+08:00"}}],)"
    R"("request":{"id":"R-1","at":"2026-03-04T09:00:00+08:00"},)"
    R"("history":{"refunds":[{"order_id":"O-0990","product":"oss","at":"2026-01-10T12:00:00+08:00","type":"no_reason"}]}})";

OrderSettings Cny() {
  OrderSettings settings;
  settings.currency = refund::Currency::Find("CNY");
  settings.payment_type_aliases = {{"prepaid", "subscription"}, {"postpaid", "pay_as_you_go"}};
  return settings;
}

// The example with an RFC 6902 JSON Patch applied.
std::string Patched(const char* patch) {
  nlohmann::ordered_json order = nlohmann::ordered_json::parse(kExample);
  return order.patch(nlohmann::ordered_json::parse(patch)).dump();
}

struct InvalidCase {
  const char* rule;
  const char* patch;
  const char* path;
  const char* message;  // a part of the message
};

const InvalidCase kInvalid[] = {
    {"a required field that is null is missing", R"([{"op":"replace","path":"/status","value":null}])",
     "/status", "missing required field"},
    {"a required field that is absent is missing", R"([{"op":"remove","path":"/account/id"}])",
     "/account/id", "missing required field"},
    {"a required item field is missing", R"([{"op":"remove","path":"/items/1/kind"}])",
     "/items/1/kind", "missing required field"},
    {"a string field holding a number", R"([{"op":"replace","path":"/id","value":12}])", "/id",
     "expected a string, got number"},
    {"account must be an object", R"([{"op":"replace","path":"/account","value":[1]}])",
     "/account", "expected an object, got array"},
    {"status is enumerated", R"([{"op":"replace","path":"/status","value":"open"}])", "/status",
     R"(expected one of unpaid, paid, cancelled, refunded, got "open")"},
    {"order_type is enumerated", R"([{"op":"replace","path":"/order_type","value":"resale"}])",
     "/order_type", R"(expected one of new, renewal, upgrade, downgrade, got "resale")"},
    {"account.channel is enumerated",
     R"([{"op":"replace","path":"/account/channel","value":"partner"}])", "/account/channel",
     R"(expected one of direct, reseller, got "partner")"},
    {"item.state is enumerated", R"([{"op":"add","path":"/items/0/state","value":"broken"}])",
     "/items/0/state", R"(got "broken")"},
    {"an enum holding a number", R"([{"op":"replace","path":"/status","value":1}])", "/status",
     "got number 1"},
    {"history refund type is enumerated",
     R"([{"op":"replace","path":"/history/refunds/0/type","value":"goodwill"}])",
     "/history/refunds/0/type", R"(expected one of no_reason, partial, full, cancel, got "goodwill")"},
    {"a history refund needs its fields", R"([{"op":"remove","path":"/history/refunds/0/at"}])",
     "/history/refunds/0/at", "missing required field"},
    {"tags must be an array", R"([{"op":"replace","path":"/items/2/tags","value":"marketplace"}])",
     "/items/2/tags", "expected an array, got string"},
    {"tags must hold strings", R"([{"op":"replace","path":"/items/2/tags/1","value":5}])",
     "/items/2/tags/1", "expected a string, got number 5"},
    {"flags must hold strings", R"([{"op":"replace","path":"/account/flags","value":[true]}])",
     "/account/flags/0", "expected a string, got boolean true"},
    {"promotion.refundable must be a boolean",
     R"([{"op":"add","path":"/promotion","value":{"id":"P","refundable":"no"}}])",
     "/promotion/refundable", "expected a boolean, got string"},
    {"money as a json number", R"([{"op":"replace","path":"/items/0/paid/cash","value":12.5}])",
     "/items/0/paid/cash", "money must be a decimal string, got number 12.5"},
    {"money as a json integer", R"([{"op":"replace","path":"/items/0/list_price","value":3650}])",
     "/items/0/list_price", "money must be a decimal string, got number 3650"},
    {"money without digits after the point",
     R"([{"op":"replace","path":"/items/0/paid/cash","value":"12."}])", "/items/0/paid/cash", "12."},
    {"money without digits before the point",
     R"([{"op":"replace","path":"/items/0/paid/cash","value":".5"}])", "/items/0/paid/cash", ".5"},
    {"money with a sign", R"([{"op":"replace","path":"/items/0/paid/cash","value":"-1"}])",
     "/items/0/paid/cash", "-1"},
    {"money with a plus sign", R"([{"op":"replace","path":"/items/0/paid/cash","value":"+1"}])",
     "/items/0/paid/cash", "+1"},
    {"money with an exponent", R"([{"op":"replace","path":"/items/0/paid/cash","value":"1e3"}])",
     "/items/0/paid/cash", "1e3"},
    {"money with a separator",
     R"([{"op":"replace","path":"/items/0/paid/cash","value":"1,000.00"}])", "/items/0/paid/cash",
     "1,000.00"},
    {"money with more digits than the currency",
     R"([{"op":"replace","path":"/items/1/paid/cash","value":"1.234"}])", "/items/1/paid/cash",
     "1.234"},
    {"a timestamp without offset",
     R"([{"op":"replace","path":"/created_at","value":"2026-03-01T10:00:00"}])", "/created_at",
     "2026-03-01T10:00:00"},
    {"a timestamp with a space for T",
     R"([{"op":"replace","path":"/request/at","value":"2026-03-04 09:00:00+08:00"}])",
     "/request/at", ""},
    {"a timestamp on a day that does not exist",
     R"([{"op":"replace","path":"/paid_at","value":"2026-02-30T10:05:00+08:00"}])", "/paid_at", ""},
    {"a timestamp with hour 24",
     R"([{"op":"replace","path":"/paid_at","value":"2026-03-01T24:00:00+08:00"}])", "/paid_at", ""},
    {"a timestamp as a number", R"([{"op":"replace","path":"/created_at","value":1700000000}])",
     "/created_at", "got number 1700000000"},
    {"currency is three capital letters", R"([{"op":"replace","path":"/currency","value":"cny"}])",
     "/currency", R"(expected three capital letters (ISO 4217), got "cny")"},
    {"currency must be the policy's", R"([{"op":"replace","path":"/currency","value":"USD"}])",
     "/currency", R"(expected the policy's currency CNY, got "USD")"},
    {"items must not be empty", R"([{"op":"replace","path":"/items","value":[]}])", "/items",
     "expected at least one item"},
    {"item ids are unique", R"([{"op":"replace","path":"/items/2/id","value":"i-1"}])",
     "/items/2/id", R"(duplicate item id "i-1")"},
    {"quantity is an integer", R"([{"op":"add","path":"/items/0/quantity","value":1.5}])",
     "/items/0/quantity", "expected an integer >= 0, got number 1.5"},
    {"quantity is not negative", R"([{"op":"add","path":"/items/0/quantity","value":-1}])",
     "/items/0/quantity", "got number -1"},
    {"quantity is a json integer, not a string",
     R"([{"op":"add","path":"/items/0/quantity","value":"2"}])", "/items/0/quantity", R"(got "2")"},
    {"usage.used is not negative", R"([{"op":"add","path":"/items/0/usage","value":{"used":-3}}])",
     "/items/0/usage/used", "got number -3"},
    {"usage.total is not a fraction number",
     R"([{"op":"add","path":"/items/0/usage","value":{"total":2.5}}])", "/items/0/usage/total",
     "got number 2.5"},
    {"usage as a signed string", R"([{"op":"add","path":"/items/0/usage","value":{"used":"-1"}}])",
     "/items/0/usage/used", R"(got "-1")"},
    {"usage as a non-number string",
     R"([{"op":"add","path":"/items/0/usage","value":{"used":"ten"}}])", "/items/0/usage/used",
     R"(got "ten")"},
    {"a subscription line needs a term", R"([{"op":"remove","path":"/items/1/term"}])",
     "/items/1/term", "subscription"},
    {"an aliased subscription line needs a term",
     R"([{"op":"replace","path":"/payment_type","value":"prepaid"},{"op":"remove","path":"/items/0/term"}])",
     "/items/0/term", "missing required field"},
    {"a resource plan line needs a term",
     R"([{"op":"replace","path":"/payment_type","value":"resource_plan"},{"op":"remove","path":"/items/2/term"}])",
     "/items/2/term", "resource_plan"},
    {"term end after term start",
     R"([{"op":"replace","path":"/items/0/term/end","value":"2026-02-01T10:05:00+08:00"}])",
     "/items/0/term/end", "after term start"},
    {"term end equal to term start is not after it",
     R"([{"op":"replace","path":"/items/0/term/end","value":"2026-03-01T02:05:00Z"}])",
     "/items/0/term/end", "after term start"},
    {"a term needs its start", R"([{"op":"remove","path":"/items/0/term/start"}])",
     "/items/0/term/start", "missing required field"},
    {"parent names an item", R"([{"op":"replace","path":"/items/1/parent","value":"i-9"}])",
     "/items/1/parent", R"(no item has id "i-9")"},
    {"an item is not its own parent", R"([{"op":"add","path":"/items/0/parent","value":"i-1"}])",
     "/items/0/parent", "its own ancestor"},
    {"no parent cycle", R"([{"op":"add","path":"/items/0/parent","value":"i-2"}])",
     "/items/0/parent", "i-1 -> i-2 -> i-1"},
    {"no longer parent cycle",
     R"([{"op":"add","path":"/items/2/parent","value":"i-2"},{"op":"add","path":"/items/0/parent","value":"i-3"}])",
     "/items/0/parent", "its own ancestor"},
    {"request.items is not empty", R"([{"op":"add","path":"/request/items","value":[]}])",
     "/request/items", "expected at least one item id"},
    {"request.items names existing items",
     R"([{"op":"add","path":"/request/items","value":["i-1","i-7"]}])", "/request/items/1",
     R"(no item has id "i-7")"},
    {"request.items names each item once",
     R"([{"op":"add","path":"/request/items","value":["i-2","i-2"]}])", "/request/items/1",
     R"(item "i-2" is requested twice)"},
    {"request.items holds strings", R"([{"op":"add","path":"/request/items","value":[1]}])",
     "/request/items/0", "expected a string, got number 1"},
    {"a paid order needs paid_at", R"([{"op":"remove","path":"/paid_at"}])", "/paid_at",
     "missing required field"},
    {"a cancelled order needs paid_at",
     R"([{"op":"replace","path":"/status","value":"cancelled"},{"op":"replace","path":"/paid_at","value":null}])",
     "/paid_at", "missing required field"},
    {"request is required", R"([{"op":"remove","path":"/request"}])", "/request",
     "missing required field"},
    {"request.at is required", R"([{"op":"remove","path":"/request/at"}])", "/request/at",
     "missing required field"},
    {"paid is required", R"([{"op":"remove","path":"/items/0/paid"}])", "/items/0/paid",
     "missing required field"},
};

TEST_CASE("the example order of orders.md is valid and typed") {
  OrderResult r = refund::ParseOrder(kExample, Cny());
  REQUIRE_MESSAGE(r.ok(), r.error().path, ": ", r.error().message);
  const refund::Order& o = r.value();
  CHECK(o.id == "O-1001");
  CHECK(r.order_id() == std::optional<std::string>("O-1001"));
  CHECK(o.status == "paid");
  CHECK(o.payment_type == "subscription");
  CHECK(o.currency.code() == "CNY");
  REQUIRE(o.items.size() == 3);
  CHECK(o.items[0].list_price.minor() == 365000);
  CHECK(o.items[0].paid.cash == 290000);
  CHECK(o.items[0].paid.voucher == 10000);
  CHECK(o.items[0].paid.stored_card == 0);
  CHECK(o.items[1].parent_index == 0);
  CHECK(o.items[0].parent_index == -1);
  CHECK(o.items[2].tags == std::vector<std::string>{"marketplace", "os_license"});
  CHECK(o.items[0].quantity == 1);
  CHECK(o.items[0].state == "active");
  CHECK(o.account.channel == "direct");
  CHECK(o.request.id == std::optional<std::string>("R-1"));
  CHECK_FALSE(o.request.items_given);
  REQUIRE(o.history.size() == 1);
  CHECK(o.history[0].type == "no_reason");
  CHECK(o.paid_at->micros - o.created_at.micros == 300 * refund::kMicrosPerSecond);
}

TEST_CASE("every rule of orders.md invalid input gives its own error") {
  for (const InvalidCase& c : kInvalid) {
    std::string rule = c.rule;
    CAPTURE(rule);
    OrderResult r = refund::ParseOrder(Patched(c.patch), Cny());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path == c.path);
    CHECK_MESSAGE(r.error().message.find(c.message) != std::string::npos, r.error().message);
    if (std::string_view(c.path) != "/id") {
      CHECK(r.order_id() == std::optional<std::string>("O-1001"));  // still carried
    }
  }
}

struct ValidCase {
  const char* rule;
  const char* patch;
};

const ValidCase kValid[] = {
    {"null in an optional field means absent",
     R"([{"op":"replace","path":"/order_type","value":null},{"op":"add","path":"/promotion","value":null},)"
     R"({"op":"add","path":"/items/0/usage","value":null},{"op":"add","path":"/items/0/paid/coupon","value":null}])"},
    {"unknown fields are ignored",
     R"([{"op":"add","path":"/extra","value":{"a":[1,2.5,null]}},{"op":"add","path":"/items/0/color","value":"red"}])"},
    {"money in every allowed shape",
     R"([{"op":"replace","path":"/items/0/paid/cash","value":"12.5"},{"op":"replace","path":"/items/1/paid/cash","value":"300"},)"
     R"({"op":"replace","path":"/items/2/paid/cash","value":"0"},{"op":"replace","path":"/items/0/list_price","value":"007.10"}])"},
    {"quantity zero", R"([{"op":"add","path":"/items/0/quantity","value":0}])"},
    {"usage as integers and decimal strings",
     R"([{"op":"add","path":"/items/0/usage","value":{"used":"0.00","total":500}}])"},
    {"an unpaid order needs no paid_at",
     R"([{"op":"replace","path":"/status","value":"unpaid"},{"op":"remove","path":"/paid_at"}])"},
    {"pay-as-you-go lines need no term",
     R"([{"op":"replace","path":"/payment_type","value":"postpaid"},{"op":"remove","path":"/items/0/term"}])"},
    {"an unknown payment type is valid and needs no term",
     R"([{"op":"replace","path":"/payment_type","value":"barter"},{"op":"remove","path":"/items/0/term"}])"},
    {"a parent listed after its child",
     R"([{"op":"add","path":"/items/0/parent","value":"i-3"},{"op":"remove","path":"/items/1/parent"}])"},
    {"timestamps in Z and lower case",
     R"([{"op":"replace","path":"/request/at","value":"2026-03-04t01:00:00.123456789z"}])"},
    {"a promotion", R"([{"op":"add","path":"/promotion","value":{"id":"P-1","refundable":false}}])"},
};

TEST_CASE("valid variants of the example parse") {
  for (const ValidCase& c : kValid) {
    std::string rule = c.rule;
    CAPTURE(rule);
    OrderResult r = refund::ParseOrder(Patched(c.patch), Cny());
    CHECK_MESSAGE(r.ok(), r.error().path, ": ", r.error().message);
  }
}

TEST_CASE("defaults fill optional enumerated fields") {
  OrderResult r = refund::ParseOrder(
      Patched(R"([{"op":"replace","path":"/order_type","value":null},{"op":"remove","path":"/account/channel"}])"),
      Cny());
  REQUIRE(r.ok());
  CHECK(r.value().order_type == "new");
  CHECK(r.value().account.channel == "direct");
  CHECK(r.value().items[0].state == "active");
}

TEST_CASE("payment types are stored canonical, the sent spelling kept") {
  OrderResult r = refund::ParseOrder(
      Patched(R"([{"op":"replace","path":"/payment_type","value":"prepaid"},)"
              R"({"op":"add","path":"/converted_from","value":"postpaid"}])"),
      Cny());
  REQUIRE(r.ok());
  CHECK(r.value().payment_type == "subscription");
  CHECK(r.value().payment_type_as_sent == "prepaid");
  CHECK(r.value().converted_from == std::optional<std::string>("pay_as_you_go"));
}

TEST_CASE("without a policy currency any ISO 4217 currency is accepted") {
  std::string usd = Patched(R"([{"op":"replace","path":"/currency","value":"USD"}])");
  CHECK(refund::ParseOrder(usd, OrderSettings{}).ok());
  OrderResult r = refund::ParseOrder(
      Patched(R"([{"op":"replace","path":"/currency","value":"QQQ"}])"), OrderSettings{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().path == "/currency");
}

TEST_CASE("usage quantities are exact") {
  OrderResult r = refund::ParseOrder(
      Patched(R"([{"op":"add","path":"/items/0/usage","value":{"used":"0.00","total":"12.5"}}])"),
      Cny());
  REQUIRE(r.ok());
  const refund::Usage& usage = *r.value().items[0].usage;
  CHECK(usage.used->Sign() == 0);
  CHECK(*usage.total == refund::Ratio(25, 2));
}

TEST_CASE("request.items are stored as indices and IsRequested follows them") {
  OrderResult all = refund::ParseOrder(kExample, Cny());
  REQUIRE(all.ok());
  CHECK(all.value().IsRequested(0));
  CHECK(all.value().IsRequested(2));
  CHECK_FALSE(all.value().IsRequested(3));
  OrderResult some = refund::ParseOrder(
      Patched(R"([{"op":"add","path":"/request/items","value":["i-3","i-1"]}])"), Cny());
  REQUIRE(some.ok());
  CHECK(some.value().request.items == std::vector<int>{2, 0});
  CHECK(some.value().request.items_given);
  CHECK(some.value().IsRequested(0));
  CHECK_FALSE(some.value().IsRequested(1));
  CHECK(some.value().IsRequested(2));
}

struct RawCase {
  const char* rule;
  std::string json;
  const char* path;
  const char* message;
  bool has_id;
};

TEST_CASE("json-level defects give an error record") {
  const RawCase cases[] = {
      {"a duplicate key at the top", R"({"id":"O-1","status":"paid","status":"unpaid"})",
       "/status", R"(duplicate key "status")", true},
      {"a duplicate key deep inside", R"({"id":"O-1","items":[{"paid":{"cash":"1","cash":"2"}}]})",
       "/items/0/paid/cash", R"(duplicate key "cash")", true},
      {"a duplicate key with pointer escapes", R"({"a/b":{"~":1,"~":2}})", "/a~1b/~0",
       "duplicate key", false},
      {"truncated json", R"({"id":"O-1","status":"pa)", "", "invalid json", false},
      {"not json at all", "hello", "", "invalid json", false},
      {"json but not an object", "[1,2]", "", "expected a json object, got array", false},
      {"a json string", R"("O-1")", "", "expected a json object, got string", false},
      {"trailing garbage", R"({"id":"O-1"} x)", "", "invalid json", false},
      {"invalid utf-8", "{\"id\":\"O-1\",\"reason\":\"\xC3\x28\"}", "", "invalid utf-8 at byte 23",
       false},
      {"an overlong utf-8 encoding", "{\"id\":\"\xC0\xAF\"}", "", "invalid utf-8", false},
      {"a utf-16 surrogate in utf-8", "{\"id\":\"\xED\xA0\x80\"}", "", "invalid utf-8", false},
      {"an empty line", "", "", "invalid json", false},
  };
  for (const RawCase& c : cases) {
    std::string rule = c.rule;
    CAPTURE(rule);
    OrderResult r = refund::ParseOrder(c.json, Cny());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path == c.path);
    CHECK_MESSAGE(r.error().message.find(c.message) != std::string::npos, r.error().message);
    CHECK(r.order_id().has_value() == c.has_id);
  }
}

TEST_CASE("an error message quoting a long non-ascii value is still valid utf-8") {
  std::string digits;
  for (int i = 0; i < 20; ++i) digits += "\xEF\xBC\x91";  // U+FF11, a full-width 1
  std::string patch = R"([{"op":"replace","path":"/items/0/paid/cash","value":")" + digits + R"("}])";
  OrderResult r = refund::ParseOrder(Patched(patch.c_str()), Cny());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().path == "/items/0/paid/cash");
  CHECK(refund::order::IsValidUtf8(r.error().message));
}

TEST_CASE("an invalid order keeps its id only when id is a string") {
  OrderResult r = refund::ParseOrder(R"({"id":7,"status":"paid"})", Cny());
  REQUIRE_FALSE(r.ok());
  CHECK_FALSE(r.order_id().has_value());
  OrderResult s = refund::ParseOrder(R"({"id":"O-9","status":"open"})", Cny());
  CHECK(s.order_id() == std::optional<std::string>("O-9"));
}

TEST_CASE("nesting deeper than the limit is refused quickly without recursion") {
  std::string deep(100000, '[');
  auto start = std::chrono::steady_clock::now();
  OrderResult r = refund::ParseOrder(deep, Cny());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().path == "");

  std::string objects = R"({"id":"O-1","x":)";
  for (int i = 0; i < 100000; ++i) objects += R"({"a":)";
  r = refund::ParseOrder(objects, Cny());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("nesting deeper than 64 levels") != std::string::npos);
  CHECK(r.error().path.rfind("/x/a/a/", 0) == 0);
  CHECK(r.order_id() == std::optional<std::string>("O-1"));
}

// The example with `"extra":{"deep":[[...1...]]}` added: root and extra are 2 levels.
std::string WithNestedArrays(int arrays) {
  std::string value = "1";
  for (int i = 0; i < arrays; ++i) value = fmt::format("[{}]", value);
  std::string json = kExample;
  json.pop_back();  // the root's closing brace
  return json + R"(,"extra":{"deep":)" + value + "}}";
}

TEST_CASE("nesting up to the limit is accepted, one more level is not") {
  CHECK(refund::ParseOrder(WithNestedArrays(62), Cny()).ok());  // 64 levels
  OrderResult r = refund::ParseOrder(WithNestedArrays(63), Cny());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "nesting deeper than 64 levels");
}

// ---- Framing ----

std::vector<refund::InputRecord> ReadAll(const std::string& input) {
  std::istringstream in(input);
  refund::OrderReader reader(in);
  std::vector<refund::InputRecord> records;
  while (auto record = reader.Next()) records.push_back(std::move(*record));
  return records;
}

TEST_CASE("json lines: blank lines skipped, numbers are physical lines") {
  auto records = ReadAll("\n{\"a\":1}\n  \t\r\n{\"b\":2}\n\n");
  REQUIRE(records.size() == 2);
  CHECK(records[0].number == 2);
  CHECK(records[0].text == "{\"a\":1}");
  CHECK(records[1].number == 4);
  CHECK_FALSE(records[1].error.has_value());
}

TEST_CASE("json lines: CRLF line ends and a last line without newline") {
  auto records = ReadAll("{\"a\":1}\r\n{\"b\":2}\r\n{\"c\":3}");
  REQUIRE(records.size() == 3);
  CHECK(records[0].text == "{\"a\":1}");
  CHECK(records[1].text == "{\"b\":2}");
  CHECK(records[2].text == "{\"c\":3}");
  CHECK(records[2].number == 3);
}

TEST_CASE("a UTF-8 BOM at the very start is skipped") {
  auto records = ReadAll("\xEF\xBB\xBF{\"a\":1}\n\xEF\xBB\xBF{\"b\":2}\n");
  REQUIRE(records.size() == 2);
  CHECK(records[0].text == "{\"a\":1}");
  CHECK(records[0].number == 1);
  CHECK(records[1].text == "\xEF\xBB\xBF{\"b\":2}");  // only at the very start
}

TEST_CASE("empty and blank inputs give no record") {
  CHECK(ReadAll("").empty());
  CHECK(ReadAll("\n \r\n\t\n").empty());
  CHECK(ReadAll("\xEF\xBB\xBF").empty());
}

TEST_CASE("a line over the limit is an error record and the next line still reads") {
  // One byte over, and far enough over that the reader drops the line while reading it.
  for (size_t extra : {size_t{1}, size_t{200000}}) {
    CAPTURE(extra);
    std::string input = "{\"a\":1}\n";
    input += std::string(refund::OrderReader::kMaxLineBytes + extra, ' ');
    input += "\n{\"b\":2}\n";
    auto records = ReadAll(input);
    REQUIRE(records.size() == 3);
    CHECK(records[1].number == 2);
    REQUIRE(records[1].error.has_value());
    CHECK(records[1].error->path == "");
    CHECK(records[1].error->message.find("line longer than") != std::string::npos);
    CHECK(records[1].text.empty());
    CHECK(records[2].number == 3);
    CHECK(records[2].text == "{\"b\":2}");
  }
}

TEST_CASE("a line exactly at the limit is read, its CR not counted") {
  std::string line(refund::OrderReader::kMaxLineBytes, ' ');
  line.front() = '{';
  line.back() = '}';
  auto records = ReadAll(line + "\r\n");
  REQUIRE(records.size() == 1);
  CHECK_FALSE(records[0].error.has_value());
  CHECK(records[0].text.size() == refund::OrderReader::kMaxLineBytes);
}

TEST_CASE("array input: each element is a record numbered by its index, raw text kept") {
  auto records = ReadAll("\xEF\xBB\xBF\n  [ {\"id\":\"a\", \"x\":[1,\"],\"]} ,\n{\"id\":\"b\"},7 ]\n");
  REQUIRE(records.size() == 3);
  CHECK(records[0].number == 1);
  CHECK(records[0].text == "{\"id\":\"a\", \"x\":[1,\"],\"]}");
  CHECK(records[1].number == 2);
  CHECK(records[1].text == "{\"id\":\"b\"}");
  CHECK(records[2].text == "7");
  CHECK(ReadAll("[]").empty());
}

TEST_CASE("array input: an element with a duplicate key fails alone") {
  auto records = ReadAll(R"([{"id":"a","id":"b"},{"id":"c"}])");
  REQUIRE(records.size() == 2);
  CHECK_FALSE(refund::ParseOrder(records[0].text, Cny()).ok());
  CHECK(records[1].text == R"({"id":"c"})");
}

TEST_CASE("a malformed array is one error record") {
  for (const char* input : {"[{\"id\":\"a\"},", "[1,,2]", "[1] [2]", "[{\"a\":\"\xFF\"}]"}) {
    std::string text = input;
    CAPTURE(text);
    auto records = ReadAll(input);
    REQUIRE(records.size() == 1);
    CHECK(records[0].number == 1);
    REQUIRE(records[0].error.has_value());
    CHECK(records[0].error->path == "");
  }
}

TEST_CASE("an array on a later line of json lines is still json lines") {
  auto records = ReadAll("{\"a\":1}\n[1]\n");
  REQUIRE(records.size() == 2);
  CHECK(records[1].text == "[1]");
  CHECK(records[1].number == 2);
}

TEST_CASE("framing and parsing together: the 100k-deep line is one error among valid ones") {
  auto records = ReadAll(std::string(kExample) + "\n" + std::string(100000, '[') + "\n" + kExample);
  REQUIRE(records.size() == 3);
  CHECK(refund::ParseOrder(records[0].text, Cny()).ok());
  CHECK_FALSE(refund::ParseOrder(records[1].text, Cny()).ok());
  CHECK(refund::ParseOrder(records[2].text, Cny()).ok());
}

}  // namespace

namespace {
std::string DumpJsonValue(const refund::order::JsonValue& v) {
  std::string out = fmt::format("{}{}'{}'", static_cast<int>(v.kind), v.boolean ? "t" : "f", v.text);
  for (const auto& e : v.elements) out += fmt::format("[{}]", DumpJsonValue(e));
  for (const auto& [k, m] : v.members) out += fmt::format("{{{}:{}}}", k, DumpJsonValue(m));
  return out;
}
// The same dump from nlohmann's own (ordered) DOM, for texts the common reader accepts.
std::string DumpNlohmann(const nlohmann::ordered_json& j) {
  using refund::order::JsonKind;
  auto head = [](JsonKind kind, bool b, const std::string& text) {
    return fmt::format("{}{}'{}'", static_cast<int>(kind), b ? "t" : "f", text);
  };
  if (j.is_null()) return head(JsonKind::kNull, false, "");
  if (j.is_boolean()) return head(JsonKind::kBool, j.get<bool>(), "");
  if (j.is_number_unsigned()) return head(JsonKind::kInteger, false, std::to_string(j.get<uint64_t>()));
  if (j.is_number_integer()) return head(JsonKind::kInteger, false, std::to_string(j.get<int64_t>()));
  if (j.is_string()) return head(JsonKind::kString, false, j.get<std::string>());
  std::string out = head(j.is_array() ? JsonKind::kArray : JsonKind::kObject, false, "");
  if (j.is_array())
    for (const auto& e : j) out += fmt::format("[{}]", DumpNlohmann(e));
  else
    for (const auto& [k, m] : j.items()) out += "{" + k + ":" + DumpNlohmann(m) + "}";
  return out;
}
}  // namespace

TEST_CASE("the json parser builds nlohmann's tree and rejects what nlohmann rejects") {
  // nlohmann is the reference here (tests only); the engine's parser differs on purpose only
  // where nlohmann is wrong for orders.md (a NUL byte ends its input; 1e400 overflows it).
  struct Case { std::string text; bool json; };
  const std::string deep64 = std::string(63, '[') + std::string(63, ']');
  const Case cases[] = {
      {R"({"id":"O-1","n":-0,"m":123456789012345678,"b":[true,false,null],"o":{}, "s":"中文"})", true},
      {" {\t\"id\" : \"O-1\" ,\r\n\"a\":[ ]} ", true},
      {R"({"x":)" + deep64 + "}", true},
      {R"({"id":"O-\u0031\"\\\/\b\f\n\r\t"})", true},
      {R"({"s":"\ud83d\ude00 \u00e9 \u4e2d \u0000"})", true},
      {R"({"n":18446744073709551615,"m":-9223372036854775808})", true},
      {R"({"a":{"b":[{"c":[]}]}})", true},
      {R"({"s":"\ud83d"})", false}, {R"({"s":"\ude00"})", false}, {R"({"s":"\u12"})", false},
      {R"({"s":"\x"})", false}, {"{\"s\":\"a\tb\"}", false}, {R"({"s":"abc)", false},
      {R"({"n":01})", false}, {R"({"n":-})", false}, {R"({"n":1.})", false}, {R"({"n":.5})", false},
      {R"({"n":1e})", false}, {R"({"n":1e+})", false}, {R"({"n":+1})", false},
      {R"({"a":1} x)", false}, {R"({"a":1}{"b":2})", false}, {R"({"a":tru})", false},
      {R"({"a":[1,]})", false}, {R"({"a":1,})", false}, {R"({"a" 1})", false}, {R"({,})", false},
      {R"({"a":NaN})", false}, {"", false}, {"{", false}, {"}", false}, {R"({"a":1]})", false}};
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const bool nlohmann_json = nlohmann::ordered_json::accept(c.text);
    REQUIRE(nlohmann_json == c.json);
    CHECK(refund::order::CheckJsonSyntax(c.text).has_value() == !c.json);
    refund::order::JsonTreeResult tree = refund::order::ParseJsonTree(c.text);
    CHECK(tree.root.has_value() == c.json);
    if (c.json && tree.root) {
      CHECK(DumpJsonValue(*tree.root) == DumpNlohmann(nlohmann::ordered_json::parse(c.text)));
    }
    if (!c.json) CHECK(tree.error_message.find("invalid json at byte ") == 0);
  }
}

namespace {

// kExample with `"x":<value>,` added as its first member: an unknown field the order ignores.
std::string WithUnknownField(const std::string& value) {
  std::string json = kExample;
  return json.insert(1, "\"x\":" + value + ",");
}

// kExample with the value of the first `"key":` after `near` replaced by `value`.
std::string WithValue(const std::string& key, const std::string& value, const std::string& near = "") {
  std::string json = kExample;
  const size_t at = json.find("\"" + key + "\":", json.find(near)) + key.size() + 3;
  size_t end = at;
  if (json[at] == '"') end = json.find('"', at + 1) + 1;
  else while (end < json.size() && json[end] != ',' && json[end] != '}') ++end;
  return json.replace(at, end - at, value);
}

// kExample with `"quantity":<value>` in its first item.
std::string WithQuantity(const std::string& value) {
  std::string json = kExample;
  return json.insert(json.find(R"("list_price")"), "\"quantity\":" + value + ",");
}

}  // namespace

TEST_CASE("a NUL byte is an ordinary byte: a line holding one is not json, whatever follows it") {
  const std::string order = kExample;
  const std::string nul(1, '\0');
  const std::string cases[] = {
      order + nul + order,                    // a second order after a NUL on the same line
      order + nul,                            // a NUL after a complete object
      order + nul + " ",                      // ... with white space after it
      nul + order,                            // a NUL before the object
      nul,                                    // a line of only a NUL
      order.substr(0, 20) + nul + order.substr(20),  // a NUL between tokens
      WithUnknownField("\"a" + nul + "b\""),  // a raw NUL inside a string
  };
  for (const std::string& text : cases) {
    CAPTURE(text.size());
    for (const OrderResult& r : {refund::ParseOrder(text, Cny()), refund::order::ParseOrderTree(text, Cny())}) {
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().path == "");
      CHECK_MESSAGE(r.error().message.find("invalid json at byte ") == 0, r.error().message);
      const bool named = r.error().message.find("NUL byte") != std::string::npos ||
                         r.error().message.find("U+0000") != std::string::npos;
      CHECK_MESSAGE(named, r.error().message);
    }
    CHECK_FALSE(refund::order::ParseOrderFast(text, Cny()).has_value());
  }
}

TEST_CASE("an escaped NUL (\\u0000) is an ordinary character of a string") {
  OrderResult r = refund::ParseOrder(WithUnknownField(R"("a\u0000b")"), Cny());
  CHECK(r.ok());
  r = refund::ParseOrder(WithValue("id", R"("R\u00001")", "request"), Cny());
  REQUIRE(r.ok());
  CHECK(r.value().request.id == std::string("R\0" "1", 3));
}

TEST_CASE("the reader keeps a NUL byte inside its line, and a line of only a NUL is a record") {
  const std::string order = kExample;
  const std::string nul(1, '\0');
  auto records = ReadAll(order + nul + order + "\n" + nul + "\n" + order + "\n");
  REQUIRE(records.size() == 3);
  CHECK(records[0].number == 1);
  CHECK(records[0].text.size() == 2 * order.size() + 1);
  CHECK_FALSE(refund::ParseOrder(records[0].text, Cny()).ok());
  CHECK(records[1].number == 2);
  CHECK(records[1].text == nul);
  CHECK_FALSE(refund::ParseOrder(records[1].text, Cny()).ok());
  CHECK(refund::ParseOrder(records[2].text, Cny()).ok());
}

TEST_CASE("array input with a NUL byte after or inside the array is one error record") {
  const std::string order = kExample;
  const std::string nul(1, '\0');
  for (const std::string& input : {"[" + order + "]" + nul, "[" + order + "]" + nul + "[" + order + "]\n",
                                   "[" + order + "," + nul + order + "]"}) {
    auto records = ReadAll(input);
    REQUIRE(records.size() == 1);
    REQUIRE(records[0].error.has_value());
    CHECK(records[0].error->message.find("NUL byte") != std::string::npos);
  }
}

TEST_CASE("an unknown field is ignored whatever valid json it holds") {
  const OrderResult plain = refund::ParseOrder(kExample, Cny());
  REQUIRE(plain.ok());
  const std::string deep = std::string(60, '[') + "1e400" + std::string(60, ']');
  const std::string values[] = {
      "1e400", "-1e400", "1e-400", "-1e-400", "1E+400", "-0", "-0.0", "0.5e-999999999999",
      std::string(400, '9'), "-" + std::string(400, '9'), "18446744073709551616", "-9223372036854775809",
      "[1e400,-1e400,{\"y\":" + std::string(400, '7') + "}]", deep,
      R"({"a":{"b":{"c":[{"d":null}]}}})", R"("\ud83d\ude00\u0000\"")", "[]", "{}"};
  for (const std::string& value : values) {
    CAPTURE(value);
    const std::string text = WithUnknownField(value);
    const OrderResult r = refund::ParseOrder(text, Cny());
    REQUIRE_MESSAGE(r.ok(), r.error().path, ": ", r.error().message);
    CHECK(r.value() == plain.value());
    CHECK(refund::order::ParseOrderTree(text, Cny()).ok());
  }
}

TEST_CASE("a known field holding a number no machine type holds is our own error at its pointer") {
  struct Case { std::string json; const char* path; std::string message; };
  const std::string big(400, '9');
  const Case cases[] = {
      {WithQuantity("1e400"), "/items/0/quantity", "expected an integer >= 0, got number 1e400"},
      {WithQuantity("-1e400"), "/items/0/quantity", "expected an integer >= 0, got number -1e400"},
      {WithQuantity("1e-400"), "/items/0/quantity", "expected an integer >= 0, got number 1e-400"},
      {WithQuantity(big), "/items/0/quantity", "expected an integer >= 0, got number 999"},
      {WithQuantity("18446744073709551615"), "/items/0/quantity", "integer 18446744073709551615 is too large"},
      {WithValue("cash", "1e400"), "/items/0/paid/cash", "money must be a decimal string, got number 1e400"},
      {WithValue("status", "-1e400"), "/status", "expected one of unpaid, paid, cancelled, refunded, got number -1e400"},
      {WithValue("at", big, "request"), "/request/at", "timestamp must be an RFC 3339 string, got number 999"},
      {WithValue("id", "1e400"), "/id", "expected a string, got number"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.json);
    const OrderResult r = refund::ParseOrder(c.json, Cny());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path == c.path);
    CHECK_MESSAGE(r.error().message.find(c.message) != std::string::npos, r.error().message);
    CHECK(r.error().message.find("overflow") == std::string::npos);
    CHECK(r.error().message.find("exception") == std::string::npos);
  }
}

TEST_CASE("a pretty-printed order is one record, line 1") {
  const std::string pretty = nlohmann::ordered_json::parse(kExample).dump(2);
  const OrderResult compact = refund::ParseOrder(kExample, Cny());
  REQUIRE(compact.ok());
  std::string crlf;
  for (char c : pretty) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  for (const std::string& input : {pretty, pretty + "\n", "\n\n" + pretty + "\n  \n", crlf + "\r\n",
                                   "\xEF\xBB\xBF" + pretty}) {
    auto records = ReadAll(input);
    REQUIRE(records.size() == 1);
    CHECK(records[0].number == 1);
    CHECK_FALSE(records[0].error.has_value());
    const OrderResult r = refund::ParseOrder(records[0].text, Cny());
    REQUIRE(r.ok());
    CHECK(r.value() == compact.value());
  }
  // An invalid order pretty-printed is still one record: its error names the field.
  const std::string no_status = nlohmann::ordered_json::parse(WithValue("status", "7")).dump(2);
  auto records = ReadAll(no_status);
  REQUIRE(records.size() == 1);
  CHECK(refund::ParseOrder(records[0].text, Cny()).error().path == "/status");
}

TEST_CASE("an input whose first line opens an object that is not one json value is json lines") {
  struct Case { std::string input; std::vector<int64_t> lines; };
  const std::string pretty = nlohmann::ordered_json::parse(R"({"a":1,"b":2})").dump(2);  // 4 lines
  const Case cases[] = {
      {"{\n\"a\":1,\n}\n", {1, 2, 3}},                     // pretty but not json
      {pretty + "\n" + pretty + "\n", {1, 2, 3, 4, 5, 6, 7, 8}},  // two pretty objects
      {"{\"a\":1}\n{\"b\":\n", {1, 2}},                    // json lines, a truncated last line
      {"{\"a\":1} x\n{\"b\":2}\n", {1, 2}},                 // a complete value with garbage
      {"{\"a\":\n1}" + std::string(1, '\0') + "\n", {1, 2}},  // NUL after a pretty object
      {"{\"a\":1}\n", {1}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    auto records = ReadAll(c.input);
    std::vector<int64_t> lines;
    for (const auto& r : records) lines.push_back(r.number);
    CHECK(lines == c.lines);
  }
}

TEST_CASE("only LF ends a line: a CR alone or a BOM later in the input is a byte of its line") {
  const std::string order = kExample;
  auto records = ReadAll(order + "\r" + order + "\n" + "\xEF\xBB\xBF" + order + "\n\r\n" + order);
  REQUIRE(records.size() == 3);
  CHECK(records[0].number == 1);
  CHECK(records[0].text == order + "\r" + order);
  CHECK(refund::ParseOrder(records[0].text, Cny()).error().message.find("invalid json at byte ") == 0);
  CHECK(records[1].number == 2);
  CHECK_FALSE(refund::ParseOrder(records[1].text, Cny()).ok());  // a BOM is not JSON white space
  CHECK(records[2].number == 4);
  CHECK(refund::ParseOrder(records[2].text, Cny()).ok());
}
