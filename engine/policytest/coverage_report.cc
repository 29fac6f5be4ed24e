// Coverage of a policy by its test cases, less declared-unreachable branches (see coverage_report.h).
#include "engine/policytest/coverage_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/source/did_you_mean.h"

namespace refund::policytest {
namespace {

bool IsDeclared(const eval::Branch& branch, const std::vector<UnreachableDeclaration>& declarations) {
  return std::any_of(declarations.begin(), declarations.end(),
                     [&](const UnreachableDeclaration& d) { return d.branch == branch.label; });
}

}  // namespace

std::vector<UnreachableDeclaration> ReadUnreachable(const syntax::Node& list, const model::Policy& policy,
                                                    std::vector<Diagnostic>& diagnostics) {
  std::vector<UnreachableDeclaration> out;
  if (!list.IsSequence()) {
    diagnostics.push_back(syntax::ErrorAt(list, "T002", "`unreachable` is a list of `{branch, why}`"));
    return out;
  }
  std::vector<std::string> labels;
  for (const eval::Branch& b : eval::ListBranches(policy)) labels.push_back(b.label);
  for (const syntax::Node& entry : list.items()) {
    const syntax::Node* branch = entry.Find("branch");
    const syntax::Node* why = entry.Find("why");
    if (!branch || !why || why->text().empty()) {
      diagnostics.push_back(syntax::ErrorAt(entry, "T002", "an unreachable branch needs `branch` and `why`"));
      continue;
    }
    if (std::find(labels.begin(), labels.end(), branch->text()) == labels.end()) {
      Diagnostic d = syntax::ErrorAt(*branch, "T002", fmt::format("no branch `{}` in the policy", branch->text()));
      if (auto near = source::DidYouMean(branch->text(), labels)) d.help = fmt::format("did you mean `{}`?", *near);
      diagnostics.push_back(std::move(d));
      continue;
    }
    out.push_back({branch->text(), why->text()});
  }
  return out;
}

CoverageReport ReportCoverage(const model::Policy& policy, const eval::CoverageSink& sink,
                              const std::vector<UnreachableDeclaration>& declarations) {
  CoverageReport report;
  for (eval::Branch& b : eval::ListBranches(policy)) {
    ++report.branches;
    const bool reached = sink.Reached(b.node), declared = IsDeclared(b, declarations);
    if (reached) ++report.reached;
    if (reached && declared) report.stale.push_back(std::move(b));
    else if (declared) report.declared.push_back(std::move(b));
    else if (!reached) report.unreached.push_back(std::move(b));
  }
  return report;
}

}  // namespace refund::policytest
