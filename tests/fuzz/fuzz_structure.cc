// Fuzz target: the bytes are a recipe for an order's structure (tests/fuzz/order_recipe.h: item
// count, parent links in any order, request.items subsets, history sizes, nested unknown fields);
// the order built from it is parsed and decided under rules/cloud-cn and rules/cloud-hourly (run
// from the repository root) and its decision checked against decisions.md's invariants, trapping
// on the first violation. tests/unit/structure_test.cc runs the same checks on seeded recipes.
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "tests/fuzz/order_recipe.h"
#include "tests/fuzz/shipped_policies.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::shared_ptr<const refund::CompiledPolicy> policies[] = {
      refund::fuzz::LoadShippedPolicy("rules/cloud-cn"), refund::fuzz::LoadShippedPolicy("rules/cloud-hourly")};
  refund::fuzz::Recipe recipe(data, size);
  const std::string json = refund::fuzz::BuildOrder(recipe);
  const bool explain = recipe.Chance(8);  // an explanation is hundreds of evaluations: now and then
  for (const auto& policy : policies) {
    const std::string defect = refund::fuzz::CheckOrder(*policy, json, explain);
    if (defect.empty()) continue;
    std::fprintf(stderr, "invariant violated: %s\norder: %.2000s\n", defect.c_str(), json.c_str());
    __builtin_trap();
  }
  return 0;
}
