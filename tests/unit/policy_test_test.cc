// Policy test support: the coverage recorder (which branches evaluation took), the coverage
// report with declared-unreachable branches, and `--update`'s in-place rewrites.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "engine/eval/coverage.h"
#include "engine/policytest/coverage_report.h"
#include "engine/policytest/expect_rewrite.h"
#include "engine/policytest/expect_schema.h"
#include "engine/policytest/policy_test.h"
#include "engine/policytest/test_report.h"
#include "engine/syntax/parse_yaml.h"
#include "refund/policy.h"

namespace {

namespace fs = std::filesystem;
using refund::eval::Branch;
using refund::eval::CoverageSink;

// A policy with one branch of every kind coverage counts.
const char* kPolicy = R"(
policy: {name: t, version: "1", time_zone: Asia/Shanghai, currency: CNY, rounding: half_up,
         review_below: 60, review_code: LOW}
payment_types: {subscription: [], pay_as_you_go: []}
codes:
  FULL: {en: "full", zh: "全额"}
  NONE: {en: "none", zh: "无"}
  PART: {en: "part", zh: "部分"}
  BIG: {en: "big", zh: "大"}
  ENDED: {en: "ended", zh: "结束"}
  NEED_TERM: {en: "needs a term", zh: "需要服务期"}
  VOUCHER: {en: "voucher kept", zh: "代金券不退"}
  LOW: {en: "score {score}", zh: "评分 {score}"}
  LARGE: {en: "large", zh: "大额"}
windows:
  short:
    anchor: order.paid_at
    length: 48h
    cases:
      - when: item.product == oss
        length: 1h
formulas:
  pro_rata:
    unavailable: {code: NEED_TERM, review: true}
    guards:
      - when: request.at >= item.term.end
        code: ENDED
    let:
      rate:
        table:
          - {when: item.product == ecs, value: 50%}
          - {otherwise: true, value: 10%}
    refund: refundable * rate
order_rules:
  - id: payg
    when: order.payment_type == pay_as_you_go
    outcome: no_refund
    code: NONE
  - id: items
    otherwise: true
    outcome: items
item_rules:
  - id: in-window
    when: inside(short)
    refund: full
    code: FULL
    also:
      - when: item.paid.cash > 50.00
        code: BIG
  - id: group
    when: order.payment_type == subscription
    rules:
      - id: partial
        otherwise: true
        refund: pro_rata
        code: PART
  - id: fallback
    otherwise: true
    refund: none
    code: NONE
notes:
  - id: voucher
    when: item.paid.voucher > 0
    code: VOUCHER
score:
  start: 100
  signals:
    - id: risk
      when: account.flags has security_risk
      points: -50
review:
  - id: large
    when: decision.refund.total > 1000.00
    code: LARGE
)";

const refund::CompileResult& Policy() {
  static const refund::CompileResult compiled = [] {
    fs::path dir = fs::temp_directory_path() / ("refund_policy_test_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "policy.yaml") << kPolicy;
    return refund::CompilePolicy(dir.string());
  }();
  REQUIRE(compiled.ok());
  return compiled;
}

// A one-line order paid 2026-03-01T10:05 +08:00, term one month from then; `paid` is its JSON.
std::string Order(const std::string& payment_type, const std::string& request_at, const std::string& product,
                  const std::string& paid) {
  return R"({"id":"O-1","status":"paid","payment_type":")" + payment_type +
         R"(","created_at":"2026-03-01T10:00:00+08:00","paid_at":"2026-03-01T10:05:00+08:00","currency":"CNY",)"
         R"("account":{"id":"A"},"items":[{"id":"i-1","product":")" + product +
         R"(","kind":"instance","list_price":"100.00","paid":)" + paid +
         R"(,"term":{"start":"2026-03-01T10:05:00+08:00","end":"2026-04-01T10:05:00+08:00"}}],)"
         R"("request":{"at":")" + request_at + "\"}}";
}

