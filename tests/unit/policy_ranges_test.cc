// Issue 17: every number, duration and zone a policy states is range-checked by `check`, at the
// value's file:line:col with the range in the message, so that nothing that passes the check
// makes evaluation crash, wrap or lie. Each row is tested at its limit (compiles) and one past
// it (the diagnostic), and hostile values from the issue (2^63, 2^64, 10^12 days) are refused.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "refund/policy.h"

namespace {

namespace fs = std::filesystem;

// A copy of a shipped policy in a fresh directory, its policy.yaml text edited by the test.
class PolicyCopy {
 public:
  explicit PolicyCopy(const std::string& from = "rules/cloud-cn") {
    static std::atomic<int> counter = 0;
    dir_ = fs::temp_directory_path() /
           ("refund-ranges-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const char* file : {"codes.yaml", "labels.yaml"}) fs::copy_file(fs::path(from) / file, dir_ / file);
    std::ifstream in(fs::path(from) / "policy.yaml", std::ios::binary);
    text_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ~PolicyCopy() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  // Replaces the first occurrence of `from` in policy.yaml.
  void Replace(const std::string& from, const std::string& to) {
    const size_t at = text_.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    text_.replace(at, from.size(), to);
  }
  refund::CompileResult Compile() const {
    std::ofstream(dir_ / "policy.yaml", std::ios::binary) << text_;
    return refund::CompilePolicy(dir_.string());
  }
  // The 1-based line of the first occurrence of `text`.
  int LineOf(const std::string& text) const {
    const size_t at = text_.find(text);
    REQUIRE(at != std::string::npos);
    return 1 + static_cast<int>(std::count(text_.begin(), text_.begin() + static_cast<long>(at), '\n'));
  }

 private:
  fs::path dir_;
  std::string text_;
};

std::string Errors(const refund::CompileResult& result) {
  std::string all;
  for (const refund::Diagnostic& d : result.diagnostics())
    if (d.severity == refund::Severity::kError)
      all += std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.code + " " + d.message + "\n";
  return all;
}

// samples/orders.jsonl's O-1001, unpaid and created at `created`, requested at `at`.
std::string UnpaidOrder(const std::string& created, const std::string& at) {
  return R"({"id":"O-9","status":"unpaid","order_type":"new","payment_type":"pay_as_you_go",)"
         R"("created_at":")" + created + R"(","currency":"CNY","account":{"id":"A-7"},"items":[)"
         R"({"id":"i-1","product":"ecs","kind":"instance","list_price":"10.00","paid":{}}],)"
         R"("request":{"at":")" + at + R"("}})";
}

refund::Decision Decide(const refund::CompiledPolicy& policy, const std::string& json) {
  const refund::OrderResult order = refund::ParseOrder(json, refund::OrderSettingsOf(policy));
  REQUIRE_MESSAGE(order.ok(), order.error().message);
  return refund::Evaluate(policy, order.value(), {});
}

TEST_CASE("an empty or unknown time zone is an error at its place, never a crash in eval") {
  struct Row { const char* zone; const char* message; };
  const Row rows[] = {
      {R"("")", "empty time zone"},  // passed check, then eval dereferenced the missing zone
      {"Mars/Olympus", "unknown time zone `Mars/Olympus`"},
      {R"("../../../dev/zero")", "unknown time zone `../../../dev/zero`"},
      {R"("Asia/Shanghai ")", "unknown time zone `Asia/Shanghai `"},
  };
  for (const Row& row : rows) {
    PolicyCopy policy;
    policy.Replace("time_zone: Asia/Shanghai", std::string("time_zone: ") + row.zone);
    const refund::CompileResult result = policy.Compile();
    CHECK_FALSE(result.ok());
    const std::string where = std::to_string(policy.LineOf("time_zone:")) + ":14 P104 ";
    CHECK_MESSAGE(Errors(result).find(where + row.message) != std::string::npos, Errors(result));
  }
}

struct RangeRow {
  const char* from;     // text of rules/cloud-cn/policy.yaml
  const char* at_limit;  // compiles
  const char* past;      // one past the limit: an error at the value
  const char* message;   // the message past the limit
};

// Each setting at its limit and one past it, with the range in the message; and the values from
// the issue, which were read modulo 2^64 or wrapped an instant.
TEST_CASE("every whole-number and duration setting is checked at its limit and one past it") {
  const RangeRow rows[] = {
      {"review_below: 60", "review_below: 101", "review_below: 102",
       "review_below `102` is out of range: expected 0 to 101"},
      {"review_below: 60", "review_below: 0", "review_below: -1",
       "review_below `-1` is out of range: expected 0 to 101"},
      {"review_below: 60", "review_below: 60", "review_below: 18446744073709551616",
       "review_below `18446744073709551616` is out of range: expected 0 to 101"},
      {"limit: 1\n", "limit: 1000000\n", "limit: 1000001\n",
       "quota limit `1000001` is out of range: expected 0 to 1000000"},
      {"limit: 1\n", "limit: 0\n", "limit: 9223372036854775808\n",
       "quota limit `9223372036854775808` is out of range: expected 0 to 1000000"},
      {"calendar_days: 7", "calendar_days: 3650000", "calendar_days: 3650001",
       "calendar_days `3650001` is out of range: expected 0 to 3650000"},
      {"calendar_days: 7", "calendar_days: 0", "calendar_days: 4294967301",
       "calendar_days `4294967301` is out of range: expected 0 to 3650000"},
      {"length: 7d", "length: 3650000d", "length: 3650001d",
       "window length `3650001d` is out of range: at most `3650000d`"},
      {"length: 7d", "length: 87600000h", "length: 1000000000000d",
       "window length `1000000000000d` is out of range: at most `3650000d`"},
      {"length: 7d", "length: 7d", "length: 999999999999999999999999999999999999999999d",
       "window length `999999999999999999999999999999999999999999d` is out of range: at most `3650000d`"},
      {"start: 100", "start: 0", "start: 101", "score start `101` is out of range: expected 0 to 100"},
      {"points: -50", "points: -100", "points: -101", "signal points `-101` is out of range: expected -100 to 100"},
      {"points: -50", "points: 100", "points: 9223372036854775807",
       "signal points `9223372036854775807` is out of range: expected -100 to 100"},
      {"allowance: 2", "allowance: 1000000", "allowance: 1000001",
       "signal allowance `1000001` is out of range: expected 0 to 1000000"},
      // Literals inside expressions (E201, at the literal).
      {"refund.at > request.at - 365d", "refund.at > request.at - 3650000d", "refund.at > request.at - 3650001d",
       "duration `3650001d` is out of range: at most `3650000d`"},
      {"used_days < 30, 1.5, 1", "used_days < 30, 9223372036854775807, 1", "used_days < 30, 9223372036854775808, 1",
       "number `9223372036854775808` is out of range: at most `9223372036854775807`"},
  };
  for (const RangeRow& row : rows) {
    CAPTURE(row.past);
    PolicyCopy ok;
    ok.Replace(row.from, row.at_limit);
    const refund::CompileResult at_limit = ok.Compile();
    CHECK_MESSAGE(at_limit.ok(), Errors(at_limit));
    PolicyCopy bad;
    bad.Replace(row.from, row.past);
    const refund::CompileResult past = bad.Compile();
    CHECK_FALSE(past.ok());
    const std::string where = std::to_string(bad.LineOf(row.past)) + ":";
    CHECK_MESSAGE(Errors(past).find(std::string(row.message)) != std::string::npos, Errors(past));
    CHECK_MESSAGE(Errors(past).rfind(where, 0) == 0, Errors(past));
  }
}

TEST_CASE("the longest window from an order in year 9999 ends after it: the unpaid order stays cancellable") {
  PolicyCopy policy;
  policy.Replace("length: 7d", "length: 3650000d");
  const refund::CompileResult compiled = policy.Compile();
  REQUIRE_MESSAGE(compiled.ok(), Errors(compiled));
  const refund::Decision d =
      Decide(compiled.value(), UnpaidOrder("9999-12-31T23:59:59+08:00", "9999-12-31T23:59:59+08:00"));
  CHECK(d.outcome == refund::Outcome::kCancel);
  REQUIRE(d.deadline);
  CHECK(d.deadline->micros > 253402300799000000);  // after 9999-12-31T23:59:59Z
}

TEST_CASE("an anchor computed past the calendar has no end: the window is not entered, nothing wraps") {
  // 3650000d * 1000 is 3.2e20 microseconds: cast to 64 bits it wrapped to an instant in the past
  // or the future at random; now the anchor is treated as missing.
  PolicyCopy policy;
  policy.Replace("anchor: order.created_at", "anchor: order.created_at + 3650000d * 1000");
  const refund::CompileResult compiled = policy.Compile();
  REQUIRE_MESSAGE(compiled.ok(), Errors(compiled));
  const refund::Decision d =
      Decide(compiled.value(), UnpaidOrder("2026-03-01T10:00:00+08:00", "2026-03-02T10:00:00+08:00"));
  CHECK(d.outcome == refund::Outcome::kNoRefund);  // unpaid-expired: no window end to be inside
  CHECK_FALSE(d.deadline);
  for (const char* instant : {"floor_hour(order.created_at + 3650000d * 1000)", "ceil_hour(order.created_at - 3650000d * 1000)"}) {
    PolicyCopy hourly;
    hourly.Replace("anchor: order.created_at", std::string("anchor: ") + instant);
    const refund::CompileResult c = hourly.Compile();
    REQUIRE_MESSAGE(c.ok(), Errors(c));
    const refund::Decision h =
        Decide(c.value(), UnpaidOrder("2026-03-01T10:00:00+08:00", "2026-03-02T10:00:00+08:00"));
    CHECK(h.outcome == refund::Outcome::kNoRefund);
    CHECK_FALSE(h.deadline);
  }
}

}  // namespace

namespace {

TEST_CASE("a duration step a message prints is its whole hours, not its numerator's") {
  // term_length / 7 is 8760h / 7 = 1251.43h, held as 31536000000000/7 microseconds: the message
  // printed the numerator's hours (8760h).
  PolicyCopy policy("rules/cloud-hourly");
  policy.Replace("      term_length: item.term.end - item.term.start\n",
                 "      term_length: item.term.end - item.term.start\n      span: term_length / 7\n");
  policy.Replace("    refund: hourly\n    code: NON_FIVE_DAY_REFUND\n",
                 "    refund: hourly\n    code: NON_FIVE_DAY_REFUND\n    message: {en: \"Span {span}.\", zh: \"{span}\"}\n");
  const refund::CompileResult compiled = policy.Compile();
  REQUIRE_MESSAGE(compiled.ok(), Errors(compiled));
  const std::string order =
      R"({"id":"O-1","status":"paid","order_type":"new","payment_type":"subscription",)"
      R"("created_at":"2026-03-01T10:00:00+08:00","paid_at":"2026-03-01T10:05:00+08:00","currency":"CNY",)"
      R"("account":{"id":"A-7"},"items":[{"id":"i-1","product":"ecs","kind":"instance","list_price":"3650.00",)"
      R"("paid":{"cash":"3650.00"},"term":{"start":"2026-03-01T10:05:00+08:00","end":"2027-03-01T10:05:00+08:00"}}],)"
      R"("request":{"at":"2026-03-20T09:00:00+08:00"}})";
  const refund::Decision d = Decide(compiled.value(), order);
  REQUIRE(d.items.size() == 1);
  REQUIRE_FALSE(d.items[0].reasons.empty());
  CHECK(d.items[0].reasons[0].message == "Span 1251h.");
}

}  // namespace
