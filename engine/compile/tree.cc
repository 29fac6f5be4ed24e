// Builds dispatch indexes over first-match rule lists (see tree.h).
#include "engine/compile/tree.h"

#include <algorithm>
#include <set>

namespace refund::compile {
namespace {

using model::Expr;
using model::Op;
using model::Rule;

// The values a top-level conjunct `field == v` / `v == field` / `field in [...]` allows.
void CollectConstraints(const Expr& e, std::map<int, std::set<std::string>>& out) {
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

// How many rules the largest bucket would hold if `field` were the key (the bucket of values
// no rule names holds just the rules that do not test the field).
size_t LargestBucket(const std::vector<std::map<int, std::set<std::string>>>& constraints, int field) {
  size_t untested = 0;
  std::map<std::string_view, size_t> naming;  // value -> rules that allow it
  for (const auto& rule : constraints) {
    auto it = rule.find(field);
    if (it == rule.end()) ++untested;
    else
      for (const std::string& value : it->second) ++naming[value];
  }
  size_t largest = 0;
  for (const auto& [value, count] : naming) largest = std::max(largest, count);
  return untested + largest;
}

RuleList BuildList(const std::vector<Rule>& rules) {
  RuleList list;
  list.rules = &rules;
  std::vector<std::map<int, std::set<std::string>>> constraints(rules.size());
  std::map<int, int> counts;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].when) CollectConstraints(*rules[i].when, constraints[i]);
    for (const auto& [field, values] : constraints[i]) ++counts[field];
    if (!rules[i].children.empty()) list.children.emplace(static_cast<int>(i), BuildList(rules[i].children));
  }
  // The key is the field most rules test, unless that leaves a bucket more than twice as large as
  // another field would (1,000 rules each naming one product and all naming the payment type
  // must dispatch on the product). Ties go to the lower field index.
  for (const auto& [field, count] : counts)
    if (list.key_field < 0 || count > counts[list.key_field]) list.key_field = field;
  if (list.key_field >= 0) {
    size_t key_largest = LargestBucket(constraints, list.key_field);
    for (const auto& [field, count] : counts) {
      const size_t largest = LargestBucket(constraints, field);
      if (2 * largest < key_largest) {
        list.key_field = field;
        key_largest = largest;
      }
    }
  }
  std::set<std::string> keys;
  for (size_t i = 0; i < rules.size(); ++i) {
    auto it = constraints[i].find(list.key_field);
    if (it == constraints[i].end()) list.others.push_back(static_cast<int>(i));
    else keys.insert(it->second.begin(), it->second.end());
  }
  for (const std::string& key : keys) {
    std::vector<int>& bucket = list.by_value[key];
    for (size_t i = 0; i < rules.size(); ++i) {
      auto it = constraints[i].find(list.key_field);
      if (it == constraints[i].end() || it->second.count(key)) bucket.push_back(static_cast<int>(i));
    }
  }
  if (list.key_field < 0) list.by_value.clear();
  return list;
}

}  // namespace

std::shared_ptr<const Tree> CompileTree(const model::Policy& policy) {
  auto tree = std::make_shared<Tree>();
  tree->order_rules = BuildList(policy.order_rules);
  tree->item_rules = BuildList(policy.item_rules);
  return tree;
}

}  // namespace refund::compile
