// `refundctl test [--filter TEXT] [--coverage] [--require-full-coverage] [--update] [--allow-empty]
// [--format text|json|junit] [--policy CANDIDATE] POLICY...`: run each policy's own test cases;
// print every failure (name, file:line, expected vs actual field by field), the coverage of each
// policy when asked, then `N passed, N failed, N errors` last. An effective-dated policy runs its
// own cases and each version's (VERSION_DIR/tests) on that version. With --policy, POLICY's cases
// run against CANDIDATE instead: each failure is an expectation the candidate breaks. With
// --format json|junit the document is stdout and the text report goes to stderr.
// Exit 1 on any failure or error (a broken or unusable test file or case, a policy that does not
// compile or has no cases), or (with --require-full-coverage) a branch no case reached; 2 when a
// POLICY names nothing to load.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <optional>

#include "engine/policytest/policy_test.h"
#include "engine/policytest/test_report.h"
#include "tools/refundctl/commands.h"
#include "tools/refundctl/policy_input.h"

namespace refundctl {
namespace {

namespace pt = refund::policytest;

struct TestCommandOptions {
  std::vector<std::string> policies;
  std::string filter;
  bool coverage = false;
  bool require_full_coverage = false;
  bool update = false;
  bool allow_empty = false;
  std::string format = "text";
  std::string candidate;  // --policy: run the cases against this policy instead
};

void PrintFailures(std::ostream& out, const pt::TestRun& run) {
  for (const auto& r : run.results) {
    if (r.passed) continue;
    out << fmt::format("FAIL {}:{}: {}\n", r.file, r.line, r.name);
    for (const std::string& m : r.mismatches) out << "     " << m << "\n";
  }
}

void PrintUpdates(std::ostream& out, const pt::TestRun& run) {
  for (const auto& r : run.results) {
    if (r.updated > 0) out << fmt::format("updated {}:{}: {} ({} field{})\n", r.file, r.line, r.name, r.updated, r.updated == 1 ? "" : "s");
    for (const std::string& field : r.not_updated)
      out << fmt::format("not updated {}:{}: {}: `{}` cannot be rewritten in place\n", r.file, r.line, r.name, field);
    for (const auto& [field, cases] : r.shared_not_updated)
      out << fmt::format("not updated {}:{}: {}: `{}` is a YAML anchor or alias shared by the cases `{}`; rewrite it by hand\n",
                         r.file, r.line, r.name, field, fmt::join(cases, "`, `"));
  }
}

void PrintBranches(std::ostream& out, const char* what, const std::vector<refund::eval::Branch>& branches) {
  for (const auto& b : branches) out << fmt::format("  {}: {}  {}:{}\n", what, b.label, b.where.file, b.where.line);
}

// `coverage rules/cloud-cn: 57 of 58 branches reached`, then one line per branch not reached.
void PrintCoverage(std::ostream& out, const std::string& policy, const pt::CoverageReport& c) {
  std::string declared = c.declared.empty() ? "" : fmt::format(", {} declared unreachable", c.declared.size());
  out << fmt::format("coverage {}: {} of {} branches reached{}\n", policy, c.reached, c.branches, declared);
  PrintBranches(out, "not reached", c.unreached);
  PrintBranches(out, "declared unreachable but reached", c.stale);
  PrintBranches(out, "declared unreachable", c.declared);
}

// Whether `dir` has test files of its own (dir/tests/*.yaml).
bool HasTests(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(dir) / "tests", ec))
    if (entry.path().extension() == ".yaml") return true;
  return false;
}

// The state of one `refundctl test` run across its policies.
struct Runner {
  const TestCommandOptions& options;
  std::ostream& out;  // the text report: stdout, or stderr under --format json|junit
  pt::Report report;
  int gaps = 0, cases = 0;
  bool unusable = false;

  void Error(const std::string& suite, const std::string& file, int line, std::string name, std::string message) {
    report.entries.push_back({suite, std::move(name), file, line, pt::Status::kError, {}, std::move(message)});
    ++report.errors;
  }

