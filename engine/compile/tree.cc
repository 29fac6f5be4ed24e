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

// The top-level key: the field most rules test, unless that leaves a bucket more than twice as
// large as another field would (1,000 rules each naming one product and all naming the payment
// type must dispatch on the product). Ties go to the lower field index; -1 when no rule tests a
// field.
int TopKey(const std::vector<Constraints>& constraints, const std::vector<int>& positions) {
  std::map<int, int> counts;  // field -> rules testing it
  for (int i : positions)
    for (const auto& [field, values] : constraints[i]) ++counts[field];
  int key = -1;
  for (const auto& [field, count] : counts)
    if (key < 0 || count > counts[key]) key = field;
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
// strictly smaller than `positions`; else -1.
int SubKey(const std::vector<Constraints>& constraints, const std::vector<int>& positions, const std::set<int>& used) {
  std::set<int> tested;
  for (int i : positions)
    for (const auto& [field, values] : constraints[i])
      if (!used.count(field)) tested.insert(field);
  int key = -1;
  size_t key_largest = positions.size();
  for (int field : tested)
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

Dispatch Refine(const std::vector<Constraints>& constraints, std::vector<int> positions, std::set<int> used);

// Splits the rules at `positions` on `key` (one branch per value they name, then `else`) and
// refines each branch below it. `used` holds the fields read above, `key` not among them.
Dispatch Split(const std::vector<Constraints>& constraints, const std::vector<int>& positions, int key, std::set<int> used) {
  Dispatch node;
  node.key_field = key;
  std::set<std::string> values;
  std::vector<int> untested;
  for (int i : positions) {
    auto it = constraints[i].find(key);
    if (it == constraints[i].end()) untested.push_back(i);
    else values.insert(it->second.begin(), it->second.end());
  }
  used.insert(key);
  for (const std::string& value : values) {
    std::vector<int> bucket;
    for (int i : positions) {
      auto it = constraints[i].find(key);
      if (it == constraints[i].end() || it->second.count(value)) bucket.push_back(i);
    }
    node.values.push_back(value);
    node.branches.push_back(Refine(constraints, std::move(bucket), used));
  }
  node.branches.push_back(Refine(constraints, std::move(untested), used));
  return node;
}

// The rules at `positions` as a leaf, or split again when a field the path has not read makes
// the largest bucket smaller and the path is shorter than kMaxDispatchLevels.
Dispatch Refine(const std::vector<Constraints>& constraints, std::vector<int> positions, std::set<int> used) {
  if (static_cast<int>(used.size()) >= kMaxDispatchLevels) return Leaf(std::move(positions));
  const int key = SubKey(constraints, positions, used);
  if (key < 0) return Leaf(std::move(positions));
  return Split(constraints, positions, key, std::move(used));
}

RuleList BuildList(const std::vector<Rule>& rules, bool dispatch) {
  RuleList list;
  list.rules = &rules;
  std::vector<Constraints> constraints(rules.size());
  std::vector<int> all;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].when) CollectConstraints(*rules[i].when, constraints[i]);
    all.push_back(static_cast<int>(i));
    if (!rules[i].children.empty()) list.children.emplace(static_cast<int>(i), BuildList(rules[i].children, dispatch));
  }
  const int key = dispatch ? TopKey(constraints, all) : -1;
  list.dispatch = key < 0 ? Leaf(std::move(all)) : Split(constraints, all, key, {});
  return list;
}

}  // namespace

std::shared_ptr<const Tree> CompileTree(const model::Policy& policy, bool dispatch) {
  auto tree = std::make_shared<Tree>();
  tree->order_rules = BuildList(policy.order_rules, dispatch);
  tree->item_rules = BuildList(policy.item_rules, dispatch);
  return tree;
}

}  // namespace refund::compile
