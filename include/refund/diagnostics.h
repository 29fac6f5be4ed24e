// Diagnostics: what the policy front end says about a policy, rendered the way compilers do.
//
//   rules/my-policy/policy.yaml:14:11: error[R302]: unknown field `order.payed_at`
//      14 |     when: order.payed_at < request.at
//         |           ^~~~~~~~~~~~~~
//   help: did you mean `order.paid_at`?
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace refund {

enum class Severity { kError, kWarning };

struct Diagnostic {
  std::string code;      // stable, e.g. "P101"
  Severity severity = Severity::kError;
  std::string file;      // as the user named it: "rules/my-policy/policy.yaml"
  int line = 0;          // 1-based; 0 when the problem is not in a file (a missing directory)
  int column = 0;        // 1-based
  int length = 1;        // characters the caret underlines
  std::string message;   // lowercase, no final period, offending value in backticks
  std::optional<std::string> help;
  std::string source_line;  // the text of `line`, captured when the diagnostic is made
};

// One diagnostic as text: header line, source line with caret, help (each line ends in '\n').
std::string RenderDiagnostic(const Diagnostic& diagnostic);
// As one JSON object: {"code","severity","file","line","column","message","help"}.
std::string DiagnosticToJson(const Diagnostic& diagnostic);
// Stable order: file, line, column, code.
void SortDiagnostics(std::vector<Diagnostic>& diagnostics);
bool HasErrors(const std::vector<Diagnostic>& diagnostics);

}  // namespace refund
