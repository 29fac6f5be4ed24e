// The evaluation tree: the checked model's first-match rule lists with dispatch indexes, so
// that a discrete test (status, payment type, kind, product) costs one lookup instead of a scan
// over rules that cannot apply. Immutable once built; shared by every evaluating thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/model/policy.h"

namespace refund::compile {

// A first-match list. When `key_field` >= 0, only the rules in `by_value[value of the field]`
// (or `others` when the value is missing or not listed) can match, in source order: every rule
// left out of a bucket has a top-level `field == v` / `field in [...]` test that excludes it.
struct RuleList {
  const std::vector<model::Rule>* rules = nullptr;
  int key_field = -1;  // schema field index
  std::map<std::string, std::vector<int>, std::less<>> by_value;
  std::vector<int> others;           // rules that do not test the key
  std::map<int, RuleList> children;  // groups: rule position -> its own list
};

struct Tree {
  RuleList order_rules;
  RuleList item_rules;
};

std::shared_ptr<const Tree> CompileTree(const model::Policy& policy);

// A readable, stable text of the tree: dispatch buckets, then each rule with its condition,
// action and source location.
std::string DumpTree(const model::Policy& policy, const Tree& tree);

}  // namespace refund::compile
