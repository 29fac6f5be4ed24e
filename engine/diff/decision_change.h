// Comparing two decisions of one order: whether they differ in what the customer gets or how
// it is carried out, and which rules the difference is attributed to.
#pragma once

#include <string>
#include <vector>

#include "engine/diff/diff_report.h"
#include "refund/decision.h"

namespace refund::diff {

struct DecisionChange {
  bool changed = false;        // outcome, route, score, money or any item's rule or codes
  bool deadline_only = false;  // nothing above differs but the deadline does
  // Sorted, unique. For every item whose outcome, refund, rule or codes differ: its rule under
  // each policy; plus order-level reason rules present in one decision only. Messages (policy
  // text) are not compared.
  std::vector<std::string> rules;
};

DecisionChange CompareDecisions(const Decision& base, const Decision& candidate);
DecisionSummary Summarize(const Decision& decision);

}  // namespace refund::diff
