// The dispatch index of rule lists (engine/compile/tree.h): its levels on small inline policies,
// and its soundness on the shipped policies, checked against a plain scan of every rule.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <fstream>
#include <string>
#include <vector>

#include "engine/compile/tree.h"
#include "engine/eval/value.h"
#include "engine/gen/order_generator.h"
#include "engine/gen/profile.h"
#include "engine/schema/schema.h"
#include "refund/policy.h"

namespace {

namespace fs = std::filesystem;
using refund::compile::Dispatch;
using refund::compile::RuleList;

// A policy written to a fresh temporary directory, compiled.
refund::CompileResult CompileYaml(const std::string& rules) {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() / ("refund_dispatch_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::create_directories(dir);
  std::ofstream(dir / "policy.yaml") << R"(
policy: {name: t, version: "1", time_zone: Asia/Shanghai, currency: CNY, rounding: half_up}
payment_types: {subscription: [prepaid], pay_as_you_go: []}
codes:
  FULL: {en: "full", zh: "全额"}
  NONE: {en: "none", zh: "无"}
)" << rules;
  return refund::CompilePolicy(dir.string());
}

std::string_view KeyOf(const Dispatch& node) { return refund::schema::Fields()[node.key_field].path; }

// How many fields are read on the longest way from `node` to a leaf.
int Levels(const Dispatch& node) {
  int below = 0;
  for (const Dispatch& branch : node.branches) below = std::max(below, Levels(branch));
  return node.leaf() ? 0 : 1 + below;
}

// The orders of samples/orders.jsonl and 3,000 generated ones that are valid under `policy`.
std::vector<refund::Order> TestOrders(const refund::CompiledPolicy& policy) {
  std::vector<std::string> lines;
  std::ifstream in("samples/orders.jsonl");
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  refund::gen::ProfileResult profile = refund::gen::ReadProfile("samples/profiles/cloud.yaml");
  REQUIRE(profile.ok());
  for (std::string& line : refund::gen::OrderGenerator(profile.value(), 41, 0).Lines(3000)) lines.push_back(std::move(line));
  std::vector<refund::Order> orders;
  for (const std::string& line : lines) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    refund::OrderResult order = refund::ParseOrder(line, refund::OrderSettingsOf(policy));
    if (order.ok()) orders.push_back(order.value());
  }
  REQUIRE(orders.size() > 2000);
  return orders;
}

// Checks that every rule of `list` (and of its groups) that the dispatch leaves out in `scope`
// does not hold there, and that candidates come in source order; counts the rules left out.
void CheckLeftOutRulesFail(const RuleList& list, const refund::eval::Scope& scope, const std::string& where, int& left_out) {
  const std::vector<int>& candidates = refund::eval::Candidates(list, scope);
  CHECK_MESSAGE(std::adjacent_find(candidates.begin(), candidates.end(), std::greater_equal<>()) == candidates.end(), where);
  for (size_t i = 0; i < list.rules->size(); ++i) {
    if (std::binary_search(candidates.begin(), candidates.end(), static_cast<int>(i))) continue;
    ++left_out;
    const refund::model::Rule& rule = (*list.rules)[i];
    CHECK_MESSAGE(!refund::eval::RuleHolds(rule, scope), where << ": rule " << rule.id << " holds but was left out");
  }
  for (const auto& [position, children] : list.children) CheckLeftOutRulesFail(children, scope, where, left_out);
}

}  // namespace

TEST_CASE("a bucket dispatches again on another field its rules test") {
  auto policy = CompileYaml(R"(
item_rules:
  - {id: cert, when: item.kind == certificate, refund: none, code: NONE}
  - {id: sub-image, when: order.payment_type == subscription and item.kind == image, refund: full, code: FULL}
  - id: disk
    when: item.kind in [disk, image]
    refund: none
    code: NONE
  - {id: sub, when: order.payment_type == subscription, refund: full, code: FULL}
  - {id: payg, when: order.payment_type == pay_as_you_go, refund: none, code: NONE}
  - {id: rest, otherwise: true, refund: none, code: NONE}
)");
  REQUIRE(policy.ok());
  const Dispatch& root = policy.value().tree().item_rules.dispatch;
  // Three rules test each field, and neither halves the largest bucket: the lower field index.
  REQUIRE(!root.leaf());
  CHECK(KeyOf(root) == "order.payment_type");
  CHECK(root.values == std::vector<std::string>{"pay_as_you_go", "subscription"});
  REQUIRE(root.branches.size() == 3);
  const std::vector<std::string> kinds{"certificate", "disk", "image"};
  for (const Dispatch& branch : root.branches) {
    REQUIRE(!branch.leaf());
    CHECK(KeyOf(branch) == "item.kind");
    CHECK(branch.values == kinds);
    CHECK(Levels(branch) == 1);  // both fields read: nothing left to split on
  }
  const Dispatch& payg = root.Branch("pay_as_you_go");
  CHECK(payg.Branch("certificate").candidates == std::vector<int>{0, 4, 5});
  CHECK(payg.Branch("disk").candidates == std::vector<int>{2, 4, 5});
  CHECK(payg.Branch("image").candidates == std::vector<int>{2, 4, 5});
  CHECK(payg.Branch("vm").candidates == std::vector<int>{4, 5});
  const Dispatch& subscription = root.Branch("subscription");
  CHECK(subscription.Branch("certificate").candidates == std::vector<int>{0, 3, 5});
  CHECK(subscription.Branch("disk").candidates == std::vector<int>{2, 3, 5});
  CHECK(subscription.Branch("image").candidates == std::vector<int>{1, 2, 3, 5});
  CHECK(subscription.Branch(std::nullopt).candidates == std::vector<int>{3, 5});
  const Dispatch& other = root.Branch(std::nullopt);
  CHECK(&other == &root.Branch("reserved_instance"));
  CHECK(other.Branch("certificate").candidates == std::vector<int>{0, 5});
  CHECK(other.Branch("disk").candidates == std::vector<int>{2, 5});
  CHECK(other.Branch("image").candidates == std::vector<int>{2, 5});
  CHECK(other.Branch("vm").candidates == std::vector<int>{5});
}

