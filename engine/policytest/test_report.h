// `refundctl test --format json|junit`: every case's outcome, and every error (a broken test file
// or case, a policy that does not compile or has no cases), as one document a CI system reads.
//
//   Report report;
//   report.entries.push_back({"rules/cloud-cn", "a case", "rules/cloud-cn/tests/a.yaml", 12, Status::kFailed, {"outcome: ..."}, ""});
//   std::cout << ReportJson(report) << ReportJunit(report);
#pragma once

#include <string>
#include <vector>

namespace refund::policytest {

enum class Status { kPassed, kFailed, kError };

struct ReportEntry {
  std::string suite;  // the policy directory the case belongs to
  std::string name;   // the case's name; for an error, its code and where
  std::string file;
  int line = 0;
  Status status = Status::kPassed;
  std::vector<std::string> mismatches;  // kFailed: one line per differing field
  std::string message;                  // kError: what is wrong
};

struct Report {
  std::vector<ReportEntry> entries;
  int passed = 0;
  int failed = 0;
  int errors = 0;
};

// One JSON object: {"passed","failed","errors","cases":[{"name","file","line","status",
// "mismatches"} | {..., "status":"error","message"}]}, then a newline.
std::string ReportJson(const Report& report);
// JUnit XML: <testsuites> with one <testsuite> per policy, a <testcase> per case or error, with
// <failure>/<error> children; every text and attribute XML-escaped.
std::string ReportJunit(const Report& report);

}  // namespace refund::policytest
