// Policy test cases: YAML files in `<policy>/tests/` that give an order (inline, or a named base
// order with JSON Pointer overrides) and the expected decision fields. Run by `refundctl test`.
//
//   refund::policytest::TestRun run = refund::policytest::RunPolicyTests(compiled, "rules/cloud-cn", {});
//   for (auto& r : run.results) if (!r.passed) print(r.file, r.line, r.name, r.mismatches);
#pragma once

#include <string>
#include <vector>

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
};

struct TestOptions {
  std::string filter;  // run only cases whose name contains this text (empty: all)
};

struct TestRun {
  std::vector<CaseResult> results;
  std::vector<Diagnostic> diagnostics;  // broken test files: reported like policy problems
  std::vector<std::string> rules_reached;  // every rule id some case's decision named
  int passed = 0;
  int failed = 0;
};

// Runs every `*.yaml` under `<policy_dir>/tests/`, in file-name order.
TestRun RunPolicyTests(const CompiledPolicy& policy, const std::string& policy_dir, const TestOptions& options);

}  // namespace refund::policytest
