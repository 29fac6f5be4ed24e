// Diagnostics as text (compiler style, caret under the offending characters) and as JSON.
#include "refund/diagnostics.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>
#include <tuple>
#include <vector>

#include "engine/source/utf8.h"

namespace refund {
namespace {

constexpr int kTabWidth = 4;  // a tab advances to the next multiple of 4 columns

const char* SeverityName(Severity severity) {
  return severity == Severity::kWarning ? "warning" : "error";
}

// A source line as printed: tabs expanded, invalid bytes as U+FFFD, and for every character the
// terminal column where it starts (plus one entry for the end of the line).
struct ExpandedLine {
  std::string text;
  std::vector<int> starts;
};

ExpandedLine ExpandLine(std::string_view line) {
  ExpandedLine expanded;
  int width = 0;
  for (size_t i = 0; i < line.size();) {
    const source::DecodedChar decoded = source::DecodeUtf8(line, i);
    expanded.starts.push_back(width);
    if (line[i] == '\t') {
      const int spaces = kTabWidth - width % kTabWidth;
      expanded.text.append(spaces, ' ');
      width += spaces;
    } else {
      expanded.text += decoded.valid ? line.substr(i, decoded.size) : "\xEF\xBF\xBD";
      width += source::DisplayWidth(decoded.code_point);
    }
    i += decoded.size;
  }
  expanded.starts.push_back(width);
  return expanded;
}

// "   14 |     when: ..." and "      |           ^~~~" for the diagnostic's line and column.
std::string RenderSnippet(const Diagnostic& diagnostic) {
  const ExpandedLine line = ExpandLine(diagnostic.source_line);
  const int chars = static_cast<int>(line.starts.size()) - 1;
  const int first = std::max(diagnostic.column, 1) - 1;  // 0-based character index
  int start = 0;
  int width = 1;
  if (first >= chars) {
    start = line.starts[chars] + (first - chars);  // past the end: point where it would be
  } else {
    const int last = std::min(first + std::max(diagnostic.length, 1), chars);
    start = line.starts[first];
    width = std::max(line.starts[last] - start, 1);
  }
  const std::string number = std::to_string(diagnostic.line);
  const std::string gutter = "   " + std::string(number.size(), ' ') + " |";
  std::string out = "   " + number + " |";
  if (!line.text.empty()) out += " " + line.text;
  out += "\n" + gutter + " " + std::string(start, ' ') + "^" + std::string(width - 1, '~');
  return out + "\n";
}

}  // namespace

std::string RenderDiagnostic(const Diagnostic& diagnostic) {
  std::string out;
  if (!diagnostic.file.empty()) {
    out += diagnostic.file;
    if (diagnostic.line > 0) {
      // Appended piece by piece: `"literal" + std::string` trips GCC 12's -Wrestrict (PR105329).
      out.append(":").append(std::to_string(diagnostic.line));
      out.append(":").append(std::to_string(diagnostic.column));
    }
    out += ": ";
  }
  out += std::string(SeverityName(diagnostic.severity)) + "[" + diagnostic.code + "]: " +
         diagnostic.message + "\n";
  if (diagnostic.line > 0) out += RenderSnippet(diagnostic);
  if (diagnostic.help) out += "help: " + *diagnostic.help + "\n";
  return out;
}

std::string DiagnosticToJson(const Diagnostic& diagnostic) {
  nlohmann::ordered_json json = {
      {"code", diagnostic.code},
      {"severity", SeverityName(diagnostic.severity)},
      {"file", diagnostic.file},
      {"line", diagnostic.line},
      {"column", diagnostic.column},
      {"message", diagnostic.message},
      {"help", nullptr},
  };
  if (diagnostic.help) json["help"] = *diagnostic.help;
  // Replace rather than throw on bytes that are not UTF-8 (a message quoting a bad file).
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void SortDiagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.file, a.line, a.column, a.code, a.message) <
                            std::tie(b.file, b.line, b.column, b.code, b.message);
                   });
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& diagnostic) {
    return diagnostic.severity == Severity::kError;
  });
}

}  // namespace refund
