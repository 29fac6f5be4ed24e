// Builds dispatch indexes over first-match rule lists (see tree.h).
#include "engine/compile/tree.h"

#include <algorithm>
#include <set>

namespace refund::compile {
namespace {

using model::Expr;
using model::Op;
using model::Rule;

// Per rule: field -> the values its top-level conjuncts allow (an empty set: none).
using Constraints = std::map<int, std::set<std::string>>;

// The values a top-level conjunct `field == v` / `v == field` / `field in [...]` allows.
void CollectConstraints(const Expr& e, Constraints& out) {
  if (e.op == Op::kAnd) {
    CollectConstraints(e.args[0], out);
    CollectConstraints(e.args[1], out);
    return;
  }
  auto is_field = [](const Expr& x) { return x.op == Op::kPath && !x.across_items && x.type == model::Type::kString; };
  auto is_word = [](const Expr& x) { return x.op == Op::kLiteral && x.type == model::Type::kString; };
  std::set<std::string> values;
  int field = -1;
  if (e.op == Op::kEq && is_field(e.args[0]) && is_word(e.args[1])) {
    field = e.args[0].field;
    values.insert(e.args[1].literal.text);
  } else if (e.op == Op::kEq && is_word(e.args[0]) && is_field(e.args[1])) {
    field = e.args[1].field;
    values.insert(e.args[0].literal.text);
  } else if (e.op == Op::kIn && is_field(e.args[0])) {
    field = e.args[0].field;
    values.insert(e.args[1].literal.list.begin(), e.args[1].literal.list.end());
  }
  if (field < 0) return;
  auto [it, fresh] = out.emplace(field, values);
  if (!fresh) {  // two tests of one field: only values both allow
    std::set<std::string> both;
    std::set_intersection(it->second.begin(), it->second.end(), values.begin(), values.end(),
                          std::inserter(both, both.begin()));
    it->second = both;
  }
}

// The work of building every index of a tree, in units of rule positions and listed values
// touched; each step is charged before it is taken, and a step the rest of the budget cannot pay
// for is not taken (its rules stay one leaf, scanned in source order: the index only ever saves
// work, so a smaller one decides the same). The budget is linear in the policy's size, so that
// no shape of policy (two 6,000-value lists on two fields, say, which made every value of one a
// bucket holding every value of the other) makes the index, or building it, quadratic.
struct Budget {
  size_t left = 0;
  size_t spent = 0;
  bool Pay(size_t units) {
    if (units > left) return false;
    left -= units;
    spent += units;
    return true;
  }
};

// Per rule: one unit plus the values its constraints list (what looking at its tests costs).
size_t Weight(const Constraints& c) {
  size_t weight = 1;
  for (const auto& [field, values] : c) weight += values.size();
  return weight;
}

size_t WeightOf(const std::vector<Constraints>& constraints, const std::vector<int>& positions) {
  size_t weight = 0;
  for (int i : positions) weight += Weight(constraints[i]);
  return weight;
}

// How many of the rules at `positions` the largest bucket would hold if `field` were the key
// (the bucket of values no rule names holds just the rules that do not test the field).
size_t LargestBucket(const std::vector<Constraints>& constraints, const std::vector<int>& positions, int field) {
  size_t untested = 0;
  std::map<std::string_view, size_t> naming;  // value -> rules that allow it
  for (int i : positions) {
    auto it = constraints[i].find(field);
    if (it == constraints[i].end()) ++untested;
    else
      for (const std::string& value : it->second) ++naming[value];
  }
  size_t largest = 0;
  for (const auto& [value, count] : naming) largest = std::max(largest, count);
  return untested + largest;
}

// The fields the rules at `positions` test, with how many rules test each.
std::map<int, int> TestedFields(const std::vector<Constraints>& constraints, const std::vector<int>& positions) {
  std::map<int, int> counts;
  for (int i : positions)
    for (const auto& [field, values] : constraints[i]) ++counts[field];
  return counts;
}

// The top-level key: the field most rules test, unless that leaves a bucket more than twice as
// large as another field would (1,000 rules each naming one product and all naming the payment
// type must dispatch on the product). Ties go to the lower field index; -1 when no rule tests a
// field or the budget cannot pay for looking.
int TopKey(const std::vector<Constraints>& constraints, const std::vector<int>& positions, Budget& budget) {
  const std::map<int, int> counts = TestedFields(constraints, positions);
  if (!budget.Pay((counts.size() + 1) * WeightOf(constraints, positions))) return -1;
  int key = -1;
  for (const auto& [field, count] : counts)
    if (key < 0 || count > counts.at(key)) key = field;
  if (key < 0) return key;
  size_t key_largest = LargestBucket(constraints, positions, key);
  for (const auto& [field, count] : counts) {
    const size_t largest = LargestBucket(constraints, positions, field);
    if (2 * largest < key_largest) {
      key = field;
      key_largest = largest;
    }
  }
  return key;
}

// A key below the top: among the fields the rules at `positions` test and the path has not
// read, the one whose largest bucket is smallest (ties to the lower field index), provided it is
// strictly smaller than `positions`; else -1 (also when the budget cannot pay for looking).
int SubKey(const std::vector<Constraints>& constraints, const std::vector<int>& positions, const std::set<int>& used,
           Budget& budget) {
  std::map<int, int> tested = TestedFields(constraints, positions);
  for (int field : used) tested.erase(field);
  if (tested.empty() || !budget.Pay((tested.size() + 1) * WeightOf(constraints, positions))) return -1;
  int key = -1;
  size_t key_largest = positions.size();
  for (const auto& [field, count] : tested)
    if (const size_t largest = LargestBucket(constraints, positions, field); largest < key_largest) {
      key = field;
      key_largest = largest;
    }
  return key;
}

Dispatch Leaf(std::vector<int> positions) {
  Dispatch leaf;
  leaf.candidates = std::move(positions);
  return leaf;
}

Dispatch Refine(const std::vector<Constraints>& constraints, std::vector<int> positions, std::set<int> used,
                Budget& budget);

// Splits the rules at `positions` on `key` (one branch per value they name, then `else`) and
// refines each branch below it; a leaf of them all when the budget cannot pay for the branches.
// Each value's bucket is the rules naming it merged with those not testing `key`, both in source
// order: the work is the size of the buckets, never values × rules. `used` holds the fields read
// above, `key` not among them.
Dispatch Split(const std::vector<Constraints>& constraints, std::vector<int> positions, int key, std::set<int> used,
               Budget& budget) {
  std::map<std::string_view, std::vector<int>> naming;  // value -> rules allowing it, ascending
  std::vector<int> untested;
  size_t named = 0;
  for (int i : positions) {
    auto it = constraints[i].find(key);
    if (it == constraints[i].end()) {
      untested.push_back(i);
      continue;
    }
    for (const std::string& value : it->second) naming[value].push_back(i);
    named += it->second.size();
  }
  if (!budget.Pay(named + (naming.size() + 1) * (untested.size() + 1))) return Leaf(std::move(positions));
  Dispatch node;
  node.key_field = key;
  used.insert(key);
  for (auto& [value, rules] : naming) {
    std::vector<int> bucket;
    bucket.reserve(rules.size() + untested.size());
    std::merge(rules.begin(), rules.end(), untested.begin(), untested.end(), std::back_inserter(bucket));
    node.values.emplace_back(value);
    node.branches.push_back(Refine(constraints, std::move(bucket), used, budget));
  }
  node.branches.push_back(Refine(constraints, std::move(untested), used, budget));
  return node;
}

// The rules at `positions` as a leaf, or split again when a field the path has not read makes
// the largest bucket smaller and the path is shorter than kMaxDispatchLevels.
Dispatch Refine(const std::vector<Constraints>& constraints, std::vector<int> positions, std::set<int> used,
                Budget& budget) {
  if (static_cast<int>(used.size()) >= kMaxDispatchLevels) return Leaf(std::move(positions));
  const int key = SubKey(constraints, positions, used, budget);
  if (key < 0) return Leaf(std::move(positions));
  return Split(constraints, std::move(positions), key, std::move(used), budget);
}

// Every rule's constraints, the rules of groups included (the budget is sized from them).
void CollectAll(const std::vector<Rule>& rules, std::vector<std::vector<Constraints>>& out) {
  std::vector<Constraints>& constraints = out.emplace_back(rules.size());
  for (size_t i = 0; i < rules.size(); ++i)
    if (rules[i].when) CollectConstraints(*rules[i].when, constraints[i]);
  for (const Rule& rule : rules)
    if (!rule.children.empty()) CollectAll(rule.children, out);
}

// `lists` holds the constraints of `rules` at `next`, then those of its groups, as CollectAll
// wrote them (depth first).
RuleList BuildList(const std::vector<Rule>& rules, const std::vector<std::vector<Constraints>>& lists, size_t& next,
                   bool dispatch, Budget& budget) {
  RuleList list;
  list.rules = &rules;
  const std::vector<Constraints>& constraints = lists[next++];
  std::vector<int> all;
  for (size_t i = 0; i < rules.size(); ++i) {
    all.push_back(static_cast<int>(i));
    if (!rules[i].children.empty())
      list.children.emplace(static_cast<int>(i), BuildList(rules[i].children, lists, next, dispatch, budget));
  }
  const int key = dispatch ? TopKey(constraints, all, budget) : -1;
  list.dispatch = key < 0 ? Leaf(std::move(all)) : Split(constraints, std::move(all), key, {}, budget);
  return list;
}

}  // namespace

std::shared_ptr<const Tree> CompileTree(const model::Policy& policy, bool dispatch) {
  auto tree = std::make_shared<Tree>();
  std::vector<std::vector<Constraints>> order_lists, item_lists;
  CollectAll(policy.order_rules, order_lists);
  CollectAll(policy.item_rules, item_lists);
  size_t weight = 0;
  for (const auto* lists : {&order_lists, &item_lists})
    for (const std::vector<Constraints>& list : *lists)
      for (const Constraints& c : list) weight += Weight(c);
  Budget budget;
  budget.left = std::max(kMinDispatchBudget, kDispatchBudgetPerUnit * weight);
  size_t next = 0;
  tree->order_rules = BuildList(policy.order_rules, order_lists, next, dispatch, budget);
  next = 0;
  tree->item_rules = BuildList(policy.item_rules, item_lists, next, dispatch, budget);
  tree->dispatch_work = budget.spent;
  return tree;
}

}  // namespace refund::compile
