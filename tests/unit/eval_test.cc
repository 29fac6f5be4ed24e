// Evaluation semantics on small inline policies: windows, missing values, dispatch, quotas,
// inheritance, tender split, score and review.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/compile/tree.h"
#include "engine/eval/trace.h"
#include "engine/gen/order_generator.h"
#include "engine/gen/profile.h"
#include "engine/model/expr.h"
#include "engine/model/placeholders.h"
#include "engine/model/policy.h"
#include "engine/schema/schema.h"
#include "refund/explain.h"
#include "refund/policy.h"

namespace {

namespace fs = std::filesystem;

// A policy written to a fresh temporary directory, compiled.
refund::CompileResult CompileYaml(const std::string& body) {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() / ("refund_eval_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::create_directories(dir);
  std::ofstream(dir / "policy.yaml") << body;
  return refund::CompilePolicy(dir.string());
}

const char* kHeader = R"(
policy: {name: t, version: "1", time_zone: Asia/Shanghai, currency: CNY, rounding: half_up,
         review_below: 60, review_code: LOW_SCORE}
payment_types: {subscription: [prepaid], pay_as_you_go: []}
codes:
  FULL: {en: "full", zh: "全额"}
  IN_WINDOW: {en: "full until {window_end}", zh: "全额，截止 {window_end}"}
  THIRD: {en: "a third", zh: "三分之一"}
  NONE: {en: "none", zh: "无"}
  PART: {en: "part {used_days}", zh: "部分"}
  ENDED: {en: "ended", zh: "结束"}
  NEED_TERM: {en: "needs a term", zh: "需要服务期"}
  LOW_SCORE: {en: "score {score}", zh: "评分 {score}"}
  FOLLOWS: {en: "follows", zh: "跟随"}
  ORPHAN: {en: "orphan", zh: "孤立"}
  QUOTA_GONE: {en: "quota gone", zh: "名额已用"}
)";

std::string Order(const std::string& items, const std::string& request_at, const std::string& extra = "") {
  return R"({"id":"O-1","status":"paid","payment_type":"prepaid","created_at":"2026-03-01T10:00:00+08:00",)"
         R"("paid_at":"2026-03-01T10:05:00+08:00","currency":"CNY","account":{"id":"A"},"items":[)" +
         items + R"(],"request":{"at":")" + request_at + "\"}" + extra + "}";
}

std::string Line(const std::string& id, const std::string& cash, const std::string& extra = "") {
  return R"({"id":")" + id + R"(","product":"ecs","kind":"instance","list_price":"3650.00","paid":{"cash":")" + cash +
         R"("},"term":{"start":"2026-03-01T10:05:00+08:00","end":"2027-03-01T10:05:00+08:00"})" + extra + "}";
}

refund::Decision Decide(const refund::CompileResult& policy, const std::string& json) {
  refund::OrderResult order = refund::ParseOrder(json, refund::OrderSettingsOf(policy.value()));
  REQUIRE_MESSAGE(order.ok(), order.error().path << ": " << order.error().message);
  return refund::Evaluate(policy.value(), order.value(), {});
}

std::string Codes(const refund::ItemDecision& item) {
  std::string out;
  for (const auto& r : item.reasons) out += (out.empty() ? "" : ",") + r.code;
  return out;
}

}  // namespace

TEST_CASE("a calendar window counted from the next day closes at 00:00 of day N+1") {
  auto policy = CompileYaml(std::string(kHeader) + R"(
windows: {w: {anchor: order.paid_at, calendar_days: 5, count_from: next_day}}
item_rules:
  - {id: in, when: inside(w), refund: full, code: IN_WINDOW, window: w, deadline: true}
  - {id: out, otherwise: true, refund: none, code: NONE}
)");
  REQUIRE(policy.ok());
  struct Row { const char* at; const char* code; };
  for (Row row : {Row{"2026-03-06T23:59:59+08:00", "IN_WINDOW"}, Row{"2026-03-07T00:00:00+08:00", "NONE"},
                  Row{"2026-02-01T00:00:00+08:00", "IN_WINDOW"} /* no lower bound */}) {
    CAPTURE(row.at);
    refund::Decision d = Decide(policy, Order(Line("i-1", "100.00"), row.at));
    CHECK(Codes(d.items[0]) == row.code);
  }
  refund::Decision d = Decide(policy, Order(Line("i-1", "100.00"), "2026-03-02T00:00:00+08:00"));
  REQUIRE(d.deadline);
  CHECK(refund::TimeZone::Locate("Asia/Shanghai")->Format(*d.deadline) == "2026-03-07T00:00:00+08:00");
  CHECK(d.items[0].reasons[0].message == "full until 7 Mar 2026 00:00");
}

