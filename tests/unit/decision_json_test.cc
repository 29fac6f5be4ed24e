// Tests for the decisions.md writer: the JSON string escaper against nlohmann's dump(), which
// the output has always matched byte for byte, and the appending writers against the string ones.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>

#include "engine/eval/json_string.h"
#include "refund/policy.h"

namespace {

// nlohmann's text for `s`, or "throws: <what>" when it rejects it.
std::string Nlohmann(const std::string& s) {
  try {
    return nlohmann::json(s).dump();
  } catch (const nlohmann::json::type_error& e) {
    return std::string("throws: ") + e.what();
  }
}

// AppendJsonString's text for `s` (after a prefix it must keep), in the same form.
std::string Ours(const std::string& s) {
  std::string out = "prefix";
  try {
    refund::eval::AppendJsonString(s, out);
  } catch (const nlohmann::json::type_error& e) {
    REQUIRE(out == "prefix");  // nothing half-written
    return std::string("throws: ") + e.what();
  }
  REQUIRE(out.substr(0, 6) == "prefix");
  return out.substr(6);
}

TEST_CASE("AppendJsonString writes what nlohmann's dump() writes") {
  const std::string cases[] = {
      "",
      "O-1001",
      "plain ASCII with spaces / slashes ~ and DEL \x7f",
      "\"quoted\" and back\\slash\\",
      "\b\f\n\r\t",
      std::string("nul \0 inside", 12),
      "\x01\x02\x1b\x1f",
      "退款已受理，截止 2026-03-07T00:00:00+08:00",
      "混合 mixed \"引号\" \n 换行",
      "4-byte: \xF0\x9F\x98\x80 \xF0\x90\x80\x80 \xF4\x8F\xBF\xBF",
      "edges: \xC2\x80 \xDF\xBF \xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80 \xEF\xBF\xBF",
      "a long ASCII run so the eight-byte path is taken before 中文 and after it again ........",
  };
  for (const std::string& s : cases) {
    CAPTURE(s);
    CHECK(Ours(s) == Nlohmann(s));
  }
  std::string all_controls;
  for (int c = 0; c < 0x20; ++c) all_controls += static_cast<char>(c);
  CHECK(Ours(all_controls) == Nlohmann(all_controls));
  CHECK(Ours(all_controls).find("\\u001f") != std::string::npos);  // lowercase hex, as nlohmann
}

TEST_CASE("AppendJsonString rejects invalid UTF-8 exactly as nlohmann does") {
  const std::string invalid[] = {
      "\x80",                     // lone continuation byte
      "abc\xC3\x28",              // bad continuation
      "\xC0\x80",                 // overlong NUL
      "\xC1\xBF",                 // overlong
      "\xE0\x9F\xBF",             // overlong 3-byte
      "\xED\xA0\x80",             // surrogate
      "\xF0\x8F\xBF\xBF",         // overlong 4-byte
      "\xF4\x90\x80\x80",         // above U+10FFFF
      "\xF5\x80\x80\x80",         // no such lead byte
      "\xFF",
      "truncated \xE4\xB8",       // incomplete at the end
      "truncated \xF0\x9F\x98",
      "12345678\xE4",             // after the eight-byte path
  };
  for (const std::string& s : invalid) {
    CAPTURE(s);
    CHECK(Ours(s).rfind("throws: ", 0) == 0);
    CHECK(Ours(s) == Nlohmann(s));
  }
}

TEST_CASE("AppendJsonString agrees with nlohmann on every two-byte string and on random bytes") {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string s{static_cast<char>(a), static_cast<char>(b)};
      if (Ours(s) != Nlohmann(s)) FAIL_CHECK("differs on bytes " << a << " " << b);
    }
  }
  // Every byte in every lane of the 16-byte and 8-byte steps, inside plain ASCII.
  for (int b = 0; b < 256; ++b) {
    for (size_t at = 0; at < 44; ++at) {
      std::string s(44, 'a');
      s[at] = static_cast<char>(b);
      if (Ours(s) != Nlohmann(s)) FAIL_CHECK("differs on byte " << b << " at " << at);
    }
  }
  // Strings drawn from the bytes where the encodings' boundaries lie.
  const unsigned char alphabet[] = {'a', '"', '\\', 0x00, 0x1f, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf,
                                    0xc0, 0xc2, 0xdf, 0xe0, 0xe4, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff};
  std::mt19937 random(7);
  std::uniform_int_distribution<size_t> pick(0, sizeof alphabet - 1), length(0, 40);
  for (int i = 0; i < 100000; ++i) {
    std::string s;
    for (size_t n = length(random); n > 0; --n) s += static_cast<char>(alphabet[pick(random)]);
    if (Ours(s) != Nlohmann(s)) FAIL_CHECK("differs on random string #" << i << " of " << s.size() << " bytes");
  }
}

// A decision with every field filled, including text that needs escaping.
refund::Decision FullDecision() {
  refund::Decision d;
  d.order_id = "O-\"1\"";
  d.request_id = "R-1\t";
  d.policy_name = "cloud-cn";
  d.policy_version = "2026.1";
  d.policy_digest = "sha256:abc";
  d.outcome = refund::Outcome::kPartialRefund;
  d.review = true;
  d.score = -5;
  d.refund_total = 290012;
  d.refund_parts = {{"cash", 290000}, {"voucher", 12}};
  d.forfeited = -7;
  refund::ItemDecision item;
  item.id = "i-1";
  item.outcome = refund::Outcome::kFullRefund;
  item.refund = 5;
  item.reasons = {{"IN_WINDOW", "window", "全额退款，截止 2026-03-07"}};
  d.items = {item, item};
  d.reasons = {{"LOW_SCORE", "score", "评分 \x01 低"}, {"FULL", "r", "full"}};
  d.deadline = refund::ParseTimestamp("2026-03-07T00:00:00.25+08:00");
  d.currency_digits = 2;
  d.time_zone = "Asia/Shanghai";
  return d;
}

