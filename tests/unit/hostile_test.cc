// Hostile inputs end to end (issue: nothing crashes, nothing is lost): orders and policies built
// to break a parser or an adder, each answered with the error record orders.md prescribes or a
// diagnostic, never a crash. Cases already covered elsewhere are not repeated here:
// order_test.cc (truncated, empty, CRLF, BOM, invalid UTF-8, duplicate keys, 100k-deep nesting,
// over-long lines, numbers for money, missing offsets, hour 24, bad terms, parent cycles, unknown
// request items), time_test.cc (second 60, year 0000), syntax_test.cc (alias bombs, non-UTF-8,
// deep YAML), policy_files_test.cc (include cycles, directories and special files as includes).
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

#include "refund/policy.h"

namespace {

namespace fs = std::filesystem;

// samples/orders.jsonl's O-1001 (orders.md's example) on one line.
const char* const kExample =
    R"({"id":"O-1001","status":"paid","order_type":"new","payment_type":"subscription",)"
    R"("created_at":"2026-03-01T10:00:00+08:00","paid_at":"2026-03-01T10:05:00+08:00","currency":"CNY",)"
    R"("account":{"id":"A-7","channel":"direct","flags":[]},"items":[)"
    R"({"id":"i-1","product":"ecs","kind":"instance","list_price":"3650.00",)"
    R"("paid":{"cash":"2900.00","voucher":"100.00"},)"
    R"("term":{"start":"2026-03-01T10:05:00+08:00","end":"2027-03-01T10:05:00+08:00"}},)"
    R"({"id":"i-2","product":"ecs","kind":"system_disk","parent":"i-1","list_price":"365.00",)"
    R"("paid":{"cash":"365.00"},)"
    R"("term":{"start":"2026-03-01T10:05:00+08:00","end":"2027-03-01T10:05:00+08:00"}}],)"
    R"("request":{"id":"R-1","at":"2026-03-04T09:00:00+08:00"}})";

std::string Patched(const std::string& patch) {
  nlohmann::ordered_json order = nlohmann::ordered_json::parse(kExample);
  return order.patch(nlohmann::ordered_json::parse(patch)).dump();
}

const refund::CompiledPolicy& CloudCn() {
  static const refund::CompileResult compiled = refund::CompilePolicy("rules/cloud-cn");
  REQUIRE(compiled.ok());
  return compiled.value();
}

refund::OrderResult Parse(const std::string& json) {
  return refund::ParseOrder(json, refund::OrderSettingsOf(CloudCn()));
}

TEST_CASE("hostile order values give an error record at their json pointer") {
  struct Row { const char* name; std::string json; const char* path; const char* message; };
  const Row rows[] = {
      {"a NaN literal is not json", R"({"id":"O-1","x":NaN})", "", "invalid json"},
      {"an Infinity literal is not json", R"({"id":"O-1","x":-Infinity})", "", "invalid json"},
      {"NaN as a money string",
       Patched(R"([{"op":"replace","path":"/items/0/paid/cash","value":"NaN"}])"), "/items/0/paid/cash", ""},
      {"Infinity as a money string",
       Patched(R"([{"op":"replace","path":"/items/0/list_price","value":"Infinity"}])"), "/items/0/list_price", ""},
      // A number beyond double range is read as the token it is: our own words, at its pointer.
      {"a json number for money beyond double range",
       [] {
         std::string json = kExample;
         return json.replace(json.find(R"("2900.00")"), 9, "1e400");
       }(),
       "/items/0/paid/cash", "money must be a decimal string, got number 1e400"},
      {"money one minor unit beyond the 64-bit range",
       Patched(R"([{"op":"replace","path":"/items/0/paid/cash","value":"92233720368547758.08"}])"),
       "/items/0/paid/cash", "too large"},
      {"money far beyond the 64-bit range",
       Patched(R"([{"op":"replace","path":"/items/0/list_price","value":")" + std::string(400, '9') + R"("}])"),
       "/items/0/list_price", "too large"},
      {"a timestamp at second 60",
       Patched(R"([{"op":"replace","path":"/request/at","value":"2026-12-31T23:59:60Z"}])"), "/request/at",
       "second `60`"},
      {"a timestamp at 24:00",
       Patched(R"([{"op":"replace","path":"/items/0/term/end","value":"2027-03-01T24:00:00+08:00"}])"),
       "/items/0/term/end", "hour `24`"},
      {"a timestamp in year 0000",
       Patched(R"([{"op":"replace","path":"/created_at","value":"0000-01-01T00:00:00Z"}])"), "/created_at",
       "year `0000`"},
      {"a timestamp in year 10000",
       Patched(R"([{"op":"replace","path":"/paid_at","value":"10000-01-01T00:00:00Z"}])"), "/paid_at", ""},
      {"a timestamp without an offset",
       Patched(R"([{"op":"replace","path":"/items/1/term/start","value":"2026-03-01T10:05:00"}])"),
       "/items/1/term/start", ""},
      {"a term that ends before it starts",
       Patched(R"([{"op":"replace","path":"/items/0/term/end","value":"2025-03-01T10:05:00+08:00"}])"),
       "/items/0/term/end", ""},
      {"an item that is its own parent", Patched(R"([{"op":"replace","path":"/items/1/parent","value":"i-2"}])"),
       "/items/1/parent", ""},
      {"a request for an item that does not exist",
       Patched(R"([{"op":"add","path":"/request/items","value":["i-9"]}])"), "/request/items/0", ""},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    const refund::OrderResult r = Parse(row.json);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path == row.path);
    CHECK_MESSAGE(r.error().message.find(row.message) != std::string::npos, r.error().message);
    const std::string record = refund::ErrorRecordToJson(7, r.order_id(), r.error());
    const nlohmann::json parsed = nlohmann::json::parse(record);  // the record is valid json
    CHECK(parsed["error"]["code"] == "INVALID_ORDER");
    CHECK(parsed["line"] == 7);
  }
}