TEST_CASE("a bucket no field makes smaller stays a leaf") {
  // Splitting {a, b} on item.kind would leave {a, b} under `disk`: no gain, no level.
  auto policy = CompileYaml(R"(
item_rules:
  - {id: a, when: item.product == ecs and item.kind == disk, refund: none, code: NONE}
  - {id: b, when: item.product == ecs, refund: full, code: FULL}
  - {id: c, when: item.product == rds, refund: full, code: FULL}
)");
  REQUIRE(policy.ok());
  const Dispatch& root = policy.value().tree().item_rules.dispatch;
  REQUIRE(!root.leaf());
  CHECK(KeyOf(root) == "item.product");
  CHECK(Levels(root) == 1);
  CHECK(root.Branch("ecs").candidates == std::vector<int>{0, 1});
  CHECK(root.Branch("rds").candidates == std::vector<int>{2});
  CHECK(root.Branch(std::nullopt).candidates.empty());
}

TEST_CASE("dispatch reads at most three fields on the way to a leaf") {
  // Each of four fields splits its buckets in two; the fourth is never read.
  auto policy = CompileYaml(R"(
item_rules:
  - {id: o1, when: order.id == o1, refund: none, code: NONE}
  - {id: o2, when: order.id == o2, refund: none, code: NONE}
  - {id: a1, when: account.id == a1, refund: none, code: NONE}
  - {id: a2, when: account.id == a2, refund: none, code: NONE}
  - {id: p1, when: item.product == p1, refund: none, code: NONE}
  - {id: p2, when: item.product == p2, refund: none, code: NONE}
  - {id: k1, when: item.kind == k1, refund: none, code: NONE}
  - {id: k2, when: item.kind == k2, refund: none, code: NONE}
  - {id: rest, otherwise: true, refund: full, code: FULL}
)");
  REQUIRE(policy.ok());
  const Dispatch& root = policy.value().tree().item_rules.dispatch;
  CHECK(Levels(root) == refund::compile::kMaxDispatchLevels);
  REQUIRE(Levels(root) == 3);
  CHECK(KeyOf(root) == "order.id");
  const Dispatch& o1 = root.Branch("o1");
  CHECK(KeyOf(o1) == "account.id");
  CHECK(KeyOf(o1.Branch("a2")) == "item.product");
  CHECK(o1.Branch("a2").Branch("p1").candidates == std::vector<int>{0, 3, 4, 6, 7, 8});
  CHECK(o1.Branch("a2").Branch(std::nullopt).candidates == std::vector<int>{0, 3, 6, 7, 8});
  CHECK(root.Branch("o3").Branch("a3").Branch("p3").candidates == std::vector<int>{6, 7, 8});
}

TEST_CASE("groups keep their own index, keyed by the group's position") {
  auto policy = CompileYaml(R"(
item_rules:
  - {id: other, when: item.product == rds, refund: none, code: NONE}
  - id: ecs
    when: item.product == ecs
    rules:
      - {id: ecs-disk, when: item.kind == disk, refund: none, code: NONE}
      - {id: ecs-rest, otherwise: true, refund: full, code: FULL}
  - {id: rest, otherwise: true, refund: full, code: FULL}
)");
  REQUIRE(policy.ok());
  const RuleList& list = policy.value().tree().item_rules;
  CHECK(list.dispatch.Branch("ecs").candidates == std::vector<int>{1, 2});
  REQUIRE(list.children.count(1) == 1);
  const Dispatch& group = list.children.at(1).dispatch;
  REQUIRE(!group.leaf());
  CHECK(KeyOf(group) == "item.kind");
  CHECK(group.Branch("disk").candidates == std::vector<int>{0, 1});
  CHECK(group.Branch(std::nullopt).candidates == std::vector<int>{1});
}

