// Policy test cases: YAML files in `<policy>/tests/` that give an order (inline, or a named base
// order with JSON Pointer overrides) and the expected decision fields. Run by `refundctl test`.
// Every run also records which branches of the policy the cases reached (coverage), and can
// rewrite the expectations of failing cases from the engine's answers (`update`).
//
//   refund::policytest::TestRun run = refund::policytest::RunPolicyTests(compiled, "rules/cloud-cn", {});
//   for (auto& r : run.results) if (!r.passed) print(r.file, r.line, r.name, r.mismatches);
//   for (auto& b : run.coverage.unreached) print(b.label, b.where.file, b.where.line);
#pragma once

#include <string>
#include <vector>

#include "engine/policytest/coverage_report.h"
#include "refund/diagnostics.h"
#include "refund/policy.h"

namespace refund::policytest {

struct CaseResult {
  std::string name;
  std::string file;
  int line = 0;
  bool passed = false;
  std::vector<std::string> mismatches;  // "outcome: expected full_refund, got partial_refund"
  std::string actual_json;              // the decision or error record the engine produced
  int updated = 0;                       // expected fields rewritten by `update`
  std::vector<std::string> not_updated;  // fields `update` could not rewrite ("items.i-9")
  // Per field `update` refused because its value is a YAML anchor/alias shared with other
  // cases: "outcome" -> {"case a", "case b"} (every case that shares it, this one included).
  std::vector<std::pair<std::string, std::vector<std::string>>> shared_not_updated;
};

struct TestOptions {
  std::string filter;  // run only cases whose name contains this text (empty: all)
  // Rewrite, in the test file, each expected field of a failing case that differs from the
  // engine's answer; the rest of the file is kept byte for byte.
  bool update = false;
  // The cases run against another policy than the one they were written for (`refundctl test
  // --policy CANDIDATE`): their `unreachable` declarations name the other policy's branches and
  // are not read.
  bool other_policy = false;
};

struct TestRun {
  std::vector<CaseResult> results;
  std::vector<Diagnostic> diagnostics;  // broken test files: reported like policy problems
  std::vector<std::string> rules_reached;  // every rule id some case's decision named
  int passed = 0;
  int failed = 0;
  int cases = 0;   // cases written in the test files, whatever --filter selects
  int errors = 0;  // error diagnostics (broken test files and cases, unusable orders_file)
  CoverageReport coverage;                 // branches the cases reached (all cases run)
  std::vector<std::string> files_updated;  // test files `update` rewrote
};

// Runs every `*.yaml` under `<policy_dir>/tests/`, in file-name order.
TestRun RunPolicyTests(const CompiledPolicy& policy, const std::string& policy_dir, const TestOptions& options);

}  // namespace refund::policytest
