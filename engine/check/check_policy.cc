// Runs every pass of the check stage over a built policy.
#include "engine/check/check_policy.h"

#include "engine/check/passes.h"

namespace refund::check {

std::vector<Diagnostic> CheckPolicy(const model::Policy& policy, const std::vector<model::PolicyDocument>& documents) {
  std::vector<Diagnostic> out;
  Locator locate(documents);
  CheckRules(policy, locate, out);
  CheckWindows(policy, locate, out);
  CheckTables(policy, locate, out);
  CheckAmounts(policy, locate, out);
  return out;
}

}  // namespace refund::check
