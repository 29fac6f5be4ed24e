// Counterfactuals: what would change a decision, found by re-evaluating the order with one fact
// changed (request.at, or one line taken out of the request). Nothing here knows a rule: every
// statement is the result of an evaluation, so it holds when checked the same way.
//
//   refund::eval::TraceSink trace;
//   refund::Decision d = refund::Evaluate(policy, order, {.trace = &trace});
//   for (const refund::whatif::WhatIf& w : refund::whatif::FindWhatIfs(policy, order, d, trace))
//     check(refund::Evaluate(policy, refund::whatif::WithChange(order, w), {}).refund_total == w.refund_after);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/eval/trace.h"
#include "refund/policy.h"

namespace refund::whatif {

enum class Kind {
  kDeadline,        // the current outcome holds for requests before `at`; from `at` it is `after`
  kEarlierRequest,  // a request just before `at` (a window end already passed) gets `after`
  kRemoveLine,      // the request without line `line` gets `after` (a full refund)
  kQuotaRenewal,    // a request at `at`, when the quota counts the earlier grant no more, gets `after`
  kNextChange,      // the refund first changes for requests from `at` (or just after it): to `after`
  kNextRise,        // the first later time at which the refund steps up (from `before` just before it)
};

struct WhatIf {
  Kind kind = Kind::kDeadline;
  Instant at;                  // the changed request.at (kind-dependent, see Kind)
  bool after = false;          // kNextChange / kNextRise: holds for requests strictly after `at`
  std::string line;            // kRemoveLine: the line taken out; kEarlierRequest: the line whose window it is
  Outcome outcome_before = Outcome::kNoRefund;  // now; for kNextChange / kNextRise: just before the change
  int64_t refund_before = 0;   // minor units, the order's total
  Outcome outcome_after = Outcome::kNoRefund;
  int64_t refund_after = 0;
  int64_t delta = 0;           // refund_after - refund_before
};

// The order with the statement's one fact changed: request.at set to the instant the statement
// names (its first instant for `after`), or its line taken out of the request.
Order WithChange(const Order& order, const WhatIf& what_if);

// Every statement that holds for this order, in a stable order (deadline, earlier request, line,
// quota, next change, next rise). `trace` is the trace of `decision`'s evaluation.
std::vector<WhatIf> FindWhatIfs(const CompiledPolicy& policy, const Order& order, const Decision& decision,
                                const eval::TraceSink& trace);

}  // namespace refund::whatif