TEST_CASE("same_day counting and an inclusive end move the boundary") {
  auto policy = CompileYaml(std::string(kHeader) + R"(
windows: {w: {anchor: order.paid_at, calendar_days: 5, count_from: same_day, end: inclusive}}
item_rules:
  - {id: in, when: inside(w), refund: full, code: FULL}
  - {id: out, otherwise: true, refund: none, code: NONE}
)");
  REQUIRE(policy.ok());
  CHECK(Codes(Decide(policy, Order(Line("i-1", "1.00"), "2026-03-06T00:00:00+08:00")).items[0]) == "FULL");
  CHECK(Codes(Decide(policy, Order(Line("i-1", "1.00"), "2026-03-06T00:00:01+08:00")).items[0]) == "NONE");
}

TEST_CASE("eras pick a window by the request date") {
  auto policy = CompileYaml(std::string(kHeader) + R"(
windows:
  w:
    eras:
      - {until: 2026-03-10T00:00:00+08:00, anchor: order.paid_at, length: 1h}
      - {anchor: order.paid_at, length: 30d}
item_rules:
  - {id: in, when: inside(w), refund: full, code: FULL}
  - {id: out, otherwise: true, refund: none, code: NONE}
)");
  REQUIRE(policy.ok());
  CHECK(Codes(Decide(policy, Order(Line("i-1", "1.00"), "2026-03-05T00:00:00+08:00")).items[0]) == "NONE");
  CHECK(Codes(Decide(policy, Order(Line("i-1", "1.00"), "2026-03-12T00:00:00+08:00")).items[0]) == "FULL");
}

TEST_CASE("a window that reads only the order is worked out once per order; one that reads an item, per item") {
  auto policy = CompileYaml(std::string(kHeader) + R"(
windows:
  paid: {anchor: order.paid_at, length: 1d}
  with_plans:
    anchor: order.paid_at
    length: 1d
    cases: [{when: "order.items[].kind has plan", length: 2d}]
  term: {anchor: item.term.start, length: 1d}
  by_kind:
    anchor: order.paid_at
    length: 1d
    cases: [{when: item.kind == disk, length: 2d}]
item_rules:
  - {id: in, when: inside(term), refund: full, code: IN_WINDOW, window: term}
  - {id: out, otherwise: true, refund: none, code: NONE}
)");
  REQUIRE(policy.ok());
  const auto& windows = policy.value().model().windows;
  REQUIRE(windows.size() == 4);
  CHECK(windows[0].order_level);
  CHECK(windows[1].order_level);  // every item's kind is a fact of the order
  CHECK_FALSE(windows[2].order_level);
  CHECK_FALSE(windows[3].order_level);
  // Two lines whose terms start a week apart: each line's window ends a day after its own start.
  std::string later = Line("i-2", "1.00");
  later.replace(later.find("2026-03-01T10:05:00+08:00"), 25, "2026-03-08T10:05:00+08:00");
  refund::Decision d = Decide(policy, Order(Line("i-1", "1.00") + "," + later, "2026-03-08T12:00:00+08:00"));
  REQUIRE(d.items.size() == 2);
  CHECK(Codes(d.items[0]) == "NONE");
  CHECK(d.items[1].reasons[0].message == "full until 9 Mar 2026 10:05");
}