TEST_CASE("money at the 64-bit limit is decided exactly; payments that overflow together are invalid") {
  const std::string max = "92233720368547758.07";
  const std::string at_limit = R"([{"op":"replace","path":"/items/0/list_price","value":")" + max +
                               R"("},{"op":"replace","path":"/items/0/paid/cash","value":")" + max +
                               R"("},{"op":"remove","path":"/items/0/paid/voucher"})";
  const refund::OrderResult r = Parse(Patched(at_limit + R"(,{"op":"replace","path":"/items/1/paid/cash","value":"0"}])"));
  REQUIRE(r.ok());
  CHECK(r.value().items[0].paid.cash == INT64_MAX);
  const refund::Decision d = refund::Evaluate(CloudCn(), r.value(), {});
  CAPTURE(refund::DecisionToJson(d));
  CHECK(d.refund_total == INT64_MAX);  // the no-reason window returns all of it
  CHECK(d.forfeited == 0);

  // Found by hand before the fuzzer: item i-2's 365.00 more made the refund total wrap negative.
  const refund::OrderResult over = Parse(Patched(at_limit + "]"));
  REQUIRE_FALSE(over.ok());
  CHECK(over.error().path == "/items/1/paid/cash");
  CHECK(over.error().message == "the order's paid amounts add up to more than 92233720368547758.07 CNY");
  const std::string tenders = R"([{"op":"replace","path":"/items/0/paid","value":{"cash":")" + max +
                              R"(","coupon":"0.01"}}])";
  const refund::OrderResult within_item = Parse(Patched(tenders));
  REQUIRE_FALSE(within_item.ok());
  CHECK(within_item.error().path == "/items/0/paid/coupon");
}

