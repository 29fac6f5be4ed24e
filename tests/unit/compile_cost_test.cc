// Issue 17: compiling a policy (every command compiles) costs O(n log n) in its size. Measured by
// counting work, never by the clock: the dispatch index's entries and build work
// (compile::Tree::dispatch_work) and the region analyses' work (check::Work) at n and 2n, for
// the shapes that were quadratic or worse: two long `in` lists on two fields (an n^2 index), long
// `not (has_any [...])` lists (regions of n facts subtracted from each other), and formula steps
// that read the step before twice (an exponential walk in the amount checks).
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "engine/check/check_policy.h"
#include "engine/check/region.h"
#include "engine/compile/tree.h"
#include "engine/model/policy_builder.h"
#include "engine/syntax/policy_files.h"
#include "refund/policy.h"

TEST_SUITE_BEGIN("slow");

namespace {

namespace fs = std::filesystem;

const char* const kToy = R"(policy: {name: toy, version: "1", time_zone: Asia/Shanghai, currency: CNY, rounding: half_up}
payment_types: {subscription: [prepaid], pay_as_you_go: []}
order_rules:
  - {id: unpaid, when: order.status == unpaid, outcome: cancel, code: NONE}
  - {id: per-item, otherwise: true, outcome: items}
item_rules:
RULES  - {id: no-refund, otherwise: true, refund: none, code: NONE}
codes:
  NONE: {en: "none", zh: "无"}
)";

// `prefix` then `i` (appending: GCC 12 warns, wrongly, about "literal" + std::to_string(i)).
std::string Name(const char* prefix, int i, const char* suffix = "") {
  std::string name(prefix);
  name += std::to_string(i);
  name += suffix;
  return name;
}

// `[p0, p1, ...]` of n words.
std::string Words(const std::string& prefix, int n) {
  std::string list = "[";
  for (int i = 0; i < n; ++i) {
    if (i) list += ", ";
    list += prefix;
    list += std::to_string(i);
  }
  return list + "]";
}