TEST_CASE("a step written as a percentage reads as one in messages and explanations") {
  auto policy = CompileYaml(std::string(kHeader) + R"(  RATED: {en: "rate {rate}, share {share}, fixed {fixed}", zh: "费率 {rate}"}
formulas:
  f:
    let:
      rate:
        table:
          - {when: item.list_price > 1000.00, value: 12.5%}
          - {otherwise: true, value: 10%}
      share: if(item.kind == disk, 50%, max(5%, rate))
      fixed: 0.1
    refund: round(refundable * rate)
item_rules:
  - {id: rated, otherwise: true, refund: f, code: RATED}
)");
  REQUIRE(policy.ok());
  const auto& steps = policy.value().model().formulas.at(0).steps;
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].percent);        // a table of percentages
  CHECK(steps[1].percent);        // if / max over percentages
  CHECK_FALSE(steps[2].percent);  // written as a plain number
  const std::string order = Order(Line("i-1", "100.00"), "2026-03-02T00:00:00+08:00");
  refund::Decision d = Decide(policy, order);
  REQUIRE(d.items.size() == 1);
  CHECK(d.items[0].reasons[0].message == "rate 12.5%, share 12.5%, fixed 0.1");
  refund::OrderResult parsed = refund::ParseOrder(order, refund::OrderSettingsOf(policy.value()));
  REQUIRE(parsed.ok());
  const std::string text = refund::Explain(policy.value(), parsed.value(), {});
  CHECK(text.find("12.5%") != std::string::npos);
  CHECK(text.find("0.125") == std::string::npos);
}

TEST_CASE("explanations name a window by its description, in words or per language") {
  for (const char* description : {"description: grace period", "description: {en: grace period, zh: 宽限期}"}) {
    CAPTURE(description);
    auto policy = CompileYaml(std::string(kHeader) + R"(
windows: {w: {anchor: order.paid_at, length: 5d, )" + description + R"(}}
item_rules:
  - {id: in, when: inside(w), refund: full, code: IN_WINDOW, window: w}
  - {id: out, otherwise: true, refund: none, code: NONE}
)");
    REQUIRE(policy.ok());
    const std::string order = Order(Line("i-1", "100.00"), "2026-03-02T00:00:00+08:00");
    refund::OrderResult parsed = refund::ParseOrder(order, refund::OrderSettingsOf(policy.value()));
    REQUIRE(parsed.ok());
    CHECK(refund::Explain(policy.value(), parsed.value(), {}).find("the grace period ends") != std::string::npos);
    const std::string zh = refund::Explain(policy.value(), parsed.value(), {.language = refund::Language::kZh});
    CHECK(zh.find(std::string(description).find("zh") != std::string::npos ? "宽限期截至" : "grace period截至") !=
          std::string::npos);
  }
}

TEST_CASE("a comparison with a missing value is false, and != is true") {
  auto policy = CompileYaml(std::string(kHeader) + R"(
item_rules:
  - {id: converted, when: order.converted_from == pay_as_you_go, refund: none, code: NONE}
  - {id: not-converted, when: order.converted_from != pay_as_you_go, refund: full, code: FULL}
  - {id: fallback, otherwise: true, refund: none, code: NONE}
)");
  REQUIRE(policy.ok());
  refund::Decision d = Decide(policy, Order(Line("i-1", "10.00"), "2026-03-02T00:00:00+08:00"));
  CHECK(d.items[0].rule == "not-converted");
  CHECK(d.outcome == refund::Outcome::kFullRefund);
}

TEST_CASE("a formula that reads a missing term takes its unavailable exit") {
  auto policy = CompileYaml(std::string(kHeader) + R"(
formulas:
  by_days:
    unavailable: {code: NEED_TERM, review: true}
    guards: [{when: request.at >= item.term.end, code: ENDED}]
    let:
      used_days: ceil((request.at - item.term.start) / 24h)
    refund: max(0, refundable - round(item.list_price * used_days / 365))
item_rules:
  - {id: part, otherwise: true, refund: by_days, code: PART}
)");
  REQUIRE(policy.ok());
  std::string no_term = R"({"id":"i-1","product":"ecs","kind":"instance","list_price":"3650.00","paid":{"cash":"100.00"}})";
  std::string order = Order(no_term, "2026-03-02T00:00:00+08:00");
  order.replace(order.find("prepaid"), 7, "payg_unknown");
  refund::Decision d = Decide(policy, order);
  CHECK(Codes(d.items[0]) == "NEED_TERM");
  CHECK(d.review);
  refund::Decision partial = Decide(policy, Order(Line("i-1", "3650.00"), "2026-03-03T10:05:00+08:00"));
  CHECK(partial.items[0].refund == 365000 - 2000);  // 2 days of 3650.00 / 365
  CHECK(partial.items[0].reasons[0].message == "part 2");
}

