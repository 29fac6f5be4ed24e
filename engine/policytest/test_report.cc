// JSON and JUnit renderings of a test run (see test_report.h).
#include "engine/policytest/test_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace refund::policytest {
namespace {

const char* StatusName(Status s) {
  return s == Status::kPassed ? "passed" : s == Status::kFailed ? "failed" : "error";
}

// Text as XML character data or attribute value: markup escaped, and the characters XML 1.0
// cannot hold (controls other than tab, newline, carriage return) replaced by `?`.
std::string Xml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else if (c == '\'') out += "&apos;";
    else if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') out += '?';
    else if (u == 0x7f) out += '?';
    else out += c;
  }
  return out;
}

std::string Lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

void AppendCase(std::string& out, const ReportEntry& e) {
  out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"", Xml(e.name), Xml(e.file), Xml(e.file), e.line);
  if (e.status == Status::kPassed) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  if (e.status == Status::kFailed)
    out += fmt::format("      <failure message=\"{} field{} differ\">{}</failure>\n", e.mismatches.size(),
                       e.mismatches.size() == 1 ? "" : "s", Xml(Lines(e.mismatches)));
  else
    out += fmt::format("      <error message=\"{}\">{}</error>\n", Xml(e.message), Xml(e.message));
  out += "    </testcase>\n";
}

}  // namespace

std::string ReportJson(const Report& report) {
  nlohmann::json cases = nlohmann::json::array();
  for (const ReportEntry& e : report.entries) {
    nlohmann::json c = {{"name", e.name}, {"file", e.file}, {"line", e.line}, {"status", StatusName(e.status)}};
    if (e.status == Status::kError) c["message"] = e.message;
    else c["mismatches"] = e.mismatches;
    cases.push_back(std::move(c));
  }
  nlohmann::json out = {{"passed", report.passed}, {"failed", report.failed}, {"errors", report.errors}, {"cases", cases}};
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string ReportJunit(const Report& report) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"refundctl test\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                     report.passed + report.failed + report.errors, report.failed, report.errors);
  for (size_t i = 0; i < report.entries.size();) {
    size_t end = i;
    int failures = 0, errors = 0;
    for (; end < report.entries.size() && report.entries[end].suite == report.entries[i].suite; ++end) {
      failures += report.entries[end].status == Status::kFailed;
      errors += report.entries[end].status == Status::kError;
    }
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n", Xml(report.entries[i].suite),
                       end - i, failures, errors);
    for (; i < end; ++i) AppendCase(out, report.entries[i]);
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace refund::policytest
