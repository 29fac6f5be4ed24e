// `refundctl test [--filter TEXT] POLICY...`: run each policy's own test cases; print every
// failure (name, file:line, expected vs actual field by field), then `N passed, N failed`.
// Exit 1 on any failure, a broken test file, or a policy that does not compile.
#include <fmt/format.h>

#include <iostream>

#include "engine/policytest/policy_test.h"
#include "tools/refundctl/commands.h"

namespace refundctl {
namespace {

struct TestCommandOptions {
  std::vector<std::string> policies;
  std::string filter;
};

int RunTests(const TestCommandOptions& options) {
  int passed = 0, failed = 0;
  bool broken = false;
  for (const std::string& path : options.policies) {
    refund::CompileResult compiled = refund::CompilePolicy(path);
    if (!compiled.ok()) {
      for (const auto& d : compiled.diagnostics()) std::cout << refund::RenderDiagnostic(d);
      broken = true;
      continue;
    }
    refund::policytest::TestRun run = refund::policytest::RunPolicyTests(compiled.value(), path, {options.filter});
    for (const auto& d : run.diagnostics) std::cout << refund::RenderDiagnostic(d);
    broken = broken || refund::HasErrors(run.diagnostics);
    for (const auto& r : run.results) {
      if (r.passed) continue;
      std::cout << fmt::format("FAIL {}:{}: {}\n", r.file, r.line, r.name);
      for (const std::string& m : r.mismatches) std::cout << "     " << m << "\n";
    }
    passed += run.passed;
    failed += run.failed;
  }
  std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
  return failed > 0 || broken ? 1 : 0;
}

}  // namespace

void AddTestCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<TestCommandOptions>();
  CLI::App* command = app.add_subcommand("test", "run policies' own test cases (POLICY/tests/*.yaml)");
  command->add_option("POLICY", options->policies, "policy directories")->required();
  command->add_option("--filter", options->filter, "run only cases whose name contains this text");
  command->callback([options, &exit_code] { exit_code = RunTests(*options); });
}

}  // namespace refundctl