TEST_CASE("formulas and comparisons that leave 64 bits are computed exactly on 128 bits") {
  // 365000 minor units times 10^15 is past 2^63: the word lane gives up and Ratio computes it.
  // (The untyped literal on the right is money: 3650000000000000000 yuan is 3.65e20 minor units.)
  auto policy = CompileYaml(std::string(kHeader) + R"(
formulas:
  wide:
    let:
      scaled: item.list_price * 1000000000000000
      used_days: round(scaled / 1000000000000000 / 2)
    refund: min(refundable, used_days)
item_rules:
  - {id: huge, when: item.list_price * 1000000000000000 > 3650000000000000000, refund: full, code: FULL}
  - {id: wide, when: item.list_price * 1000000000000000 >= 3650000000000000000, refund: wide, code: PART}
  - {id: fallback, otherwise: true, refund: none, code: NONE}
)");
  REQUIRE(policy.ok());
  refund::Decision d = Decide(policy, Order(Line("i-1", "3650.00"), "2026-03-03T10:05:00+08:00"));
  CHECK(d.items[0].rule == "wide");  // equal, so not greater: both comparisons are exact
  CHECK(d.items[0].refund == 182500);
  CHECK(d.items[0].reasons[0].message == "part ¥1,825.00");
}

TEST_CASE("a reason reads the note's own message, else its rule's own, else its code's") {
  auto policy = CompileYaml(std::string(kHeader) + R"(
item_rules:
  - {id: own, when: item.id == "i-1", refund: full, code: FULL, message: {en: "rule's own", zh: "规则"}}
  - {id: noted, when: item.id == "i-3", refund: full, code: THIRD, message: {en: "rule's third", zh: "规则"}}
  - {id: plain, otherwise: true, refund: full, code: FULL}
notes:
  - {id: n, when: item.paid.cash > 0, code: THIRD, message: {en: "note's own", zh: "备注"}}
)");
  REQUIRE(policy.ok());
  refund::Decision d = Decide(policy, Order(Line("i-1", "1.00") + "," + Line("i-2", "1.00") + "," + Line("i-3", "1.00"),
                                            "2026-03-02T00:00:00+08:00"));
  REQUIRE(d.items.size() == 3);
  auto messages = [](const refund::ItemDecision& item) {
    std::string out;
    for (const auto& r : item.reasons) out += (out.empty() ? "" : " | ") + r.code + ": " + r.message;
    return out;
  };
  CHECK(messages(d.items[0]) == "FULL: rule's own | THIRD: note's own");
  CHECK(messages(d.items[1]) == "FULL: full | THIRD: note's own");
  CHECK(messages(d.items[2]) == "THIRD: note's own");  // the note's message wins over the rule's
}

TEST_CASE("a quota counts earlier lines of the same order and quota_blocked sees it") {
  auto policy = CompileYaml(std::string(kHeader) + R"(
quotas: {once: {limit: 1, period: calendar_year, counts: refund.type == no_reason}}
item_rules:
  - {id: free, when: order.payment_type == subscription, quota: once, refund: full, code: FULL}
  - id: paid
    otherwise: true
    refund: none
    code: NONE
    also: [{when: quota_blocked(free), code: QUOTA_GONE}]
)");
  REQUIRE(policy.ok());
  refund::Decision d = Decide(policy, Order(Line("i-1", "1.00") + "," + Line("i-2", "1.00"), "2026-03-02T00:00:00+08:00"));
  CHECK(Codes(d.items[0]) == "FULL");
  CHECK(Codes(d.items[1]) == "NONE,QUOTA_GONE");
  std::string history = R"(,"history":{"refunds":[{"order_id":"O-0","product":"oss","at":"2025-12-31T23:00:00+08:00","type":"no_reason"}]})";
  CHECK(Codes(Decide(policy, Order(Line("i-1", "1.00"), "2026-03-02T00:00:00+08:00", history)).items[0]) == "FULL");
}