refund::Decision Decide(const std::string& json, CoverageSink* sink) {
  refund::OrderResult order = refund::ParseOrder(json, refund::OrderSettingsOf(Policy().value()));
  REQUIRE_MESSAGE(order.ok(), order.error().path << ": " << order.error().message);
  return refund::Evaluate(Policy().value(), order.value(), {.coverage = sink});
}

std::string Labels(const std::vector<Branch>& branches) {
  std::string out;
  for (const Branch& b : branches) out += (out.empty() ? "" : ", ") + b.label;
  return out;
}

// The labels of the branches `sink` recorded, in ListBranches order.
std::string Reached(const CoverageSink& sink) {
  std::vector<Branch> reached;
  for (const Branch& b : refund::eval::ListBranches(Policy().value().model()))
    if (sink.Reached(b.node)) reached.push_back(b);
  return Labels(reached);
}

}  // namespace

TEST_CASE("a coverage sink records each node once") {
  CoverageSink sink;
  int a = 0, b = 0;
  sink.Reach(&a);
  sink.Reach(&a);
  CHECK(sink.Reached(&a));
  CHECK_FALSE(sink.Reached(&b));
  CHECK(sink.size() == 1);
}

TEST_CASE("every branch kind is listed, in a stable order, with its source line") {
  std::vector<Branch> branches = refund::eval::ListBranches(Policy().value().model());
  CHECK(Labels(branches) ==
        "rule payg, rule items, rule in-window, rule group, rule partial, rule fallback, guard pro_rata#1, "
        "unavailable pro_rata, row pro_rata.rate#1, row pro_rata.rate#2, also in-window#1, note voucher, "
        "window short#1, window short#2, signal risk, review large");
  CHECK(branches[0].where.line == 35);  // `- id: payg`
  CHECK(branches[8].where.line == 31);  // the first table row
}

TEST_CASE("an order records exactly the branches it took") {
  struct Row {
    const char* what;
    std::string order;
    const char* reached;
  };
  const Row rows[] = {
      {"partial refund after the window", Order("subscription", "2026-03-05T10:05:00+08:00", "ecs", R"({"cash":"100.00"})"),
       "rule items, rule group, rule partial, row pro_rata.rate#1, window short#2"},
      {"full refund inside the window, with also, note and the oss window case",
       Order("subscription", "2026-03-01T10:30:00+08:00", "oss", R"({"cash":"60.00","voucher":"40.00"})"),
       "rule items, rule in-window, also in-window#1, note voucher, window short#1"},
      {"the formula's guard after the term ended", Order("subscription", "2026-04-02T10:05:00+08:00", "vpc", R"({"cash":"100.00"})"),
       "rule items, rule group, rule partial, guard pro_rata#1, window short#2"},
      {"a gate decides alone", Order("pay_as_you_go", "2026-03-05T10:05:00+08:00", "ecs", R"({"cash":"100.00"})"),
       "rule payg"},
      {"an unknown payment type falls through to the fallback",
       Order("gift", "2026-03-05T10:05:00+08:00", "ecs", R"({"cash":"100.00"})"), "rule items, rule fallback, window short#2"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.what);
    CoverageSink sink;
    Decide(row.order, &sink);
    CHECK(Reached(sink) == row.reached);
  }
}

TEST_CASE("a fired signal and a review rule are reached; a signal that does not fire is not") {
  std::string order = Order("subscription", "2026-03-01T10:30:00+08:00", "ecs", R"({"cash":"2000.00"})");
  order.replace(order.find(R"("account":{"id":"A"})"), 20, R"("account":{"id":"A","flags":["security_risk"]})");
  CoverageSink sink;
  Decide(order, &sink);
  CHECK(Reached(sink) == "rule items, rule in-window, also in-window#1, window short#2, signal risk, review large");
  CoverageSink quiet;
  Decide(Order("subscription", "2026-03-01T10:30:00+08:00", "ecs", R"({"cash":"20.00"})"), &quiet);
  CHECK(Reached(quiet) == "rule items, rule in-window, window short#2");
}