// A copy of rules/cloud-hourly in a fresh directory, its policy.yaml text edited by the test.
class HourlyCopy {
 public:
  HourlyCopy() {
    static std::atomic<int> counter = 0;
    dir_ = fs::temp_directory_path() /
           ("refund-hostile-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const char* file : {"codes.yaml", "labels.yaml"})
      fs::copy_file(fs::path("rules/cloud-hourly") / file, dir_ / file);
    std::ifstream in("rules/cloud-hourly/policy.yaml", std::ios::binary);
    text_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ~HourlyCopy() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  // Replaces the one occurrence of `from` in policy.yaml.
  void Replace(const std::string& from, const std::string& to) {
    const size_t at = text_.find(from);
    REQUIRE(at != std::string::npos);
    text_.replace(at, from.size(), to);
  }
  refund::CompileResult Compile() const {
    std::ofstream(dir_ / "policy.yaml", std::ios::binary) << text_;
    return refund::CompilePolicy(dir_.string());
  }
  std::string path() const { return dir_.string(); }

 private:
  fs::path dir_;
  std::string text_;
};

std::string Messages(const refund::CompileResult& result) {
  std::string all;
  for (const refund::Diagnostic& d : result.diagnostics()) all += d.code + " " + d.message + "\n";
  return all;
}

const char* const kGuard = "request.at >= item.term.end";

TEST_CASE("conditions nested 10,000 deep are refused by the expression depth guard") {
  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "not ";
  const std::string parens = std::string(10000, '(') + kGuard + std::string(10000, ')');
  const std::string negations = std::string(10000, '-') + "1h";
  for (const std::string& deep : {nots + kGuard, parens, std::string(kGuard) + " + " + negations}) {
    HourlyCopy policy;
    policy.Replace(kGuard, deep);
    const refund::CompileResult result = policy.Compile();
    CHECK_FALSE(result.ok());
    CHECK_MESSAGE(Messages(result).find("expression nested too deeply") != std::string::npos, Messages(result));
  }
}

TEST_CASE("long chains of and, or, + are refused like deep nesting") {
  // Each operator of a chain is one level of the tree the checker and evaluator walk recursively.
  for (const char* op : {" and ", " or "}) {
    std::string chain = kGuard;
    for (int i = 0; i < 10000; ++i) chain += op + std::string(kGuard);
    HourlyCopy policy;
    policy.Replace(kGuard, chain);
    const refund::CompileResult result = policy.Compile();
    CHECK_FALSE(result.ok());
    CHECK_MESSAGE(Messages(result).find("expression nested too deeply") != std::string::npos, Messages(result));
  }
  // A million terms (5 MB, under the 8 MiB file limit) overflowed the stack before the guard.
  std::string sum = "1h";
  for (int i = 0; i < 1000000; ++i) sum += " + 1h";
  HourlyCopy policy;
  policy.Replace(kGuard, "request.at >= item.term.end + " + sum);
  const refund::CompileResult result = policy.Compile();
  CHECK_FALSE(result.ok());
  CHECK_MESSAGE(Messages(result).find("expression nested too deeply") != std::string::npos, Messages(result));
}

TEST_CASE("a table of 10,000 rows compiles and decides") {
  std::string rows;
  for (int i = 0; i < 10000; ++i)
    rows += "          - { when: term_length < " + std::to_string(10000 - i) + "h, value: 10% }\n";
  HourlyCopy policy;
  policy.Replace("          - { when: term_length < 360d, value: 10% }\n", rows);
  const refund::CompileResult result = policy.Compile();
  REQUIRE_MESSAGE(result.ok(), Messages(result));
  const refund::OrderResult order = refund::ParseOrder(kExample, refund::OrderSettingsOf(result.value()));
  REQUIRE(order.ok());
  const refund::Decision d = refund::Evaluate(result.value(), order.value(), {});
  CHECK(d.items.size() == 2);
}

TEST_CASE("a policy.yaml that is a directory, and a policy path through a file, are diagnosed") {
  HourlyCopy policy;
  fs::create_directories(fs::path(policy.path()) / "policy.yaml");
  refund::CompileResult result = refund::CompilePolicy(policy.path());
  CHECK_FALSE(result.ok());
  CHECK_FALSE(Messages(result).empty());
  result = refund::CompilePolicy("rules/cloud-hourly/policy.yaml/policy.yaml");
  CHECK_FALSE(result.ok());
  CHECK_FALSE(Messages(result).empty());
  result = refund::CompilePolicy("rules/cloud-hourly/codes.yaml/");
  CHECK_FALSE(result.ok());
  CHECK_FALSE(Messages(result).empty());
}

}  // namespace
