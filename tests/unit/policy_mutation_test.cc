// Issue 17: whatever passes `check` decides every sample order without a crash and keeps the
// decision invariants. The policy-mutation fuzzer's runs (tests/fuzz/fuzz_policy_mutation.cc)
// with fixed seeds, so that CI exercises them under ASan and UBSan (the first 40; all 300 in the
// Release pass, suite `slow`): 300 mutations of each shipped
// policy (numbers, durations and money at their boundaries; words emptied; blocks deleted,
// duplicated, moved), each compiled and, when it passes, run over samples/orders.jsonl.
#include <doctest/doctest.h>

#include "tests/fuzz/policy_mutation_run.h"

namespace {

struct Reach {
  int compiled = 0;  // mutations that passed the check
  int decided = 0;   // sample orders decided under them
};

// Mutations `first`..`last` of each shipped policy, each checked against the invariants.
Reach RunSeeds(uint64_t first, uint64_t last) {
  const refund::fuzz::ScratchPolicies scratch;
  Reach reach;
  for (size_t which = 0; which < scratch.size(); ++which) {
    for (uint64_t seed = first; seed <= last; ++seed) {
      refund::fuzz::Choices choices(nullptr, 0, seed * 7919 + which);
      const refund::fuzz::MutationResult result = refund::fuzz::RunMutation(scratch, which, choices);
      CHECK_MESSAGE(result.violation.empty(), result.violation << "\n--- seed " << seed << " of "
                                                               << refund::fuzz::kMutatedPolicies[which] << " ---\n"
                                                               << result.policy);
      reach.compiled += result.compiled;
      reach.decided += result.decided;
    }
  }
  return reach;
}

// The first 40 seeds: small enough for the sanitizer pass of CI, which leaves `slow` out.
TEST_CASE("forty mutations of each shipped policy that pass the check decide the sample orders within the invariants") {
  const Reach reach = RunSeeds(1, 40);
  CAPTURE(reach.compiled);
  CHECK(reach.compiled >= 4);
  CHECK(reach.decided >= 4 * 20);
}

}  // namespace

TEST_SUITE_BEGIN("slow");

namespace {

TEST_CASE("mutated shipped policies that pass the check decide every sample order within the invariants") {
  const Reach reach = RunSeeds(41, 300);
  // The mutations reach evaluation, not only the parser.
  CAPTURE(reach.compiled);
  CAPTURE(reach.decided);
  CHECK(reach.compiled >= 35);
  CHECK(reach.decided >= 35 * 20);
}

}  // namespace

TEST_SUITE_END();