TEST_CASE("evaluation decides the same with coverage on and off") {
  const std::string order = Order("subscription", "2026-03-05T10:05:00+08:00", "ecs", R"({"cash":"100.00"})");
  CoverageSink sink;
  CHECK(refund::DecisionToJson(Decide(order, &sink)) == refund::DecisionToJson(Decide(order, nullptr)));
}

TEST_CASE("the coverage report separates gaps, declared-unreachable branches and stale declarations") {
  CoverageSink sink;
  Decide(Order("subscription", "2026-03-05T10:05:00+08:00", "ecs", R"({"cash":"100.00"})"), &sink);
  refund::policytest::CoverageReport report = refund::policytest::ReportCoverage(
      Policy().value().model(), sink, {{"unavailable pro_rata", "no term-less subscription line"}, {"rule partial", "stale"}});
  CHECK(report.branches == 16);
  CHECK(report.reached == 5);
  CHECK(Labels(report.declared) == "unavailable pro_rata");
  CHECK(Labels(report.stale) == "rule partial");
  CHECK(report.unreached.size() == 10);
  CHECK_FALSE(report.full());
  CHECK(Labels(refund::eval::UnreachedBranches(Policy().value().model(), sink)).find("unavailable pro_rata") != std::string::npos);
}

TEST_CASE("an unreachable declaration must name a branch and say why") {
  refund::source::SourceFile file("t.yaml",
      "- {branch: unavailable pro_rata, why: reason}\n- {branch: rule partal, why: typo}\n- {branch: rule payg}\n");
  refund::syntax::ParsedYaml parsed = refund::syntax::ParseYaml(file);
  std::vector<refund::Diagnostic> diagnostics;
  auto read = refund::policytest::ReadUnreachable(*parsed.root, Policy().value().model(), diagnostics);
  REQUIRE(read.size() == 1);
  CHECK(read[0].branch == "unavailable pro_rata");
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0].message == "no branch `rule partal` in the policy");
  CHECK(diagnostics[0].help == std::optional<std::string>("did you mean `rule partial`?"));
  CHECK(diagnostics[1].line == 3);
}

TEST_CASE("--update rewrites one value in place and keeps its quoting and the rest of the line") {
  struct Row {
    const char* yaml;
    nlohmann::json actual;
    const char* rewritten;  // nullptr: not rewritable
  };
  const Row rows[] = {
      {"a: partial_refund  # note\n", "full_refund", "a: full_refund  # note\n"},
      {"a: \"0.00\"\n", "80.00", "a: \"80.00\"\n"},
      {"a: '0.00'\n", "80.00", "a: '80.00'\n"},
      {"a: 100\n", 85, "a: 85\n"},
      {"a: null\n", "2026-03-07T00:00:00+08:00", "a: \"2026-03-07T00:00:00+08:00\"\n"},
      {"a: ~\n", "x", "a: x\n"},
      {"a:\n", "x", "a: x\n"},
      {"a: no_refund\n", nullptr, "a: null\n"},
      {"a: [X, Y]   # kept\n", nlohmann::json::array({"Z"}), "a: [Z]   # kept\n"},
      {"a: [\n  X,\n  Y\n]\n", nlohmann::json::array({"Y", "X"}), "a: [Y, X]\n"},
      {"a: plain text\n", "needs: quoting", "a: \"needs: quoting\"\n"},
      {"a: |\n  block\n", "x", nullptr},
      {"a:\n  - X\n", nlohmann::json::array({"Y"}), nullptr},
  };
  for (const Row& row : rows) {
    CAPTURE(row.yaml);
    refund::source::SourceFile file("t.yaml", row.yaml);
    refund::syntax::ParsedYaml parsed = refund::syntax::ParseYaml(file);
    REQUIRE(parsed.root);
    const refund::syntax::Node* value = parsed.root->Find("a");
    REQUIRE(value);
    auto edit = refund::policytest::RewriteValue(*value, row.actual);
    if (!row.rewritten) {
      CHECK_FALSE(edit);
      continue;
    }
    REQUIRE(edit);
    CHECK(refund::policytest::ApplyEdits(file.text(), {*edit}) == row.rewritten);
  }
}