TEST_CASE("a sub-item re-runs its parent's rule on its own amounts, even when listed first") {
  auto policy = CompileYaml(std::string(kHeader) + R"(
item_rules:
  - {id: follows, when: exists(item.parent), refund: inherit, orphan_code: ORPHAN, message: {en: "follows its parent", zh: "跟随"}}
  - {id: full, otherwise: true, refund: full, code: FULL}
)");
  REQUIRE(policy.ok());
  std::string child = Line("d-1", "20.00", R"(,"parent":"i-1")");
  refund::Decision d = Decide(policy, Order(child + "," + Line("i-1", "100.00"), "2026-03-02T00:00:00+08:00"));
  REQUIRE(d.items.size() == 2);
  CHECK(d.items[0].id == "d-1");
  CHECK(d.items[0].refund == 2000);
  CHECK(d.items[0].reasons[0].code == "FULL");
  CHECK(d.items[0].reasons[0].rule == "follows");
  CHECK(d.items[0].reasons[0].message == "follows its parent");
  std::string only_child = Order(child + "," + Line("i-1", "100.00"), "2026-03-02T00:00:00+08:00");
  only_child.replace(only_child.find("\"at\""), 0, R"("items":["d-1"],)");
  CHECK(Codes(Decide(policy, only_child).items[0]) == "ORPHAN");
}

TEST_CASE("a refund splits over tenders in proportion, the last paying tender taking the rest") {
  auto policy = CompileYaml(std::string(kHeader) + R"(
formulas: {third: {refund: round(refundable / 3)}}
item_rules: [{id: third, otherwise: true, refund: third, code: THIRD}]
)");
  REQUIRE(policy.ok());
  std::string line = R"({"id":"i-1","product":"ecs","kind":"instance","list_price":"1.00","paid":{"cash":"0.01","stored_card":"0.02"},)"
                     R"("term":{"start":"2026-03-01T10:05:00+08:00","end":"2027-03-01T10:05:00+08:00"}})";
  refund::Decision d = Decide(policy, Order(line, "2026-03-02T00:00:00+08:00"));
  CHECK(d.refund_total == 1);
  CHECK(d.refund_parts[0].minor + d.refund_parts[1].minor == 1);
  CHECK(d.refund_parts[0].minor == 0);  // round(1 × 1/3) = 0
  CHECK(d.outcome == refund::Outcome::kPartialRefund);
}

TEST_CASE("the score counts signals and a low score routes to review with the policy's code") {
  auto policy = CompileYaml(std::string(kHeader) + R"(
item_rules: [{id: full, otherwise: true, refund: full, code: FULL}]
score:
  start: 100
  signals:
    - {id: risk, when: account.flags has security_risk, points: -30}
    - {id: many, count: history.refunds, where: refund.at <= request.at, allowance: 1, points: -10}
)");
  REQUIRE(policy.ok());
  std::string history = R"(,"history":{"refunds":[)"
                        R"({"order_id":"a","product":"x","at":"2026-01-01T00:00:00Z","type":"full"},)"
                        R"({"order_id":"b","product":"x","at":"2026-01-02T00:00:00Z","type":"full"},)"
                        R"({"order_id":"c","product":"x","at":"2026-01-03T00:00:00Z","type":"full"},)"
                        R"({"order_id":"d","product":"x","at":"2027-01-03T00:00:00Z","type":"full"}]})";
  std::string order = Order(Line("i-1", "1.00"), "2026-03-02T00:00:00+08:00", history);
  order.replace(order.find(R"("account":{"id":"A"})"), 20, R"("account":{"id":"A","flags":["security_risk"]})");
  refund::Decision d = Decide(policy, order);
  CHECK(d.score == 50);  // 100 - 30 - 2 × 10
  CHECK(d.review);
  REQUIRE(!d.reasons.empty());
  CHECK(d.reasons[0].code == "LOW_SCORE");
  CHECK(d.reasons[0].message == "score 50");
}

