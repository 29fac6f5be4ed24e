// The order-structure recipes of the fuzz_structure target (tests/fuzz/order_recipe.h), from a
// few hundred fixed seeds: every order they build is read without a crash, and every valid one is
// decided, under both shipped policies, keeping decisions.md's invariants.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "tests/fuzz/order_recipe.h"

namespace {

const refund::CompiledPolicy& Shipped(int which) {
  static refund::CompileResult cn = refund::CompilePolicy("rules/cloud-cn");
  static refund::CompileResult hourly = refund::CompilePolicy("rules/cloud-hourly");
  const refund::CompileResult& r = which == 0 ? cn : hourly;
  REQUIRE(r.ok());
  return r.value();
}

// splitmix64: the recipe bytes of one seed.
std::vector<uint8_t> RecipeBytes(uint64_t seed, size_t size) {
  std::vector<uint8_t> bytes(size);
  for (uint8_t& b : bytes) {
    uint64_t z = (seed += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    b = static_cast<uint8_t>(z ^ (z >> 31));
  }
  return bytes;
}

TEST_CASE("orders of any structure from 300 seeded recipes keep every decision invariant") {
  int valid = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    const std::vector<uint8_t> bytes = RecipeBytes(seed, 256 + seed % 512);
    refund::fuzz::Recipe recipe(bytes.data(), bytes.size());
    const std::string json = refund::fuzz::BuildOrder(recipe, {.items = 600, .history = 1000});  // fast under ASan
    for (int policy : {0, 1}) {
      CAPTURE(seed);
      CAPTURE(policy);
      CHECK(refund::fuzz::CheckOrder(Shipped(policy), json, seed % 10 == 0) == "");  // explaining: ~1,000 evaluations
      valid += refund::ParseOrder(json, refund::OrderSettingsOf(Shipped(policy))).ok();
    }
  }
  CHECK(valid > 100);  // the recipes reach evaluation, not only the reader's errors
}

}  // namespace
