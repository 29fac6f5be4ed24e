// Accumulating the diff report (see diff_builder.h).
#include "engine/diff/diff_builder.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/diff/decision_change.h"

namespace refund::diff {
namespace {

// Bucket edges in major units; the buckets are: decreases from the largest, "no money
// change", increases from the smallest.
constexpr int64_t kEdges[] = {10, 100, 1000, 10000};
constexpr int kEdgeCount = 4;

std::vector<Bucket> EmptyBuckets() {
  std::vector<Bucket> buckets;
  buckets.push_back({"-10000 or more", 0});
  for (int i = kEdgeCount - 1; i > 0; --i) buckets.push_back({fmt::format("-{} to -{}", kEdges[i], kEdges[i - 1]), 0});
  buckets.push_back({"-10 to 0", 0});
  buckets.push_back({"0 (same amount)", 0});
  buckets.push_back({"0 to +10", 0});
  for (int i = 1; i < kEdgeCount; ++i) buckets.push_back({fmt::format("+{} to +{}", kEdges[i - 1], kEdges[i]), 0});
  buckets.push_back({"+10000 or more", 0});
  return buckets;
}

size_t BucketOf(int64_t delta, int digits) {
  int64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  const int64_t major = (delta < 0 ? -delta : delta) / scale;
  int step = 0;  // 0: under 10, ..., kEdgeCount: 10000 or more
  while (step < kEdgeCount && major >= kEdges[step]) ++step;
  if (delta == 0) return kEdgeCount + 1;
  return delta < 0 ? static_cast<size_t>(kEdgeCount - step) : static_cast<size_t>(kEdgeCount + 2 + step);
}

}  // namespace

DiffBuilder::DiffBuilder(std::string base, std::string candidate, size_t max_examples) : max_examples_(max_examples) {
  report_.base = std::move(base);
  report_.candidate = std::move(candidate);
  report_.buckets = EmptyBuckets();
}

void DiffBuilder::AddInvalid(Validity validity) {
  ++report_.read;
  ++report_.invalid;
  report_.became_invalid += validity == Validity::kBecameInvalid;
  report_.became_valid += validity == Validity::kBecameValid;
}

void DiffBuilder::Add(int64_t line, const std::string& currency, int digits, const Decision& base,
                      const Decision& candidate) {
  ++report_.read;
  report_.currency_digits.emplace(currency, digits);
  report_.base_refund[currency] += base.refund_total;
  report_.candidate_refund[currency] += candidate.refund_total;
  MatrixCell& cell = report_.matrix[static_cast<int>(base.outcome)][static_cast<int>(candidate.outcome)];
  ++cell.orders;
  cell.base[currency] += base.refund_total;
  cell.candidate[currency] += candidate.refund_total;
  ++report_.routes[base.review][candidate.review];
  DecisionChange change = CompareDecisions(base, candidate);
  if (!change.changed) {
    ++report_.unchanged;
    report_.deadline_only += change.deadline_only;
    return;
  }
  ++report_.changed;
  report_.buckets[BucketOf(candidate.refund_total - base.refund_total, digits)].orders++;
  AddChanged({line, base.order_id, currency, candidate.refund_total - base.refund_total, Summarize(base),
              Summarize(candidate), std::move(change.rules)});
}

void DiffBuilder::AddChanged(ChangedOrder changed) {
  for (const std::string& rule : changed.rules) {
    RuleImpact& impact = rules_[rule];
    impact.rule = rule;
    ++impact.orders;
    impact.net[changed.currency] += changed.delta;
    impact.moved[changed.currency] += changed.delta < 0 ? -changed.delta : changed.delta;
  }
  if (changed.delta > 0) KeepLargest(report_.increases, changed, true);
  if (changed.delta < 0) KeepLargest(report_.decreases, changed, false);
  Transition& t = transitions_[static_cast<int>(changed.base.outcome)][static_cast<int>(changed.candidate.outcome)];
  ++t.orders;
  if (t.examples.size() < max_examples_) t.examples.push_back(std::move(changed));
}

// Keeps at most max_examples_ orders, largest |delta| first; ties keep the earlier line.
void DiffBuilder::KeepLargest(std::vector<ChangedOrder>& list, const ChangedOrder& order, bool increases) {
  auto larger = [increases](const ChangedOrder& a, const ChangedOrder& b) {
    return increases ? a.delta > b.delta : a.delta < b.delta;
  };
  auto at = std::upper_bound(list.begin(), list.end(), order, larger);
  if (static_cast<size_t>(at - list.begin()) >= max_examples_) return;
  list.insert(at, order);
  if (list.size() > max_examples_) list.pop_back();
}

DiffReport DiffBuilder::Finish() && {
  for (auto& [name, impact] : rules_) report_.rules.push_back(std::move(impact));
  auto total = [](const Amounts& a) {
    int64_t sum = 0;
    for (const auto& [currency, minor] : a) sum += minor;
    return sum;
  };
  std::stable_sort(report_.rules.begin(), report_.rules.end(), [&](const RuleImpact& a, const RuleImpact& b) {
    if (total(a.moved) != total(b.moved)) return total(a.moved) > total(b.moved);
    return a.orders > b.orders;
  });
  for (int from = 0; from < kOutcomes; ++from)
    for (int to = 0; to < kOutcomes; ++to) {
      Transition& t = transitions_[from][to];
      if (t.orders == 0) continue;
      t.from = static_cast<Outcome>(from), t.to = static_cast<Outcome>(to);
      report_.transitions.push_back(std::move(t));
    }
  return std::move(report_);
}

}  // namespace refund::diff
