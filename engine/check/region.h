// Conditions as regions: the set of facts (field values, formula steps, opaque tests) under which
// a condition holds, as a union of boxes (a box constrains each fact to a set of values). Exact
// for `and`/`or`/`not` over `==`, `!=`, `in`, `not in` and `<`-style comparisons with literals,
// and `has_any [a, b]` as `has a or has b`; any other test is an opaque fact that is either true
// or false (`list has a` one per word). Used to decide whether earlier
// rules (or table rows) cover a later one and to find values nothing covers.
//
//   check::Space space(policy);
//   auto earlier = space.FromCondition(*rules[0].when);   // nullopt: too many boxes to track
//   auto later = space.FromCondition(*rules[1].when);
//   bool shadowed = space.IsEmpty(space.Subtract(*later, *earlier));
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/model/expr.h"
#include "engine/model/policy.h"
#include "refund/money.h"

namespace refund::check {

// An interval of an ordered fact (numbers, money, durations in micros, instants in micros);
// a missing bound is infinite.
struct Interval {
  std::optional<Ratio> lo, hi;
  bool lo_closed = false, hi_closed = false;
};

// The values one fact may take. Text facts: `texts`, or everything but `texts` when `cofinite`.
// Ordered facts: a union of disjoint intervals in increasing order. `missing`: the fact may be
// absent (a comparison with a missing value is false, `!=` and `not in` true).
struct ValueSet {
  bool ordered = false;
  bool cofinite = false;
  std::set<std::string> texts;
  std::vector<Interval> intervals;
  bool missing = false;
};

using Box = std::map<std::string, ValueSet>;  // fact key (DumpExpr of what is tested) -> values
using Region = std::vector<Box>;              // union

// The work of region operations, in units of facts and values touched (a box of one fact with
// three texts is four), shared by every Space of one policy's check. Each operation is charged
// what it touches; once the budget is spent every operation returns at once (an empty region, or
// nullopt from FromCondition) and the passes report nothing more, so that a hostile policy costs
// at most the budget, whatever its shape: the analyses are warnings and errors about dead or
// uncovered rules, never needed to decide an order.
struct Work {
  static constexpr size_t kBudget = 600'000;
  size_t spent = 0;
  size_t budget = kBudget;
  bool Exhausted() const { return spent > budget; }
};

// What a fact can be at all.
struct Fact {
  bool ordered = false;
  std::optional<std::set<std::string>> closed;  // text facts with a known finite set of values
  bool may_be_missing = false;
  model::Type type = model::Type::kUnknown;  // ordered facts: how to print a bound
};

class Space {
 public:
  // `steps`: the formula whose steps (kLocal) a condition may read, or null.
  explicit Space(const model::Policy& policy, const model::Formula* steps = nullptr, Work* work = nullptr)
      : policy_(policy), steps_(steps), work_(work ? work : &own_work_) {}
  Space(const Space&) = delete;
  Space& operator=(const Space&) = delete;

  // Whether the work budget is spent: results since then mean nothing and must not be reported.
  bool Exhausted() const { return work_->Exhausted(); }
  size_t WorkSpent() const { return work_->spent; }
  // Charges `units` of work (passes charge their own loops); false once the budget is spent.
  bool Charge(size_t units) const {
    work_->spent += units;
    return !work_->Exhausted();
  }

  // nullopt when the condition would need more than kMaxBoxes boxes.
  std::optional<Region> FromCondition(const model::Expr& condition);
  static Region Everything() { return {Box{}}; }

  Region Subtract(const Region& from, const Region& what) const;
  Region Intersect(const Region& a, const Region& b) const;
  bool IsEmpty(const Region& region) const { return region.empty(); }
  // The boxes of `region` with every fact present (not missing), for reporting holes.
  Region WithoutMissing(const Region& region) const;
  // `order.status` is `paid` and `rate` >= 10%: a box in words.
  std::string Describe(const Box& box) const;

  const Fact* FindFact(const std::string& key) const;
  ValueSet Universe(const std::string& key) const;

  static constexpr size_t kMaxBoxes = 512;
  // What one combination of C403's gap search costs before its rules are looked at.
  static constexpr size_t kGapPointWork = 8;
  // How much a value set or a box weighs in Work units.
  static size_t Weight(const ValueSet& values) { return 1 + values.texts.size() + values.intervals.size(); }
  static size_t Weight(const Box& box);
  // Lists and tables longer than this are not analysed (the analyses are quadratic).
  static constexpr size_t kMaxEntries = 256;

 private:
  std::optional<Region> Convert(const model::Expr& e, bool negated, int depth);
  std::optional<Region> Atom(const model::Expr& e, bool negated);
  std::optional<std::string> FactOf(const model::Expr& e);
  Region Single(const std::string& key, ValueSet values, bool negated);

  const model::Policy& policy_;
  const model::Formula* steps_;
  Work own_work_;
  Work* work_;
  std::map<std::string, Fact> facts_;
};

// Value-set algebra (exposed for tests).
bool IsEmptyInterval(const Interval& interval);
ValueSet IntersectValues(const ValueSet& a, const ValueSet& b);
ValueSet SubtractValues(const ValueSet& a, const ValueSet& b);
bool IsEmptyValues(const ValueSet& v);
std::string FormatBound(const Ratio& value, model::Type type);

}  // namespace refund::check