TEST_CASE("rule lists dispatch on the field their rules test, keeping source order") {
  auto policy = CompileYaml(std::string(kHeader) + R"(
item_rules:
  - {id: a, when: item.kind == disk, refund: none, code: NONE}
  - {id: b, when: item.tags has x, refund: none, code: NONE}
  - id: c
    when: item.kind in [disk, image]
    refund: none
    code: NONE
  - {id: d, otherwise: true, refund: full, code: FULL}
)");
  REQUIRE(policy.ok());
  const refund::compile::Dispatch& root = policy.value().tree().item_rules.dispatch;
  REQUIRE(!root.leaf());
  CHECK(refund::schema::Fields()[root.key_field].path == "item.kind");
  CHECK(root.values == std::vector<std::string>{"disk", "image"});
  // No other field is tested with == or in, so every bucket is a leaf.
  for (const refund::compile::Dispatch& branch : root.branches) CHECK(branch.leaf());
  CHECK(root.Branch("disk").candidates == std::vector<int>{0, 1, 2, 3});
  CHECK(root.Branch("image").candidates == std::vector<int>{1, 2, 3});
  CHECK(root.Branch("tape").candidates == std::vector<int>{1, 3});  // a value no rule names
  CHECK(root.Branch(std::nullopt).candidates == std::vector<int>{1, 3});
}

namespace {

// Every valid order of a JSON Lines file, read under `policy`.
std::vector<refund::Order> ValidOrders(const refund::CompiledPolicy& policy, const std::string& path) {
  std::vector<refund::Order> orders;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    refund::OrderResult order = refund::ParseOrder(line, refund::OrderSettingsOf(policy));
    if (order.ok()) orders.push_back(order.value());
  }
  return orders;
}

}  // namespace

TEST_CASE("a reused Decision is overwritten whole: same JSON as a fresh one, in any order of orders") {
  for (const char* policy_dir : {"rules/cloud-cn", "rules/cloud-hourly"}) {
    refund::CompileResult policy = refund::CompilePolicy(policy_dir);
    REQUIRE(policy.ok());
    std::vector<refund::Order> orders = ValidOrders(policy.value(), "samples/orders.jsonl");
    REQUIRE(orders.size() > 20);
    for (refund::Language language : {refund::Language::kEn, refund::Language::kZh}) {
      refund::EvalOptions options;
      options.language = language;
      refund::Decision reused;
      // Forwards then backwards, so every order follows both larger and smaller decisions.
      for (int pass = 0; pass < 2; ++pass)
        for (size_t n = 0; n < orders.size(); ++n) {
          const refund::Order& order = orders[pass == 0 ? n : orders.size() - 1 - n];
          refund::Evaluate(policy.value(), order, options, reused);
          CHECK_MESSAGE(refund::DecisionToJson(reused) ==
                            refund::DecisionToJson(refund::Evaluate(policy.value(), order, options)),
                        policy_dir << " " << order.id);
        }
    }
  }
}

namespace {

// Every kept trace text under `e` must be what DumpExpr prints now; counts the kept ones.
int CheckKeptTraceText(const refund::model::Expr& e) {
  int kept = 0;
  if (!e.trace_text.empty()) {
    CHECK(e.trace_text == refund::model::DumpExpr(e));
    ++kept;
  }
  for (const refund::model::Expr& arg : e.args) kept += CheckKeptTraceText(arg);
  return kept;
}

int CheckRules(const std::vector<refund::model::Rule>& rules) {
  int kept = 0;
  for (const refund::model::Rule& rule : rules) {
    if (rule.when) {
      CHECK_MESSAGE(!rule.when->trace_text.empty(), rule.id);  // a traced rule prints no DumpExpr
      kept += CheckKeptTraceText(*rule.when);
    }
    kept += CheckRules(rule.children);
  }
  return kept;
}

}  // namespace

