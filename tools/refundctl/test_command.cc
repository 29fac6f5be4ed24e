// `refundctl test [--filter TEXT] [--coverage] [--require-full-coverage] [--update] POLICY...`:
// run each policy's own test cases; print every failure (name, file:line, expected vs actual
// field by field), the coverage of each policy when asked, then `N passed, N failed` last. An
// effective-dated policy runs its own cases and each version's (VERSION_DIR/tests) on that version.
// Exit 1 on any failure, a broken or unusable test file, a policy that does not compile, or (with
// --require-full-coverage) a branch no case reached; 2 when a POLICY names nothing to load.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "engine/policytest/policy_test.h"
#include "tools/refundctl/commands.h"
#include "tools/refundctl/policy_input.h"

namespace refundctl {
namespace {

struct TestCommandOptions {
  std::vector<std::string> policies;
  std::string filter;
  bool coverage = false;
  bool require_full_coverage = false;
  bool update = false;
  bool allow_empty = false;
};

void PrintFailures(const refund::policytest::TestRun& run) {
  for (const auto& r : run.results) {
    if (r.passed) continue;
    std::cout << fmt::format("FAIL {}:{}: {}\n", r.file, r.line, r.name);
    for (const std::string& m : r.mismatches) std::cout << "     " << m << "\n";
  }
}

void PrintUpdates(const refund::policytest::TestRun& run) {
  for (const auto& r : run.results) {
    if (r.updated > 0) std::cout << fmt::format("updated {}:{}: {} ({} field{})\n", r.file, r.line, r.name, r.updated, r.updated == 1 ? "" : "s");
    for (const std::string& field : r.not_updated)
      std::cout << fmt::format("not updated {}:{}: {}: `{}` cannot be rewritten in place\n", r.file, r.line, r.name, field);
    for (const auto& [field, cases] : r.shared_not_updated)
      std::cout << fmt::format("not updated {}:{}: {}: `{}` is a YAML anchor or alias shared by the cases `{}`; rewrite it by hand\n",
                               r.file, r.line, r.name, field, fmt::join(cases, "`, `"));
  }
}

void PrintBranches(const char* what, const std::vector<refund::eval::Branch>& branches) {
  for (const auto& b : branches) std::cout << fmt::format("  {}: {}  {}:{}\n", what, b.label, b.where.file, b.where.line);
}

// `coverage rules/cloud-cn: 57 of 58 branches reached`, then one line per branch not reached.
void PrintCoverage(const std::string& policy, const refund::policytest::CoverageReport& c) {
  std::string declared = c.declared.empty() ? "" : fmt::format(", {} declared unreachable", c.declared.size());
  std::cout << fmt::format("coverage {}: {} of {} branches reached{}\n", policy, c.reached, c.branches, declared);
  PrintBranches("not reached", c.unreached);
  PrintBranches("declared unreachable but reached", c.stale);
  PrintBranches("declared unreachable", c.declared);
}

// Whether `dir` has test files of its own (dir/tests/*.yaml).
bool HasTests(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(dir) / "tests", ec))
    if (entry.path().extension() == ".yaml") return true;
  return false;
}

int RunTests(const TestCommandOptions& options) {
  int passed = 0, failed = 0, errors = 0, gaps = 0, cases = 0;
  bool broken = false, unusable = false;
  const bool coverage = options.coverage || options.require_full_coverage;
  // One policy's cases (in dir/tests), reported under `dir`.
  const auto run_cases = [&](const refund::CompiledPolicy& policy, const std::string& dir) {
    refund::policytest::TestRun run = refund::policytest::RunPolicyTests(policy, dir, {options.filter, options.update});
    for (const auto& d : run.diagnostics) std::cout << refund::RenderDiagnostic(d);
    broken = broken || refund::HasErrors(run.diagnostics);
    errors += run.errors;
    cases += run.cases;
    PrintFailures(run);
    if (options.update) PrintUpdates(run);
    if (coverage) PrintCoverage(dir, run.coverage);
    gaps += static_cast<int>(run.coverage.unreached.size() + run.coverage.stale.size());
    passed += run.passed;
    failed += run.failed;
  };
  for (const std::string& path : options.policies) {
    refund::CompileResult compiled = refund::CompilePolicy(path);
    if (compiled.path_unusable()) {
      PrintUnusablePath(compiled);
      unusable = true;
      ++errors;
      continue;
    }
    if (!compiled.ok()) {
      for (const auto& d : compiled.diagnostics()) std::cout << refund::RenderDiagnostic(d);
      broken = true;
      ++errors;
      continue;
    }
    // An effective-dated policy: its own cases (each order decided by the version in force),
    // then each version's cases against that version alone, with that version's coverage.
    const auto& versions = compiled.value().versions();
    const int cases_before = cases;
    if (versions.empty() || HasTests(path)) run_cases(compiled.value(), path);
    for (const refund::PolicyVersion& version : versions)
      if (HasTests(version.policy->model().root)) run_cases(*version.policy, version.policy->model().root);
    if (cases == cases_before && !options.allow_empty) {
      std::cout << fmt::format("error: policy `{}` has no test cases: write them in {}/tests/*.yaml (or pass --allow-empty)\n",
                               path, path);
      broken = true;
      ++errors;
    }
  }
  const bool gap_fails = options.require_full_coverage && gaps > 0;
  if (gap_fails) std::cout << fmt::format("FAIL coverage: {} branch{} not reached (--require-full-coverage)\n", gaps, gaps == 1 ? "" : "es");
  std::cout << fmt::format("{} passed, {} failed, {} errors\n", passed, failed, errors);
  if (unusable) return 2;
  return failed > 0 || broken || gap_fails ? 1 : 0;
}

}  // namespace

void AddTestCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<TestCommandOptions>();
  CLI::App* command = app.add_subcommand("test", "run policies' own test cases (POLICY/tests/*.yaml)");
  command->add_option("POLICY", options->policies, "policy directories")->required();
  command->add_option("--filter", options->filter, "run only cases whose name contains this text");
  command->add_flag("--coverage", options->coverage, "list the rules, gates and branches no case reached");
  command->add_flag("--require-full-coverage", options->require_full_coverage,
                    "fail when some branch of a policy is not reached by its cases");
  command->add_flag("--update", options->update,
                    "rewrite the differing expected fields of failing cases in place (review the diff)");
  command->add_flag("--allow-empty", options->allow_empty, "let a policy without any test case pass");
  command->callback([options, &exit_code] { exit_code = RunTests(*options); });
}

}  // namespace refundctl
