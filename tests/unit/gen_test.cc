// The order generator: determinism, validity of every order, and the invalid share.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "engine/gen/order_generator.h"
#include "engine/gen/profile.h"
#include "refund/policy.h"

namespace {

std::string Generate(uint64_t seed, int64_t count, int64_t invalid_per_million = 0) {
  static refund::gen::ProfileResult profile = refund::gen::ReadProfile("samples/profiles/cloud.yaml");
  REQUIRE(profile.ok());
  refund::gen::OrderGenerator generator(profile.value(), seed, invalid_per_million);
  fmt::memory_buffer out;
  for (int64_t n = 1; n <= count; ++n) generator.Append(n, out);
  return fmt::to_string(out);
}

// Lines that parse as valid orders under `policy`, and all lines.
std::pair<int, int> CountValid(const std::string& lines, const std::string& policy) {
  refund::CompileResult compiled = refund::CompilePolicy(policy);
  REQUIRE(compiled.ok());
  refund::OrderSettings settings = refund::OrderSettingsOf(compiled.value());
  std::istringstream in(lines);
  std::string line;
  int valid = 0, all = 0;
  while (std::getline(in, line)) {
    ++all;
    refund::OrderResult order = refund::ParseOrder(line, settings);
    if (order.ok()) ++valid;
    else MESSAGE(line, " -> ", order.error().path, ": ", order.error().message);
  }
  return {valid, all};
}

TEST_CASE("the same seed gives the same bytes, another seed other bytes") {
  CHECK(Generate(42, 500) == Generate(42, 500));
  CHECK(Generate(42, 500) != Generate(43, 500));
}

TEST_CASE("every generated order is valid under both shipped policies") {
  const std::string lines = Generate(1, 3000);
  for (const char* policy : {"rules/cloud-cn", "rules/cloud-hourly"}) {
    auto [valid, all] = CountValid(lines, policy);
    CHECK(all == 3000);
    CHECK(valid == all);
  }
}

TEST_CASE("an invalid rate breaks about that share of lines and keeps one line per order") {
  const std::string lines = Generate(5, 4000, 100'000);  // 10 %
  std::istringstream in(lines);
  std::string line;
  int invalid = 0, all = 0;
  refund::OrderSettings settings{.currency = refund::Currency::Find("CNY"), .payment_type_aliases = {}};
  while (std::getline(in, line)) ++all, invalid += !refund::ParseOrder(line, settings).ok();
  CHECK(all == 4000);
  CHECK(invalid > 250);
  CHECK(invalid < 550);
}

TEST_CASE("a profile with a bad value is reported with its place") {
  refund::gen::ProfileResult missing = refund::gen::ReadProfile("no/such/profile.yaml");
  CHECK_FALSE(missing.ok());
  REQUIRE(missing.diagnostics().size() == 1);
  CHECK(missing.diagnostics()[0].code == "G001");
}

}  // namespace
