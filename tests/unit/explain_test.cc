// Explanations and what-ifs over every sample order, under both shipped policies: the
// explanation's figures are the decision's, and every what-if statement holds when the order is
// re-evaluated with exactly the change it names (built here, not by whatif::WithChange).
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/eval/trace.h"
#include "engine/explain/words.h"
#include "engine/whatif/whatif.h"
#include "refund/explain.h"
#include "refund/policy.h"

namespace {

using refund::Decision;
using refund::Instant;
using refund::Order;
using refund::whatif::Kind;
using refund::whatif::WhatIf;

std::vector<refund::OrderResult> SampleOrders(const refund::CompiledPolicy& policy) {
  std::ifstream in("samples/orders.jsonl");
  std::vector<refund::OrderResult> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(refund::ParseOrder(line, refund::OrderSettingsOf(policy)));
  return out;
}

Decision At(const refund::CompiledPolicy& policy, const Order& order, Instant at) {
  Order changed = order;
  changed.request.at = at;
  return refund::Evaluate(policy, changed, {});
}

Decision Without(const refund::CompiledPolicy& policy, const Order& order, const std::string& line) {
  Order changed = order;
  changed.request.items.clear();
  for (size_t i = 0; i < order.items.size(); ++i)
    if (order.IsRequested(static_cast<int>(i)) && order.items[i].id != line) changed.request.items.push_back(static_cast<int>(i));
  changed.request.items_given = true;
  return refund::Evaluate(policy, changed, {});
}

void CheckGets(const Decision& d, refund::Outcome outcome, int64_t refund, const std::string& what) {
  INFO(what);
  CHECK(refund::OutcomeName(d.outcome) == std::string(refund::OutcomeName(outcome)));
  CHECK(d.refund_total == refund);
}

// Re-evaluates the order with the one change the statement names and checks what it claims.
void CheckStatement(const refund::CompiledPolicy& policy, const Order& order, const WhatIf& w) {
  constexpr refund::Duration kMicro{1};
  const std::string what = order.id + " kind " + std::to_string(static_cast<int>(w.kind)) + " at " + refund::FormatUtc(w.at);
  const Instant first = w.after ? w.at + kMicro : w.at;
  switch (w.kind) {
    case Kind::kDeadline:
      CheckGets(At(policy, order, w.at - kMicro), w.outcome_before, w.refund_before, what + " (just before)");
      CheckGets(At(policy, order, w.at), w.outcome_after, w.refund_after, what);
      break;
    case Kind::kEarlierRequest: CheckGets(At(policy, order, w.at - kMicro), w.outcome_after, w.refund_after, what); break;
    case Kind::kRemoveLine: CheckGets(Without(policy, order, w.line), w.outcome_after, w.refund_after, what); break;
    case Kind::kQuotaRenewal: CheckGets(At(policy, order, w.at), w.outcome_after, w.refund_after, what); break;
    case Kind::kNextChange:
    case Kind::kNextRise:
      CheckGets(At(policy, order, first - kMicro), w.outcome_before, w.refund_before, what + " (just before)");
      CheckGets(At(policy, order, first), w.outcome_after, w.refund_after, what);
      CHECK(w.refund_after - w.refund_before == w.delta);
      break;
  }
}

void CheckFigures(const refund::CompiledPolicy& policy, const Order& order, const Decision& d,
                  const refund::eval::TraceSink& trace) {
  INFO(order.id);
  REQUIRE(trace.items.size() == d.items.size());
  int64_t total = 0, forfeited = 0;
  for (size_t i = 0; i < d.items.size(); ++i) {
    const auto& t = trace.items[i];
    CHECK(t.id == d.items[i].id);
    CHECK(t.refund == d.items[i].refund);
    total += t.refund;
    forfeited += t.unreturned + t.withheld;
    if (order.status != "unpaid") CHECK(t.paid_total - t.refund == t.unreturned + t.withheld);
  }
  CHECK(total == d.refund_total);
  CHECK(forfeited == d.forfeited);
  // The JSON explanation carries the same figures.
  auto json = nlohmann::json::parse(refund::DecisionWithExplanation(policy, order, {}));
  const auto& figures = json["explanation"]["figures"];
  REQUIRE(figures.size() == d.items.size());
  for (size_t i = 0; i < d.items.size(); ++i)
    CHECK(figures[i]["refund"] == refund::FormatMinor(d.items[i].refund, d.currency_digits));
  CHECK(json["refund"]["total"] == refund::FormatMinor(d.refund_total, d.currency_digits));
}

void CheckPolicy(const std::string& path, std::set<Kind>& kinds) {
  refund::CompileResult compiled = refund::CompilePolicy(path);
  REQUIRE(compiled.ok());
  int orders = 0;
  for (const refund::OrderResult& order : SampleOrders(compiled.value())) {
    if (!order.ok()) continue;
    ++orders;
    refund::eval::TraceSink trace;
    refund::EvalOptions options;
    options.trace = &trace;
    Decision d = refund::Evaluate(compiled.value(), order.value(), options);
    CHECK(refund::DecisionToJson(d) == refund::DecisionToJson(refund::Evaluate(compiled.value(), order.value(), {})));
    CheckFigures(compiled.value(), order.value(), d, trace);
    for (const WhatIf& w : refund::whatif::FindWhatIfs(compiled.value(), order.value(), d, trace)) {
      kinds.insert(w.kind);
      CheckStatement(compiled.value(), order.value(), w);
    }
  }
  CHECK(orders > 10);
}

}  // namespace

