// Which branches of a policy its test cases reached, for `refundctl test --coverage` and
// `--require-full-coverage`. A test file may declare branches no valid order can reach, each
// with the reason, so that full coverage stays attainable and the exception stays reviewable:
//
//   unreachable:
//     - branch: unavailable hourly
//       why: J7 runs only on subscription lines, which always have a term (orders.md)
#pragma once

#include <string>
#include <vector>

#include "engine/eval/coverage.h"
#include "engine/syntax/node.h"
#include "refund/diagnostics.h"

namespace refund::policytest {

struct UnreachableDeclaration {
  std::string branch;  // a Branch label: `unavailable hourly`
  std::string why;
};

struct CoverageReport {
  int branches = 0;                       // every branch of the policy
  int reached = 0;
  std::vector<eval::Branch> unreached;    // reached by no case and not declared: the gaps
  std::vector<eval::Branch> declared;     // declared unreachable and indeed not reached
  std::vector<eval::Branch> stale;        // declared unreachable, yet a case reached them
  bool full() const { return unreached.empty() && stale.empty(); }
};

// A test file's `unreachable:` list. Entries naming no branch of `policy`, or without `why`,
// become diagnostics (T002) and are left out.
std::vector<UnreachableDeclaration> ReadUnreachable(const syntax::Node& list, const model::Policy& policy,
                                                    std::vector<Diagnostic>& diagnostics);

CoverageReport ReportCoverage(const model::Policy& policy, const eval::CoverageSink& sink,
                              const std::vector<UnreachableDeclaration>& declarations);

}  // namespace refund::policytest
