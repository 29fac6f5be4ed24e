// The ranges of the numbers a policy states and the bounds on a policy's size (rules/README.md
// §11 "Ranges and limits"). The builder checks every value against its range where it reads it,
// so that nothing past `check` can wrap, overflow or be read modulo 2^64 by evaluation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "refund/time.h"

namespace refund::model {

// An inclusive range of whole numbers, and the setting's name for the out-of-range message
// ("`review_below` `200` is out of range: expected 0 to 101").
struct IntegerRange {
  std::string_view name;
  int64_t min;
  int64_t max;
};

// Window lengths, calendar days and rolling quota lengths: at most 3,650,000 days (about 9,993
// years). Order instants lie in years 0001-9999, so an anchor plus the longest window stays
// within years 0001-20000, far inside the 64-bit microsecond range (about ±292,000 years) and
// the calendar arithmetic of engine/time.
inline constexpr int64_t kMaxWindowDays = 3'650'000;
inline constexpr Duration kMaxWindowLength = Duration::Days(kMaxWindowDays);

// The instants evaluation computes with: an order's timestamps (years 0001-9999, any offset) lie
// between these; an anchor or `floor_hour` argument outside them is treated as missing.
inline constexpr int64_t kMinInstantMicros = -62'135'683'200'000'000;  // 0000-12-31T00:00:00Z
inline constexpr int64_t kMaxInstantMicros = 253'402'387'200'000'000;  // 10000-01-02T00:00:00Z

inline constexpr IntegerRange kCalendarDaysRange{"calendar_days", 0, kMaxWindowDays};
// A score is 0-100; `review_below: 101` sends every decision to review.
inline constexpr IntegerRange kReviewBelowRange{"review_below", 0, 101};
inline constexpr IntegerRange kScoreStartRange{"score start", 0, 100};
inline constexpr IntegerRange kPointsRange{"signal points", -100, 100};
// History entries are bounded by the order's size (16 MiB a line): more never changes a count.
inline constexpr IntegerRange kAllowanceRange{"signal allowance", 0, 1'000'000};
inline constexpr IntegerRange kQuotaLimitRange{"quota limit", 0, 1'000'000};

// Policy size. Compiling is O(n log n) in the policy's size n: the analyses spend at most a fixed
// budget (check::Work) and the dispatch indexes one linear in n (compile::Tree::dispatch_work);
// every other pass is one walk with sorted or hashed lookups. These bound what one construct may
// hold, with a diagnostic at the first entry past the limit.
inline constexpr size_t kMaxListEntries = 10'000;  // one list literal (`in`, `has_any`): E201
inline constexpr size_t kMaxRules = 10'000;        // one rule list (order_rules, item_rules, a group's rules): P111

}  // namespace refund::model
