// What changes between two policies over a set of orders, as plain data: computed by
// DiffBuilder (diff_builder.h), rendered by one file per format (diff_render.h).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "refund/decision.h"

namespace refund::diff {

// Money per currency code, in minor units of that currency.
using Amounts = std::map<std::string, int64_t, std::less<>>;

inline constexpr int kOutcomes = 4;  // Outcome values, in declaration order

// One decision in a line: outcome, route, refund and the rules that decided its items.
struct DecisionSummary {
  Outcome outcome = Outcome::kNoRefund;
  bool review = false;
  int64_t refund = 0;
  std::string rules;  // "i-1 no-reason-window NO_REASON_FULL_REFUND; i-2 ..."
};

struct ChangedOrder {
  int64_t line = 0;  // input line (or array index), 1-based
  std::string order_id;
  std::string currency;
  int64_t delta = 0;  // candidate refund - base refund, minor units
  DecisionSummary base;
  DecisionSummary candidate;
  std::vector<std::string> rules;  // the rules the change is attributed to
};

// One cell of the outcome matrix: orders with this base and candidate outcome.
struct MatrixCell {
  int64_t orders = 0;
  Amounts base;       // refunded under the base policy
  Amounts candidate;  // refunded under the candidate
};

// A rule's share of the change: every changed order attributed to it counts whole.
struct RuleImpact {
  std::string rule;
  int64_t orders = 0;
  Amounts net;    // sum of the orders' deltas
  Amounts moved;  // sum of their absolute deltas
};

// Changed orders whose refund moved by an amount in this bucket (major units of the currency).
struct Bucket {
  std::string label;
  int64_t orders = 0;
};

// Changed orders going from one outcome to another (possibly the same, with other amounts).
struct Transition {
  Outcome from = Outcome::kNoRefund;
  Outcome to = Outcome::kNoRefund;
  int64_t orders = 0;
  std::vector<ChangedOrder> examples;  // the first few, in input order
};

struct DiffReport {
  std::string base;       // "cloud-cn 2026.1"
  std::string candidate;
  int64_t read = 0;       // records read (non-blank lines)
  int64_t invalid = 0;    // not a valid order under one policy or both
  // Of `invalid`: valid under the base but not the candidate, and the other way round. Both are
  // changes (AnyChange), though no decision can be compared.
  int64_t became_invalid = 0;
  int64_t became_valid = 0;
  int64_t unchanged = 0;
  int64_t changed = 0;
  int64_t deadline_only = 0;  // unchanged orders whose deadline moved (counted in unchanged)
  std::map<std::string, int, std::less<>> currency_digits;
  Amounts base_refund;
  Amounts candidate_refund;
  std::array<std::array<MatrixCell, kOutcomes>, kOutcomes> matrix{};  // [base][candidate]
  std::array<std::array<int64_t, 2>, 2> routes{};  // [base review][candidate review]
  std::vector<Bucket> buckets;
  std::vector<ChangedOrder> increases;  // largest first
  std::vector<ChangedOrder> decreases;  // largest decrease first
  std::vector<RuleImpact> rules;        // most money moved first
  std::vector<Transition> transitions;  // changed orders only, matrix order
};

// Whether anything changed: a decision, or whether an order is valid at all.
inline bool AnyChange(const DiffReport& report) {
  return report.changed > 0 || report.became_invalid > 0 || report.became_valid > 0;
}

// "12.50" in the currency's digits; "CNY 12.50; USD 3.00" for several.
std::string FormatAmount(const DiffReport& report, const std::string& currency, int64_t minor);
std::string FormatAmounts(const DiffReport& report, const Amounts& amounts);
// candidate - base, per currency present in either.
Amounts Difference(const Amounts& base, const Amounts& candidate);

}  // namespace refund::diff