TEST_CASE("without dispatch every list is one leaf of all its rules") {
  refund::CompileResult policy = refund::CompilePolicy("rules/cloud-cn");
  REQUIRE(policy.ok());
  const refund::model::Policy& model = policy.value().model();
  std::shared_ptr<const refund::compile::Tree> scan = refund::compile::CompileTree(model, /*dispatch=*/false);
  REQUIRE(scan->item_rules.dispatch.leaf());
  CHECK(scan->item_rules.dispatch.candidates.size() == model.item_rules.size());
  CHECK(scan->order_rules.dispatch.candidates.size() == model.order_rules.size());
  for (const auto& [position, children] : scan->item_rules.children) CHECK(children.dispatch.leaf());
}

TEST_CASE("the shipped policies' item rules dispatch on more than one level") {
  refund::CompileResult policy = refund::CompilePolicy("rules/cloud-cn");
  REQUIRE(policy.ok());
  CHECK(Levels(policy.value().tree().item_rules.dispatch) >= 2);
}

TEST_CASE("through the dispatch index every item gets the rule a scan of every rule finds") {
  for (const char* policy_dir : {"rules/cloud-cn", "rules/cloud-hourly"}) {
    refund::CompileResult policy = refund::CompilePolicy(policy_dir);
    REQUIRE(policy.ok());
    // The same model, compiled without dispatch (it shares the model's lifetime).
    std::shared_ptr<const refund::model::Policy> model(policy.shared(), &policy.value().model());
    const refund::CompiledPolicy scan(model, refund::compile::CompileTree(*model, /*dispatch=*/false));
    int items = 0;
    for (const refund::Order& order : TestOrders(policy.value())) {
      const refund::Decision indexed = refund::Evaluate(policy.value(), order, {});
      const refund::Decision scanned = refund::Evaluate(scan, order, {});
      REQUIRE(indexed.items.size() == scanned.items.size());
      for (size_t i = 0; i < indexed.items.size(); ++i, ++items)
        CHECK_MESSAGE(indexed.items[i].rule == scanned.items[i].rule, policy_dir << " " << order.id << " " << indexed.items[i].id);
      CHECK_MESSAGE(refund::DecisionToJson(indexed) == refund::DecisionToJson(scanned), policy_dir << " " << order.id);
    }
    CHECK(items > 3000);
  }
}

TEST_CASE("a rule the dispatch index leaves out never holds for that order or item") {
  // Stronger than the first match: every rule that holds, not only the first, is a candidate.
  for (const char* policy_dir : {"rules/cloud-cn", "rules/cloud-hourly"}) {
    refund::CompileResult policy = refund::CompilePolicy(policy_dir);
    REQUIRE(policy.ok());
    const refund::model::Policy& model = policy.value().model();
    const refund::compile::Tree& tree = policy.value().tree();
    const refund::eval::WindowResolver windows(model);
    const std::vector<int> no_quota_blocked;
    int left_out = 0;
    for (const refund::Order& order : TestOrders(policy.value())) {
      refund::eval::Scope scope;
      scope.policy = &model;
      scope.order = &order;
      scope.windows = &windows;
      CheckLeftOutRulesFail(tree.order_rules, scope, policy_dir + (" " + order.id), left_out);
      scope.quota_blocked = &no_quota_blocked;
      for (size_t i = 0; i < order.items.size(); ++i) {
        if (!order.IsRequested(static_cast<int>(i))) continue;
        scope.item = &order.items[i];
        CheckLeftOutRulesFail(tree.item_rules, scope, policy_dir + (" " + order.id + " " + order.items[i].id), left_out);
      }
    }
    CHECK(left_out > 10000);  // the index does leave rules out
  }
}

TEST_CASE("a long value table finds each of its values, and sends any other to else") {
  std::string rules = "item_rules:\n";
  for (int n = 10; n < 30; ++n) {  // more values than Dispatch::kScannedValues: binary search
    const std::string number = std::to_string(n);
    rules.append("  - {id: r").append(number).append(", when: item.product == p").append(number);
    rules.append(", refund: none, code: NONE}\n");
  }
  rules += "  - {id: rest, otherwise: true, refund: full, code: FULL}\n";
  auto policy = CompileYaml(rules);
  REQUIRE(policy.ok());
  const Dispatch& root = policy.value().tree().item_rules.dispatch;
  REQUIRE(root.values.size() == 20);
  REQUIRE(root.values.size() > Dispatch::kScannedValues);
  for (int n = 10; n < 30; ++n) {
    const std::string product = std::string("p").append(std::to_string(n));
    CHECK(root.Branch(product).candidates == std::vector<int>{n - 10, 20});
  }
  for (std::string_view other : {"", "p0", "p1", "p100", "p29x", "q"}) CHECK(root.Branch(other).candidates == std::vector<int>{20});
  CHECK(root.Branch(std::nullopt).candidates == std::vector<int>{20});
}