TEST_CASE("every what-if statement about a sample order holds when the order is re-evaluated with that change") {
  std::set<Kind> kinds;
  CheckPolicy("rules/cloud-cn", kinds);
  CheckPolicy("rules/cloud-hourly", kinds);
  for (Kind k : {Kind::kDeadline, Kind::kEarlierRequest, Kind::kRemoveLine, Kind::kNextChange, Kind::kNextRise}) {
    INFO("kind " << static_cast<int>(k));
    CHECK(kinds.count(k) == 1);
  }
}

TEST_CASE("a trace changes nothing in the decision and an explanation's total is the decision's") {
  refund::CompileResult compiled = refund::CompilePolicy("rules/cloud-cn");
  REQUIRE(compiled.ok());
  auto orders = SampleOrders(compiled.value());
  REQUIRE(orders.front().ok());
  std::string text = refund::Explain(compiled.value(), orders.front().value(), {});
  CHECK(text.find("¥3,265.00") != std::string::npos);
  CHECK(text.find("7 Mar 2026 00:00") != std::string::npos);
  refund::ExplainOptions zh;
  zh.language = refund::Language::kZh;
  CHECK(refund::Explain(compiled.value(), orders.front().value(), zh).find("2026年3月7日 00:00") != std::string::npos);
}

TEST_CASE("money and dates print per language") {
  auto zone = refund::TimeZone::Locate("Asia/Shanghai");
  REQUIRE(zone);
  Instant at = *refund::ParseTimestamp("2026-03-07T00:00:00+08:00");
  CHECK(refund::explain::FormatMoney(285000, "CNY", 2) == "¥2,850.00");
  CHECK(refund::explain::FormatMoney(-1000, "USD", 2) == "-$10.00");
  struct Row { int64_t minor; const char* currency; int digits; const char* text; };
  for (const Row& row : {Row{0, "CNY", 2, "¥0.00"}, Row{5, "CNY", 2, "¥0.05"}, Row{100, "EUR", 2, "€1.00"},
                         Row{99999, "GBP", 2, "£999.99"}, Row{100000, "CNY", 2, "¥1,000.00"},
                         Row{123456789, "CNY", 2, "¥1,234,567.89"}, Row{-1, "CNY", 2, "-¥0.01"},
                         Row{100000, "JPY", 0, "¥100,000"}, Row{999, "JPY", 0, "¥999"},
                         Row{1234567, "BHD", 3, "BHD 1,234.567"}, Row{1234, "XYZ", 2, "XYZ 12.34"},
                         Row{INT64_MIN, "USD", 2, "-$92,233,720,368,547,758.08"},
                         Row{INT64_MAX, "USD", 0, "$9,223,372,036,854,775,807"}}) {
    CAPTURE(row.minor);
    CHECK(refund::explain::FormatMoney(row.minor, row.currency, row.digits) == row.text);
  }
  CHECK(refund::explain::FormatDateTime(at, *zone, refund::Language::kEn) == "7 Mar 2026 00:00");
  CHECK(refund::explain::FormatDateTime(at, *zone, refund::Language::kZh) == "2026年3月7日 00:00");
  CHECK(refund::explain::FormatOffset(at, *zone) == "UTC+8");
}