namespace {

// A policy directory holding `files` (relative path -> text; "FIFO" makes a FIFO, "->target" a
// symbolic link), removed afterwards.
struct TestDir {
  fs::path path;
  explicit TestDir(const std::vector<std::pair<std::string, std::string>>& files) {
    static int counter = 0;
    path = fs::temp_directory_path() / ("refund_test_files_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path / "tests");
    for (const auto& [name, text] : files) {
      if (text == "FIFO") REQUIRE(::mkfifo((path / name).c_str(), 0600) == 0);
      else if (text.starts_with("->")) fs::create_symlink(text.substr(2), path / name);
      else std::ofstream(path / name, std::ios::binary) << text;
    }
  }
  ~TestDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

// "code message" of each diagnostic, the directory cut out.
std::string Problems(const refund::policytest::TestRun& run, const fs::path& dir) {
  std::string out;
  for (const refund::Diagnostic& d : run.diagnostics) {
    std::string message = d.message;
    for (size_t at; (at = message.find(dir.string())) != std::string::npos;) message.replace(at, dir.string().size(), "DIR");
    out += d.code + " " + message + "\n";
  }
  return out;
}

TEST_CASE("test files and orders files are regular files inside the policy directory") {
  refund::CompileResult policy = refund::CompilePolicy("tests/golden/test_command/policy");
  REQUIRE(policy.ok());
  const std::string passing = "cases:\n  - {name: x, base: O-1001, expect: {outcome: full_refund}}\n";
  struct Row { std::vector<std::pair<std::string, std::string>> files; std::string problems; };
  const Row rows[] = {
      {{{"tests/a.yaml", "FIFO"}}, "T002 test file `DIR/tests/a.yaml` is a FIFO, not a regular file\n"},
      {{{"tests/a.yaml", "->/dev/zero"}}, "T002 test file `DIR/tests/a.yaml` is outside the policy directory\n"},
      {{{"tests/a.yaml", "->/etc/hostname"}}, "T002 test file `DIR/tests/a.yaml` is outside the policy directory\n"},
      {{{"tests/a.yaml", "orders_file: /etc/passwd\n" + passing}},
       "T002 orders_file `/etc/passwd` is outside the policy directory\nT001 unknown base order `O-1001`\n"},
      {{{"tests/a.yaml", "orders_file: ../../orders.jsonl\n" + passing}},
       "T002 orders_file `../../orders.jsonl` is outside the policy directory\nT001 unknown base order `O-1001`\n"},
      {{{"tests/a.yaml", "orders_file: o.jsonl\n" + passing}, {"tests/o.jsonl", "FIFO"}},
       "T002 orders_file `o.jsonl` is a FIFO, not a regular file\nT001 unknown base order `O-1001`\n"},
      {{{"tests/a.yaml", "orders_file: o.jsonl\n" + passing}, {"tests/o.jsonl", "->/etc/passwd"}},
       "T002 orders_file `o.jsonl` is outside the policy directory\nT001 unknown base order `O-1001`\n"},
      {{{"tests/a.yaml", "orders_file: ../orders.jsonl\n" + passing}, {"orders.jsonl", "{\"id\":\"O-1001\"}\n"}}, ""},
      {{{"tests/a.yaml", "orders_file: o.jsonl\n" + passing},
        {"tests/o.jsonl", "{\"id\":\"O-1001\"}\n\n[1]\n{\"id\":7}\n" + std::string(100000, '[') + "\n{\"id\":\"O-1001\",\"x\":1}\n"}},
       "T002 orders_file `o.jsonl`: line 3 is not an order with a string `id` (and 2 more)\n"
       "T002 orders_file `o.jsonl`: line 6 repeats the id `O-1001` of line 1\n"},
  };
  for (const Row& row : rows) {
    TestDir dir(row.files);
    CAPTURE(row.problems);
    const refund::policytest::TestRun run = refund::policytest::RunPolicyTests(policy.value(), dir.path.string(), {});
    CHECK(Problems(run, dir.path) == row.problems);
  }
}

}  // namespace

TEST_CASE("an expectation is checked against the decision schema before it is compared") {
  struct Row {
    const char* expect;
    const char* problem;  // part of the first T003 message; nullptr: the expectation fits
  };
  const Row rows[] = {
      {"{outcome: full_refund, route: auto, score: 100, forfeited: \"0.00\", deadline: null}", nullptr},
      {"{refund: {total: \"80.00\", cash: '80.00', stored_card: \"0.00\"}, reasons: [FULL]}", nullptr},
      {"{items: {i-1: {outcome: no_refund, refund: \"0.00\", records: null, reasons: [NONE]}}}", nullptr},
      {"{error: {code: INVALID_ORDER, path: /currency, message: money}}", nullptr},
      {"{outcome: , route: null, refund: {total: ~}, reasons: null}", nullptr},
      {"{}", "lists no decision field"},
      {"{refund: null}", "`refund` must be a map"},
      {"{items: null}", "`items` must be a map"},
      {"5", "`expect` must be a map"},
      {"[outcome]", "`expect` must be a map"},
      {"{refund: \"x\"}", "`refund` must be a map"},
      {"{refund: {total: 80}}", "`refund.total` is money"},
      {"{refund: {totl: \"80.00\"}}", "did you mean `total`?"},
      {"{outcme: full_refund}", "unknown decision field `outcme` (did you mean `outcome`?)"},
      {"{outcome: ful_refund}", "did you mean `full_refund`?"},
      {"{outcome: [full_refund]}", "`outcome` must be one of"},
      {"{items: {i-1: {outcome: cancel}}}", "`items.i-1.outcome` must be one of"},
      {"{items: [i-1]}", "`items` must be a map"},
      {"{route: manual}", "`route` must be one of auto, review"},
      {"{forfeited: \"1,00\"}", "`forfeited` is money"},
      {"{forfeited: \"-1.00\"}", "`forfeited` is money"},
      {"{score: 101}", "from 0 to 100"},
      {"{score: \"90\"}", "from 0 to 100"},
      {"{reasons: FULL}", "list of reason codes"},
      {"{items: {i-1: {records: many}}}", "`items.i-1.records` must be one of"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.expect);
    refund::source::SourceFile file("t.yaml", std::string("expect: ") + row.expect + "\n");
    const refund::syntax::ParsedYaml parsed = refund::syntax::ParseYaml(file);
    REQUIRE(parsed.root);
    std::vector<refund::Diagnostic> problems;
    const bool ok = refund::policytest::ValidateExpect(*parsed.root->Find("expect"), problems);
    CHECK(ok == (row.problem == nullptr));
    if (row.problem) {
      REQUIRE(!problems.empty());
      CHECK(problems[0].code == "T003");
      CHECK(problems[0].line == 1);
      CHECK(problems[0].message.find(row.problem) != std::string::npos);
    }
  }
}

TEST_CASE("a JUnit report escapes markup and drops the characters XML cannot hold") {
  refund::policytest::Report report;
  report.entries.push_back({"p", "a <b> & \"c\" 'd'\x01", "p/tests/t.yaml", 3, refund::policytest::Status::kFailed,
                            {"outcome: expected <x>, got y"}, ""});
  report.entries.push_back({"p", "T001 p/tests/t.yaml:9", "p/tests/t.yaml", 9, refund::policytest::Status::kError, {}, "bad & worse"});
  report.failed = 1;
  report.errors = 1;
  const std::string xml = refund::policytest::ReportJunit(report);
  CHECK(xml.find("name=\"a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;?\"") != std::string::npos);
  CHECK(xml.find("expected &lt;x&gt;, got y") != std::string::npos);
  CHECK(xml.find("<error message=\"bad &amp; worse\">") != std::string::npos);
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(xml.find("failures=\"1\" errors=\"1\"") != std::string::npos);
  const nlohmann::json doc = nlohmann::json::parse(refund::policytest::ReportJson(report));
  CHECK(doc["cases"][1]["status"] == "error");
  CHECK(doc["cases"][0]["mismatches"][0] == "outcome: expected <x>, got y");
}