  // One policy's cases (in dir/tests), reported under `dir`.
  void RunCases(const refund::CompiledPolicy& policy, const std::string& dir) {
    pt::TestRun run = pt::RunPolicyTests(policy, dir, {options.filter, options.update, !options.candidate.empty()});
    for (const auto& d : run.diagnostics) {
      out << refund::RenderDiagnostic(d);
      if (d.severity == refund::Severity::kError)
        Error(dir, d.file, d.line, fmt::format("{} {}:{}", d.code, d.file, d.line), d.message);
    }
    for (const auto& r : run.results)
      report.entries.push_back({dir, r.name, r.file, r.line, r.passed ? pt::Status::kPassed : pt::Status::kFailed, r.mismatches, ""});
    PrintFailures(out, run);
    if (options.update) PrintUpdates(out, run);
    if (options.coverage || options.require_full_coverage) PrintCoverage(out, dir, run.coverage);
    gaps += static_cast<int>(run.coverage.unreached.size() + run.coverage.stale.size());
    cases += run.cases;
    report.passed += run.passed;
    report.failed += run.failed;
  }

  // A compiled policy, or nullopt after reporting why not (as an error).
  std::optional<refund::CompileResult> Compile(const std::string& path) {
    refund::CompileResult compiled = refund::CompilePolicy(path);
    if (compiled.path_unusable()) {
      PrintUnusablePath(compiled);
      unusable = true;
      Error(path, path, 0, "policy " + path, "the policy path names nothing to load");
      return std::nullopt;
    }
    if (!compiled.ok()) {
      for (const auto& d : compiled.diagnostics()) out << refund::RenderDiagnostic(d);
      Error(path, path, 0, "policy " + path, "the policy does not compile");
      return std::nullopt;
    }
    return compiled;
  }

  void RunPolicy(const std::string& path, const refund::CompiledPolicy* candidate) {
    std::optional<refund::CompileResult> compiled = Compile(path);
    if (!compiled) return;
    const int cases_before = cases;
    const auto& versions = compiled->value().versions();
    if (candidate) {
      RunCases(*candidate, path);  // POLICY's own cases, decided by the candidate
    } else {
      // An effective-dated policy: its own cases (each order decided by the version in force),
      // then each version's cases against that version alone, with that version's coverage.
      if (versions.empty() || HasTests(path)) RunCases(compiled->value(), path);
      for (const refund::PolicyVersion& version : versions)
        if (HasTests(version.policy->model().root)) RunCases(*version.policy, version.policy->model().root);
    }
    if (cases == cases_before && !options.allow_empty) {
      const std::string message = fmt::format("policy `{}` has no test cases: write them in {}/tests/*.yaml (or pass --allow-empty)", path, path);
      out << "error: " << message << "\n";
      Error(path, path, 0, "policy " + path, message);
    }
  }
};

int RunTests(const TestCommandOptions& options) {
  const bool text = options.format == "text";
  Runner runner{options, text ? std::cout : std::cerr, {}};
  std::optional<refund::CompileResult> candidate;
  if (!options.candidate.empty()) candidate = runner.Compile(options.candidate);
  if (options.candidate.empty() || candidate)
    for (const std::string& path : options.policies) runner.RunPolicy(path, candidate ? &candidate->value() : nullptr);
  const pt::Report& report = runner.report;
  const bool gap_fails = options.require_full_coverage && runner.gaps > 0;
  if (gap_fails)
    runner.out << fmt::format("FAIL coverage: {} branch{} not reached (--require-full-coverage)\n", runner.gaps, runner.gaps == 1 ? "" : "es");
  if (candidate && report.failed > 0)
    runner.out << fmt::format("the candidate `{}` breaks {} case{} of {}\n", options.candidate, report.failed,
                              report.failed == 1 ? "" : "s", fmt::join(options.policies, ", "));
  runner.out << fmt::format("{} passed, {} failed, {} errors\n", report.passed, report.failed, report.errors);
  if (options.format == "json") std::cout << pt::ReportJson(report);
  if (options.format == "junit") std::cout << pt::ReportJunit(report);
  std::cout.flush();
  if (!std::cout) return 1;
  if (runner.unusable) return 2;
  return report.failed > 0 || report.errors > 0 || gap_fails ? 1 : 0;
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
  CLI::Option* update = command->add_flag("--update", options->update,
                    "rewrite the differing expected fields of failing cases in place (review the diff)");
  command->add_flag("--allow-empty", options->allow_empty, "let a policy without any test case pass");
  command->add_option("--format", options->format, "text (default), json or junit (the text report then goes to stderr)")
      ->check(CLI::IsMember({"text", "json", "junit"}));
  command->add_option("--policy", options->candidate,
                      "run POLICY's cases against this candidate policy: list the expectations the change breaks")
      ->excludes(update);
  command->callback([options, &exit_code] { exit_code = RunTests(*options); });
}

}  // namespace refundctl