TEST_CASE("a used-up yearly allowance: the statement that it renews on 1 January holds when re-evaluated then") {
  refund::CompileResult compiled = refund::CompilePolicy("rules/cloud-cn");
  REQUIRE(compiled.ok());
  const char* line = R"({"id":"O-Q","status":"paid","order_type":"new","payment_type":"subscription",
    "created_at":"2026-12-30T10:00:00+08:00","paid_at":"2026-12-30T10:05:00+08:00","currency":"CNY",
    "account":{"id":"A-1","channel":"direct"},"items":[{"id":"i-1","product":"ecs","kind":"instance",
    "list_price":"3650.00","paid":{"cash":"3650.00"},"term":{"start":"2026-12-30T10:05:00+08:00",
    "end":"2027-12-30T10:05:00+08:00"}}],"request":{"at":"2026-12-31T09:00:00+08:00"},
    "history":{"refunds":[{"order_id":"O-9","product":"ecs","at":"2026-06-01T12:00:00+08:00","type":"no_reason"}]}})";
  refund::OrderResult order = refund::ParseOrder(line, refund::OrderSettingsOf(compiled.value()));
  REQUIRE(order.ok());
  refund::eval::TraceSink trace;
  refund::EvalOptions options;
  options.trace = &trace;
  Decision d = refund::Evaluate(compiled.value(), order.value(), options);
  CHECK(d.outcome == refund::Outcome::kPartialRefund);
  bool renewal = false;
  for (const WhatIf& w : refund::whatif::FindWhatIfs(compiled.value(), order.value(), d, trace)) {
    CheckStatement(compiled.value(), order.value(), w);
    if (w.kind != Kind::kQuotaRenewal) continue;
    renewal = true;
    CHECK(refund::FormatUtc(w.at) == "2026-12-31T16:00:00Z");
    CHECK(w.outcome_after == refund::Outcome::kFullRefund);
  }
  CHECK(renewal);
  std::string text = refund::Explain(compiled.value(), order.value(), {});
  CHECK(text.find("from 1 Jan 2027 00:00, when the allowance renews: Full refund ¥3,650.00") != std::string::npos);
  CHECK(text.find("used by order O-9 (1 Jun 2026 12:00)") != std::string::npos);
}

TEST_CASE("dates shown to people agree with the written timestamps at the edges of the calendar") {
  struct Row { const char* zone; const char* at; const char* en; const char* zh; const char* offset; };
  const Row rows[] = {
      // Local mean time: the offset cut to whole minutes, as TimeZone::Format writes it.
      {"Asia/Shanghai", "1899-12-31T15:54:17Z", "31 Dec 1899 23:59", "1899年12月31日 23:59", "UTC+8:05"},
      {"Asia/Shanghai", "1899-12-31T15:55:00Z", "1 Jan 1900 00:00", "1900年1月1日 00:00", "UTC+8:05"},
      {"Asia/Shanghai", "9999-12-31T15:59:59Z", "31 Dec 9999 23:59", "9999年12月31日 23:59", "UTC+8"},
      // No calendar date RFC 3339 could write: say where it lies instead.
      {"Asia/Shanghai", "9999-12-31T16:00:00Z", "after year 9999", "9999年以后", "UTC+8"},
      {"America/New_York", "0001-01-01T00:00:00Z", "before year 1", "公元1年以前", "UTC-4:56"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.at);
    const std::optional<refund::TimeZone> zone = refund::TimeZone::Locate(row.zone);
    REQUIRE(zone.has_value());
    const refund::Instant at = *refund::ParseTimestamp(row.at);
    CHECK(refund::explain::FormatDateTime(at, *zone, refund::Language::kEn) == row.en);
    CHECK(refund::explain::FormatDateTime(at, *zone, refund::Language::kZh) == row.zh);
    CHECK(refund::explain::FormatOffset(at, *zone) == row.offset);
  }
}