TEST_CASE("expression texts kept for traces are exactly the expressions' dumps") {
  for (const char* policy_dir : {"rules/cloud-cn", "rules/cloud-hourly"}) {
    refund::CompileResult policy = refund::CompilePolicy(policy_dir);
    REQUIRE(policy.ok());
    const refund::model::Policy& model = policy.value().model();
    int kept = CheckRules(model.order_rules) + CheckRules(model.item_rules);
    for (const refund::model::Formula& formula : model.formulas)
      for (const refund::model::Step& step : formula.steps)
        if (step.value) kept += CheckKeptTraceText(*step.value);
    CHECK(kept > 20);
  }
}

TEST_CASE("message texts are cut into literal runs and placeholders exactly as they read") {
  using refund::model::CutMessageText;
  using refund::model::MessagePiece;
  auto cut = [](std::string_view text) {
    std::string shown;  // literal runs as they are, placeholders as <name>
    for (const MessagePiece& p : CutMessageText(text)) shown += p.placeholder ? "<" + p.text + ">" : "[" + p.text + "]";
    return shown;
  };
  CHECK(cut("") == "");
  CHECK(cut("plain text") == "[plain text]");
  CHECK(cut("until {window_end}.") == "[until ]<window_end>[.]");
  CHECK(cut("{a}{b}") == "<a><b>");
  CHECK(cut("{{literal}} and {x}") == "[{literal} and ]<x>");
  CHECK(cut("a } alone") == "[a } alone]");
  CHECK(cut("open { never closed") == "[open { never closed]");
  CHECK(cut("{}") == "<>");
  CHECK(cut("证书截止 {window_end}。") == "[证书截止 ]<window_end>[。]");
}

TEST_CASE("the Value-free paths agree with the Value paths: a traced evaluation decides the same") {
  // With a TraceSink every condition, comparison and sum goes through EvaluateExpr's Value path
  // (the trace records operands); without one, Holds / TextComparison / NumberOperand answer
  // instead. Thousands of generated orders and the samples must get the same decision both ways.
  refund::gen::ProfileResult profile = refund::gen::ReadProfile("samples/profiles/cloud.yaml");
  REQUIRE(profile.ok());
  const std::vector<std::string> lines = refund::gen::OrderGenerator(profile.value(), 29, 0).Lines(3000);
  for (const char* policy_dir : {"rules/cloud-cn", "rules/cloud-hourly"}) {
    refund::CompileResult policy = refund::CompilePolicy(policy_dir);
    REQUIRE(policy.ok());
    std::vector<refund::Order> orders = ValidOrders(policy.value(), "samples/orders.jsonl");
    for (const std::string& line : lines) {
      refund::OrderResult order = refund::ParseOrder(line, refund::OrderSettingsOf(policy.value()));
      if (order.ok()) orders.push_back(order.value());
    }
    REQUIRE(orders.size() > 2000);
    for (const refund::Order& order : orders) {
      refund::eval::TraceSink sink;
      refund::EvalOptions traced;
      traced.trace = &sink;
      CHECK_MESSAGE(refund::DecisionToJson(refund::Evaluate(policy.value(), order, traced)) ==
                        refund::DecisionToJson(refund::Evaluate(policy.value(), order, {})),
                    policy_dir << " " << order.id);
    }
  }
}

TEST_CASE("trace lines share one buffer: each ends where the next begins, a rule line reads its verdict") {
  refund::eval::TraceSink sink;
  sink.Line(0) += "rule a: x == 1";
  sink.Line(1) += "x == 1: 2 vs 1";
  sink.events[0].verdict = refund::eval::TraceEvent::Verdict::kDoesNotHold;
  sink.Event(0, "rule b: otherwise");
  sink.events[2].verdict = refund::eval::TraceEvent::Verdict::kHolds;
  sink.Event(1, "");  // an empty line still counts
  sink.Event(0, "step s = 3");
  REQUIRE(sink.events.size() == 5);
  CHECK(sink.Text(0) == "rule a: x == 1  => does not hold");
  CHECK(sink.Text(1) == "x == 1: 2 vs 1");
  CHECK(sink.Text(2) == "rule b: otherwise  => holds");
  CHECK(sink.Text(3).empty());
  CHECK(sink.Text(4) == "step s = 3");
  CHECK(sink.events[1].depth == 1);
}
