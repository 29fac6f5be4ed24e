// Policy diff: a policy against itself, a known change and its attribution, money totals.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
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

// rules/cloud-cn with another currency: every CNY order is invalid under it.
struct UsdPolicy {
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("refund_diff_usd_" + std::to_string(::getpid()));
  UsdPolicy() {
    std::filesystem::remove_all(path);
    std::filesystem::copy("rules/cloud-cn", path, std::filesystem::copy_options::recursive);
    std::ifstream in(path / "policy.yaml");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    const size_t at = text.find("  currency: CNY\n");
    REQUIRE(at != std::string::npos);
    text.replace(at, 16, "  currency: USD\n");
    std::ofstream(path / "policy.yaml", std::ios::trunc) << text;
  }
  ~UsdPolicy() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

TEST_CASE("an order valid under one policy only is a change, counted each way in every format") {
  UsdPolicy usd;
  const std::string orders = Orders(300);
  const refund::diff::DiffReport same = Diff("rules/cloud-cn", "rules/cloud-cn", orders);
  REQUIRE(same.invalid > 0);  // broken lines: invalid under both, not a change
  CHECK(same.became_invalid == 0);
  CHECK(same.became_valid == 0);
  CHECK_FALSE(refund::diff::AnyChange(same));

  const refund::diff::DiffReport to_usd = Diff("rules/cloud-cn", usd.path.c_str(), orders);
  CHECK(to_usd.changed == 0);
  CHECK(to_usd.invalid == 300);
  CHECK(to_usd.became_invalid == 300 - same.invalid);
  CHECK(to_usd.became_valid == 0);
  CHECK(refund::diff::AnyChange(to_usd));
  const refund::diff::DiffReport from_usd = Diff(usd.path.c_str(), "rules/cloud-cn", orders);
  CHECK(from_usd.became_valid == 300 - same.invalid);
  CHECK(from_usd.became_invalid == 0);

  const std::string count = std::to_string(to_usd.became_invalid);
  CHECK(refund::diff::RenderText(to_usd).find("validity: " + count + " became invalid under the candidate, 0 became valid\n") != std::string::npos);
  CHECK(refund::diff::RenderText(to_usd).find("\nno decision changed\n") == std::string::npos);
  CHECK(refund::diff::RenderMarkdown(to_usd).find("| " + count + " | 0 |") != std::string::npos);
  CHECK(refund::diff::RenderMarkdown(to_usd).find("No decision changed.") == std::string::npos);
  CHECK(refund::diff::RenderHtml(to_usd).find("<b>" + count + " became invalid</b>") != std::string::npos);
  CHECK(refund::diff::RenderJson(to_usd).find("\"became_invalid\":" + count + ",\"became_valid\":0") != std::string::npos);
}

}  // namespace
