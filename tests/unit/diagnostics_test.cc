// Tests for include/refund/diagnostics.h: compiler-style rendering, JSON, order, severity.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "refund/diagnostics.h"

namespace refund {
namespace {

Diagnostic At(int line, int column, int length, std::string source_line) {
  Diagnostic d;
  d.code = "R302";
  d.file = "rules/cloud-cn/policy.yaml";
  d.line = line;
  d.column = column;
  d.length = length;
  d.message = "unknown field `order.payed_at`";
  d.source_line = std::move(source_line);
  return d;
}

TEST_CASE("a diagnostic renders as header, source line, caret and help") {
  Diagnostic d = At(14, 11, 14, "    when: order.payed_at < request.at");
  d.help = "did you mean `order.paid_at`?";
  CHECK(RenderDiagnostic(d) ==
        "rules/cloud-cn/policy.yaml:14:11: error[R302]: unknown field `order.payed_at`\n"
        "   14 |     when: order.payed_at < request.at\n"
        "      |           ^~~~~~~~~~~~~~\n"
        "help: did you mean `order.paid_at`?\n");
}

TEST_CASE("the caret row lines up with the source for every kind of line") {
  struct Row {
    const char* name;
    int line, column, length;
    std::string source, expected;
  };
  const Row rows[] = {
      {"a one-digit line has a narrow gutter", 7, 1, 1, "x: 1",
       "   7 | x: 1\n     | ^\n"},
      {"a three-digit line has a wide gutter", 114, 4, 1, "x: 1",
       "   114 | x: 1\n       |    ^\n"},
      {"tabs expand to four-column stops in line and caret", 3, 3, 3, "\t\tabc",
       "   3 |         abc\n     |         ^~~\n"},
      {"a tab inside the underline widens it", 3, 1, 3, "a\tb",
       "   3 | a   b\n     | ^~~~~\n"},
      {"wide characters take two columns", 2, 5, 2, "\xe9\x80\x80\xe6\xac\xbe: ab",
       "   2 | \xe9\x80\x80\xe6\xac\xbe: ab\n     |       ^~\n"},
      {"an accented letter takes one column", 2, 3, 1, "\xc3\xa9: x",
       "   2 | \xc3\xa9: x\n     |   ^\n"},
      {"a caret past the end points where the next character would be", 1, 6, 1, "a: 1",
       "   1 | a: 1\n     |      ^\n"},
      {"an underline longer than the line stops at its end", 1, 4, 50, "a: 123",
       "   1 | a: 123\n     |    ^~~\n"},
      {"an empty line still shows the caret", 5, 1, 1, "", "   5 |\n     | ^\n"},
      {"an invalid byte shows as a replacement character", 1, 3, 1, "a\xff" "b",
       "   1 | a\xef\xbf\xbd" "b\n     |   ^\n"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    Diagnostic d = At(row.line, row.column, row.length, row.source);
    const std::string header = "rules/cloud-cn/policy.yaml:" + std::to_string(row.line) + ":" +
                               std::to_string(row.column) +
                               ": error[R302]: unknown field `order.payed_at`\n";
    CHECK(RenderDiagnostic(d) == header + row.expected);
  }
}

TEST_CASE("a diagnostic without a line renders only its header and help") {
  Diagnostic d;
  d.code = "S011";
  d.file = "rules/nope";
  d.message = "policy `rules/nope` not found";
  CHECK(RenderDiagnostic(d) == "rules/nope: error[S011]: policy `rules/nope` not found\n");
  d.help = "did you mean `rules/hope`?";
  d.severity = Severity::kWarning;
  CHECK(RenderDiagnostic(d) ==
        "rules/nope: warning[S011]: policy `rules/nope` not found\n"
        "help: did you mean `rules/hope`?\n");
}

TEST_CASE("a warning says warning") {
  Diagnostic d = At(1, 1, 1, "x");
  d.severity = Severity::kWarning;
  CHECK(RenderDiagnostic(d).starts_with("rules/cloud-cn/policy.yaml:1:1: warning[R302]: "));
}

TEST_CASE("json output escapes what json must escape") {
  Diagnostic d = At(3, 5, 1, "ignored");
  d.message = "bad \"quote\" and \\ and \n and \t and \x01 and \xe9\x80\x80";
  CHECK(DiagnosticToJson(d) ==
        R"({"code":"R302","severity":"error","file":"rules/cloud-cn/policy.yaml","line":3,)"
        R"("column":5,"message":"bad \"quote\" and \\ and \n and \t and \u0001 and )"
        "\xe9\x80\x80"
        R"(","help":null})");
  d.help = "did you mean `x`?";
  d.severity = Severity::kWarning;
  d.message = "short";
  CHECK(DiagnosticToJson(d) ==
        R"({"code":"R302","severity":"warning","file":"rules/cloud-cn/policy.yaml","line":3,)"
        R"("column":5,"message":"short","help":"did you mean `x`?"})");
}

TEST_CASE("json output replaces bytes that are not utf-8 instead of failing") {
  Diagnostic d = At(1, 1, 1, "");
  d.message = "byte `\xff`";
  CHECK(DiagnosticToJson(d).find("\"message\":\"byte `\xef\xbf\xbd`\"") != std::string::npos);
}

TEST_CASE("diagnostics sort by file, line, column, code and message, keeping ties in order") {
  auto make = [](std::string file, int line, int column, std::string code, std::string message,
                 std::string help) {
    Diagnostic d;
    d.file = std::move(file);
    d.line = line;
    d.column = column;
    d.code = std::move(code);
    d.message = std::move(message);
    d.help = std::move(help);
    return d;
  };
  std::vector<Diagnostic> diagnostics = {
      make("b.yaml", 1, 1, "S001", "m", "1"), make("a.yaml", 2, 1, "S001", "m", "2"),
      make("a.yaml", 1, 9, "S001", "m", "3"), make("a.yaml", 1, 2, "S002", "m", "4"),
      make("a.yaml", 1, 2, "S001", "z", "5"), make("a.yaml", 1, 2, "S001", "a", "6"),
      make("a.yaml", 1, 2, "S001", "a", "7"), make("a.yaml", 0, 0, "S011", "m", "8"),
  };
  SortDiagnostics(diagnostics);
  std::string order;
  for (const Diagnostic& d : diagnostics) order += *d.help;
  CHECK(order == "86754321");
}

TEST_CASE("only errors count as errors") {
  Diagnostic warning = At(1, 1, 1, "");
  warning.severity = Severity::kWarning;
  Diagnostic error = At(1, 1, 1, "");
  CHECK_FALSE(HasErrors({}));
  CHECK_FALSE(HasErrors({warning, warning}));
  CHECK(HasErrors({warning, error}));
}

}  // namespace
}  // namespace refund
