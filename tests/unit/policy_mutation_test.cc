// Issue 17: whatever passes `check` decides every sample order without a crash and keeps the
// decision invariants. The policy-mutation fuzzer's runs (tests/fuzz/fuzz_policy_mutation.cc)
// with fixed seeds, so that CI exercises them under ASan and UBSan: 300 mutations of each shipped
// policy (numbers, durations and money at their boundaries; words emptied; blocks deleted,
// duplicated, moved), each compiled and, when it passes, run over samples/orders.jsonl.
#include <doctest/doctest.h>

#include "tests/fuzz/policy_mutation_run.h"

TEST_SUITE_BEGIN("slow");

namespace {

TEST_CASE("mutated shipped policies that pass the check decide every sample order within the invariants") {
  const refund::fuzz::ScratchPolicies scratch;
  int compiled = 0, decided = 0;
  for (size_t which = 0; which < scratch.size(); ++which) {
    for (uint64_t seed = 1; seed <= 300; ++seed) {
      refund::fuzz::Choices choices(nullptr, 0, seed * 7919 + which);
      const refund::fuzz::MutationResult result = refund::fuzz::RunMutation(scratch, which, choices);
      CHECK_MESSAGE(result.violation.empty(), result.violation << "\n--- seed " << seed << " of "
                                                               << refund::fuzz::kMutatedPolicies[which] << " ---\n"
                                                               << result.policy);
      compiled += result.compiled;
      decided += result.decided;
    }
  }
  // The mutations reach evaluation, not only the parser.
  CAPTURE(compiled);
  CAPTURE(decided);
  CHECK(compiled >= 40);  // 63 when written
  CHECK(decided >= 40 * 20);
}

}  // namespace

TEST_SUITE_END();
