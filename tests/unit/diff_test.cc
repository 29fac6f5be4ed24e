// Policy diff: a policy against itself, a known change and its attribution, money totals.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "engine/diff/diff_policies.h"
#include "engine/diff/diff_render.h"
#include "engine/gen/order_generator.h"
#include "refund/policy.h"

namespace {

std::string Orders(int64_t count) {
  refund::gen::ProfileResult profile = refund::gen::ReadProfile("samples/profiles/cloud.yaml");
  REQUIRE(profile.ok());
  refund::gen::OrderGenerator generator(profile.value(), 11, 20'000);
  fmt::memory_buffer out;
  for (int64_t n = 1; n <= count; ++n) generator.Append(n, out);
  return fmt::to_string(out);
}

refund::diff::DiffReport Diff(const char* base, const char* candidate, const std::string& orders) {
  refund::CompileResult b = refund::CompilePolicy(base), c = refund::CompilePolicy(candidate);
  REQUIRE(b.ok());
  REQUIRE(c.ok());
  std::istringstream in(orders);
  return refund::diff::DiffPolicies(b.value(), c.value(), in, {});
}

TEST_CASE("a policy diffed against itself reports no change") {
  refund::diff::DiffReport report = Diff("rules/cloud-cn", "rules/cloud-cn", Orders(2000));
  CHECK(report.read == 2000);
  CHECK(report.invalid > 0);
  CHECK(report.changed == 0);
  CHECK(report.deadline_only == 0);
  CHECK(report.unchanged == report.read - report.invalid);
  CHECK(report.rules.empty());
  CHECK(report.base_refund == report.candidate_refund);
  CHECK(refund::diff::RenderMarkdown(report).find("No decision changed.") != std::string::npos);
}

TEST_CASE("a wider no-reason window is counted and attributed to the no-reason rule") {
  refund::diff::DiffReport report = Diff("rules/cloud-cn", "samples/cloud-cn-candidate", Orders(2000));
  CHECK(report.changed > 0);
  REQUIRE_FALSE(report.rules.empty());
  auto rule = std::find_if(report.rules.begin(), report.rules.end(),
                           [](const refund::diff::RuleImpact& r) { return r.rule == "no-reason-window"; });
  REQUIRE(rule != report.rules.end());
  CHECK(rule->orders > 0);
  CHECK(rule->net.at("CNY") > 0);
  CHECK(report.decreases.empty());  // a wider window never takes money away here
  int64_t in_matrix = 0;
  for (const auto& row : report.matrix)
    for (const auto& cell : row) in_matrix += cell.orders;
  CHECK(in_matrix == report.changed + report.unchanged);
}

TEST_CASE("refund totals equal the sums of independent evaluations") {
  const std::string orders = Orders(1000);
  refund::diff::DiffReport report = Diff("rules/cloud-cn", "samples/cloud-cn-candidate", orders);
  for (const char* path : {"rules/cloud-cn", "samples/cloud-cn-candidate"}) {
    refund::CompileResult policy = refund::CompilePolicy(path);
    refund::OrderSettings settings = refund::OrderSettingsOf(policy.value());
    std::istringstream in(orders);
    std::string line;
    int64_t total = 0;
    while (std::getline(in, line)) {
      refund::OrderResult order = refund::ParseOrder(line, settings);
      if (order.ok()) total += refund::Evaluate(policy.value(), order.value(), {}).refund_total;
    }
    const auto& reported = std::string(path) == "rules/cloud-cn" ? report.base_refund : report.candidate_refund;
    CHECK(reported.at("CNY") == total);
  }
}

}  // namespace
