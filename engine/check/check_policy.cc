// Runs every pass of the check stage over a built policy.
#include "engine/check/check_policy.h"

#include "engine/check/passes.h"

namespace refund::check {

std::vector<Diagnostic> CheckPolicy(const model::Policy& policy, const std::vector<model::PolicyDocument>& documents,
                                    size_t* work_spent) {
  std::vector<Diagnostic> out;
  Locator locate(documents);
  Work work;  // one budget for every region analysis of the policy (region.h)
  CheckRules(policy, locate, work, out);
  CheckWindows(policy, locate, work, out);
  CheckTables(policy, locate, work, out);
  CheckAmounts(policy, locate, out);
  if (work_spent) *work_spent = work.spent;
  return out;
}

}  // namespace refund::check