// The decision as decisions.md lays it out, built with nlohmann in the contract's field order.
std::string Expected(const refund::Decision& d) {
  using Json = nlohmann::ordered_json;
  auto money = [&](int64_t minor) { return refund::FormatMinor(minor, d.currency_digits); };
  auto reasons = [](const std::vector<refund::Reason>& list) {
    Json out = Json::array();
    for (const refund::Reason& r : list) out.push_back({{"code", r.code}, {"rule", r.rule}, {"message", r.message}});
    return out;
  };
  Json refund = {{"total", money(d.refund_total)}};
  for (const refund::TenderAmount& part : d.refund_parts) refund[part.tender] = money(part.minor);
  Json items = Json::array();
  for (const refund::ItemDecision& item : d.items)
    items.push_back({{"id", item.id}, {"outcome", refund::OutcomeName(item.outcome)}, {"refund", money(item.refund)},
                     {"reasons", reasons(item.reasons)}});
  Json out = {{"order_id", d.order_id},
              {"request_id", d.request_id ? Json(*d.request_id) : Json()},
              {"policy", {{"name", d.policy_name}, {"version", d.policy_version}, {"digest", d.policy_digest}}},
              {"outcome", refund::OutcomeName(d.outcome)},
              {"route", d.review ? "review" : "auto"},
              {"score", d.score},
              {"refund", refund},
              {"forfeited", money(d.forfeited)},
              {"items", items},
              {"reasons", reasons(d.reasons)},
              {"deadline", d.deadline ? Json(*refund::TimeZone::Locate(d.time_zone)->Format(*d.deadline)) : Json()}};
  return out.dump();
}

TEST_CASE("AppendDecisionJson appends what DecisionToJson returns, in decisions.md's layout") {
  refund::Decision d = FullDecision();
  const std::string line = refund::DecisionToJson(d);
  CHECK(line == Expected(d));
  CHECK(line.find(R"("deadline":"2026-03-07T00:00:00.25+08:00")") != std::string::npos);
  CHECK(line.find(R"("forfeited":"-0.07")") != std::string::npos);
  std::string out = "earlier\n";
  refund::AppendDecisionJson(d, out);
  CHECK(out == "earlier\n" + line);

  d.request_id.reset();
  d.deadline.reset();
  d.items.clear();
  d.reasons.clear();
  d.currency_digits = 0;
  CHECK(refund::DecisionToJson(d) == Expected(d));
}

TEST_CASE("AppendErrorRecordJson appends what ErrorRecordToJson returns") {
  const refund::OrderError error{"/items/0/paid", "expected \"cash\" — 金额"};
  for (const std::optional<std::string>& id : {std::optional<std::string>("O-7"), std::optional<std::string>()}) {
    const std::string record = refund::ErrorRecordToJson(12, id, error);
    nlohmann::ordered_json expected = {{"line", 12},
                                       {"order_id", id ? nlohmann::ordered_json(*id) : nlohmann::ordered_json()},
                                       {"error", {{"code", "INVALID_ORDER"}, {"path", error.path}, {"message", error.message}}}};
    CHECK(record == expected.dump());
    std::string out = "x";
    refund::AppendErrorRecordJson(12, id, error, out);
    CHECK(out == "x" + record);
  }
}

TEST_CASE("AppendMinor appends FormatMinor's text") {
  std::string out = "=";
  refund::AppendMinor(-5, 2, out);
  refund::AppendMinor(0, 0, out);
  refund::AppendMinor(INT64_MIN, 3, out);
  CHECK(out == "=-0.050-9223372036854775.808");
}

}  // namespace

TEST_CASE("a deadline RFC 3339 cannot write is null; an offset with seconds is cut to minutes") {
  struct Row { const char* zone; const char* deadline; const char* written; };
  const Row rows[] = {
      {"Asia/Shanghai", "9999-12-31T23:59:59.5+08:00", R"("deadline":"9999-12-31T23:59:59.5+08:00")"},
      {"Asia/Shanghai", "9999-12-31T16:00:00Z", R"("deadline":null)"},  // 10000-01-01 local
      {"UTC", "9999-12-31T23:59:59-23:59", R"("deadline":null)"},
      {"Asia/Shanghai", "1900-01-01T00:00:00+08:05", R"("deadline":"1900-01-01T00:00:00+08:05")"},
      {"Asia/Shanghai", "1899-12-31T15:54:17Z", R"("deadline":"1899-12-31T23:59:17+08:05")"},
      {"Europe/Amsterdam", "1900-06-01T00:00:00Z", R"("deadline":"1900-06-01T00:19:00+00:19")"},
      {"No/Such_Zone", "9999-12-31T23:59:59-01:00", R"("deadline":null)"},  // UTC when unknown
      {"No/Such_Zone", "2026-03-01T00:00:00Z", R"("deadline":"2026-03-01T00:00:00Z")"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.deadline);
    refund::Decision d = FullDecision();
    d.time_zone = row.zone;
    d.deadline = refund::ParseTimestamp(row.deadline);
    REQUIRE(d.deadline.has_value());
    const std::string line = refund::DecisionToJson(d);
    CHECK(line.find(row.written) != std::string::npos);
    CHECK(nlohmann::json::accept(line));
  }
}