// The toy policy with `rules` (YAML lines of item rules) before its fallback, in a fresh directory.
class ToyPolicy {
 public:
  explicit ToyPolicy(const std::string& rules) {
    static std::atomic<int> counter = 0;
    dir_ = fs::temp_directory_path() / ("refund-cost-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(dir_);
    std::string text = kToy;
    text.replace(text.find("RULES"), 5, rules);
    std::ofstream(dir_ / "policy.yaml") << text;
  }
  ~ToyPolicy() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  std::string path() const { return dir_.string(); }

 private:
  fs::path dir_;
};

std::string Rule(const std::string& id, const std::string& when) {
  return "  - id: " + id + "\n    when: " + when + "\n    refund: none\n    code: NONE\n";
}

size_t Entries(const refund::compile::Dispatch& node) {
  size_t entries = node.candidates.size() + node.values.size();
  for (const refund::compile::Dispatch& branch : node.branches) entries += Entries(branch);
  return entries;
}

struct Cost {
  size_t index_entries = 0;  // candidates and values over every dispatch node
  size_t dispatch_work = 0;
  size_t region_work = 0;
};

Cost CompileCost(const std::string& rules) {
  ToyPolicy policy(rules);
  refund::syntax::PolicySources sources = refund::syntax::LoadPolicySources(policy.path());
  std::vector<refund::model::PolicyDocument> documents;
  for (const refund::syntax::SyntaxFile& file : sources.files)
    if (file.root) documents.push_back({&*file.root});
  refund::model::BuiltPolicy built = refund::model::BuildPolicy(documents);
  REQUIRE(built.policy);
  Cost cost;
  refund::check::CheckPolicy(*built.model, documents, &cost.region_work);
  auto tree = refund::compile::CompileTree(*built.policy);
  cost.index_entries = Entries(tree->item_rules.dispatch) + Entries(tree->order_rules.dispatch);
  cost.dispatch_work = tree->dispatch_work;
  return cost;
}

TEST_CASE("two long in-lists on two fields build a dispatch index linear in their length") {
  // Each rule names n kinds and n products: the index used to split every kind's bucket on
  // every product (n^2 leaves: 18 s and 1.1 GB at n = 1,000).
  const auto rules = [](int n) {
    return Rule("a", "item.kind in " + Words("k", n) + " and item.product in " + Words("p", n)) +
           Rule("b", "item.kind in " + Words("j", n) + " and item.product in " + Words("p", n));
  };
  const Cost small = CompileCost(rules(1000));
  const Cost large = CompileCost(rules(2000));
  CAPTURE(small.index_entries);
  CAPTURE(large.index_entries);
  CAPTURE(large.dispatch_work);
  CHECK(large.index_entries <= large.dispatch_work);  // every entry is paid for
  CHECK(large.index_entries <= 3 * small.index_entries);
  CHECK(large.dispatch_work <= std::max(refund::compile::kMinDispatchBudget,
                                        refund::compile::kDispatchBudgetPerUnit * (4 * 2000 + 8)));
}

TEST_CASE("one long in-list in an order rule and one in an item rule compile in linear work") {
  const auto rules = [](int n) {
    return Rule("a", "order.promotion.id in " + Words("p", n)) + Rule("b", "item.product in " + Words("q", n));
  };
  const Cost small = CompileCost(rules(3000));
  const Cost large = CompileCost(rules(6000));
  CHECK(large.index_entries <= 3 * small.index_entries);
  CHECK(large.region_work <= 3 * small.region_work + 64);
}

TEST_CASE("long not-has_any lists are one fact each and the region analyses stay within their budget") {
  // `not (item.tags has_any [1,000 words])` in two rules took minutes: regions of 1,000 facts.
  const auto rules = [](int n) {
    return Rule("a", "not (item.tags has_any " + Words("t", n) + ")") +
           Rule("b", "not (item.tags has_any " + Words("u", n) + ")");
  };
  const Cost small = CompileCost(rules(1000));
  const Cost large = CompileCost(rules(2000));
  CHECK(large.region_work <= 3 * small.region_work + 64);
  // 250 rules of 100-word lists (each analysed) spend the whole budget and stop there.
  std::string many;
  for (int i = 0; i < 250; ++i)
    many += Rule(Name("r", i), "item.kind in " + Words("k", 200) + " and not (item.tags has_any " +
                                       Words(Name("t", i, "_"), 100) + ")");
  const Cost capped = CompileCost(many);
  CHECK(capped.region_work <= refund::check::Work::kBudget + 200 * 1000);
}

TEST_CASE("formula steps that read the step before twice are checked once each, not once per path") {
  // s40 = s39 + s39 = ... : following every path through them is 2^40 visits (a hang).
  std::string steps = "formulas:\n  doubled:\n    let:\n      s0: item.list_price\n";
  for (int i = 1; i <= 40; ++i)
    steps += Name("      s", i, ": ") + Name("s", i - 1, " + ") + Name("s", i - 1, "\n");
  steps += "    refund: min(refundable, s40)\n";
  ToyPolicy policy(Rule("a", "item.kind == disk").replace(Rule("a", "item.kind == disk").find("refund: none"), 12,
                                                           "refund: doubled"));
  std::string text;
  {
    std::ifstream in(fs::path(policy.path()) / "policy.yaml");
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::ofstream(fs::path(policy.path()) / "policy.yaml") << text << steps;
  const refund::CompileResult result = refund::CompilePolicy(policy.path());
  std::string messages;
  for (const refund::Diagnostic& d : result.diagnostics()) messages += d.code + " " + d.message + "\n";
  CHECK_MESSAGE(result.ok(), messages);
}

}  // namespace

namespace {

std::string ErrorsOf(const refund::CompileResult& result) {
  std::string all;
  for (const refund::Diagnostic& d : result.diagnostics())
    if (d.severity == refund::Severity::kError) all += std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.code + " " + d.message + "\n";
  return all;
}

TEST_CASE("one list literal holds at most 10,000 entries; the one past is an error at its place") {
  ToyPolicy at_limit(Rule("a", "item.product in " + Words("p", 10000)));
  const refund::CompileResult ok = refund::CompilePolicy(at_limit.path());
  CHECK_MESSAGE(ok.ok(), ErrorsOf(ok));
  ToyPolicy past(Rule("a", "item.product in " + Words("p", 10001)));
  const refund::CompileResult bad = refund::CompilePolicy(past.path());
  CHECK_FALSE(bad.ok());
  const std::string list = Words("p", 10000);  // the 10,001st entry starts after it and ", "
  const std::string where = "8:" + std::to_string(std::string("    when: item.product in ").size() + list.size() + 1);
  CHECK_MESSAGE(ErrorsOf(bad) == where + " E201 too many entries in one list: at most 10000\n", ErrorsOf(bad));
}

TEST_CASE("one rule list holds at most 10,000 rules; the one past is an error at its place") {
  const auto rules = [](int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
      out += Name("  - {id: r", i, ", when: item.product == ") + Name("p", i, ", refund: none, code: NONE}\n");
    return out;
  };
  ToyPolicy at_limit(rules(9999));  // and the fallback: 10,000
  const refund::CompileResult ok = refund::CompilePolicy(at_limit.path());
  CHECK_MESSAGE(ok.ok(), ErrorsOf(ok));
  ToyPolicy past(rules(10000));
  const refund::CompileResult bad = refund::CompilePolicy(past.path());
  CHECK_FALSE(bad.ok());
  CHECK_MESSAGE(ErrorsOf(bad).find(std::to_string(7 + 10000) + ":5 P111 too many rules in one list: at most 10000") !=
                    std::string::npos,
                ErrorsOf(bad));
}

}  // namespace

namespace {

TEST_CASE("the gap search of item rules without a fallback stops at the work budget") {
  // 300 payment types x 10,001 kinds x 4 statuses is 12 million combinations, each looked up in
  // every rule: 48 s before the search was charged to the budget.
  std::string rules;
  for (int i = 0; i < 250; ++i)
    rules += Rule(Name("r", i), "item.kind in " + Words(Name("k", i, "_"), 40));
  std::string types = "payment_types:\n";
  for (int i = 0; i < 300; ++i) types += Name("  pt", i, ": []\n");
  ToyPolicy policy(rules);
  std::string text;
  {
    std::ifstream in(fs::path(policy.path()) / "policy.yaml");
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"payment_types: {subscription: [prepaid], pay_as_you_go: []}\n", types},
                                  {"  - {id: no-refund, otherwise: true, refund: none, code: NONE}\n", ""}}) {
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text = text.substr(0, at) + to + text.substr(at + from.size());
  }
  std::ofstream(fs::path(policy.path()) / "policy.yaml") << text;
  refund::syntax::PolicySources sources = refund::syntax::LoadPolicySources(policy.path());
  std::vector<refund::model::PolicyDocument> documents;
  for (const refund::syntax::SyntaxFile& file : sources.files)
    if (file.root) documents.push_back({&*file.root});
  refund::model::BuiltPolicy built = refund::model::BuildPolicy(documents);
  REQUIRE(built.policy);
  size_t work = 0;
  refund::check::CheckPolicy(*built.model, documents, &work);
  CHECK(work <= refund::check::Work::kBudget + 100000);  // the last step may overshoot
}

}  // namespace

TEST_SUITE_END();
