// Fuzz target: any bytes as one order; when it parses, it is decided under rules/cloud-cn and
// rules/cloud-hourly (each compiled once, run from the repository root) and every invariant of
// decisions.md is checked (tests/fuzz/decision_invariants.h), trapping on the first violation.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string_view>

#include "refund/policy.h"
#include "tests/fuzz/decision_invariants.h"
#include "tests/fuzz/shipped_policies.h"

namespace {

void Require(const char* violation) {
  if (violation == nullptr) return;
  std::fprintf(stderr, "invariant violated: %s\n", violation);
  __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::shared_ptr<const refund::CompiledPolicy> policies[] = {
      refund::fuzz::LoadShippedPolicy("rules/cloud-cn"), refund::fuzz::LoadShippedPolicy("rules/cloud-hourly")};
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  for (const auto& policy : policies) {
    const refund::OrderResult order = refund::ParseOrder(json, refund::OrderSettingsOf(*policy));
    if (!order.ok()) continue;
    for (refund::Language language : {refund::Language::kEn, refund::Language::kZh}) {
      refund::EvalOptions options;
      options.language = language;
      const refund::Decision decision = refund::Evaluate(*policy, order.value(), options);
      Require(refund::fuzz::DecisionViolation(order.value(), decision));
      if (refund::DecisionToJson(decision).empty()) __builtin_trap();
    }
  }
  return 0;
}
