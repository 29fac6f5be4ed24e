// Fuzz target: the input's bytes choose mutations of rules/cloud-cn or rules/cloud-hourly
// (tests/fuzz/policy_mutator.h: boundary numbers, durations and money, empty and unknown words,
// blocks deleted, duplicated, moved). Whatever passes `check` must decide every sample order
// without a crash and with decisions.md's invariants (decision_invariants.h); a policy that does
// not compile must say why. Traps on the first violation. Run from the repository root.
#include <cstdint>
#include <cstdio>

#include "tests/fuzz/policy_mutation_run.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const refund::fuzz::ScratchPolicies scratch;
  if (size == 0) return 0;
  refund::fuzz::Choices choices(data + 1, size - 1, data[0]);
  const refund::fuzz::MutationResult result = refund::fuzz::RunMutation(scratch, data[0] % scratch.size(), choices);
  if (!result.violation.empty()) {
    std::fprintf(stderr, "invariant violated: %s\n--- policy.yaml ---\n%s\n", result.violation.c_str(),
                 result.policy.c_str());
    __builtin_trap();
  }
  return 0;
}
