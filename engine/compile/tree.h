// The evaluation tree: the checked model's first-match rule lists with dispatch indexes, so
// that a discrete test (status, payment type, kind, product) costs one lookup instead of a scan
// over rules that cannot apply. Immutable once built; shared by every evaluating thread.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/policy.h"
#include "engine/source/same_text.h"

namespace refund::compile {

// A node of a dispatch index (a small decision tree over text fields). A leaf holds the
// positions of the rules that can match, in source order. An inner node reads `key_field`: a
// value listed in `values` continues at the branch of the same index; a missing value or one no
// rule names continues at the last branch, `else`, which holds only rules that do not test the
// field. A rule is left out of a branch only when a top-level conjunct of its condition
// (`field == v`, `v == field`, `field in [...]`) excludes the values on the path to it.
struct Dispatch {
  int key_field = -1;               // schema field index; -1: a leaf
  std::vector<std::string> values;  // sorted, unique
  std::vector<Dispatch> branches;   // one per value, then `else`
  std::vector<int> candidates;      // a leaf's rule positions, ascending

  // Up to this many values are scanned (== compares lengths first, cheaper than ordering
  // strings); more are binary-searched.
  static constexpr size_t kScannedValues = 8;

  bool leaf() const { return key_field < 0; }
  // The branch for the key's value (nullopt: missing). Allocates nothing.
  const Dispatch& Branch(std::optional<std::string_view> value) const {
    if (!value) return branches.back();
    if (values.size() <= kScannedValues) {
      for (size_t i = 0; i < values.size(); ++i)
        if (SameText(values[i], *value)) return branches[i];
      return branches.back();
    }
    auto it = std::lower_bound(values.begin(), values.end(), *value);
    return it != values.end() && *it == *value ? branches[it - values.begin()] : branches.back();
  }
};

// At most this many fields are read on the way to a leaf.
inline constexpr int kMaxDispatchLevels = 3;

// A first-match list: only the rules of the leaf that `dispatch` leads to can match, and they
// are tested in source order.
struct RuleList {
  const std::vector<model::Rule>* rules = nullptr;
  Dispatch dispatch;                 // a single leaf of every rule when no field helps
  std::map<int, RuleList> children;  // groups: rule position -> its own list
};

struct Tree {
  RuleList order_rules;
  RuleList item_rules;
  // The work spent building the dispatch indexes (rule positions and listed values touched; see
  // CompileTree): at most max(kMinDispatchBudget, kDispatchBudgetPerUnit × the policy's rules and
  // listed values), so linear in the policy's size. Tests count it.
  size_t dispatch_work = 0;
};

// The dispatch indexes' work budget (see Tree::dispatch_work). Building them is O(n log n) in
// the policy's size n (rules plus the values their `==`/`in` tests list): every step is charged
// to the budget before it is taken, and one it cannot pay for leaves its rules one leaf.
inline constexpr size_t kMinDispatchBudget = size_t{1} << 20;
inline constexpr size_t kDispatchBudgetPerUnit = 256;

// `dispatch` false leaves every list a single leaf of all its rules (a plain scan in source
// order): tests check the index against it.
std::shared_ptr<const Tree> CompileTree(const model::Policy& policy, bool dispatch = true);

// A readable, stable text of the tree: dispatch buckets, then each rule with its condition,
// action and source location.
std::string DumpTree(const model::Policy& policy, const Tree& tree);

}  // namespace refund::compile
