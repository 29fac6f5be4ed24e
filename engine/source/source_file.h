// One source file held in memory: its name as the user wrote it, its text, and the mapping from
// byte offsets to 1-based line/column (columns count characters, not bytes).
//
//   source::SourceFile file("rules/my-policy/policy.yaml", text);
//   source::Location at = file.LocationOf(123);          // {14, 11}
//   Diagnostic d = source::ErrorAt(file, at, 14, "R302", "unknown field `order.payed_at`");
#pragma once

#include <compare>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "refund/diagnostics.h"

namespace refund::source {

// A place in a file: 1-based line, 1-based column in characters (UTF-8 code points).
struct Location {
  int line = 0;
  int column = 0;
  friend auto operator<=>(const Location&, const Location&) = default;
};

class SourceFile {
 public:
  // `path` is shown in diagnostics as is (e.g. "rules/my-policy/policy.yaml").
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  int LineCount() const { return static_cast<int>(line_starts_.size()); }

  // Line `line` (1-based) without its "\n" or "\r\n"; empty when out of range. A UTF-8 byte
  // order mark is not part of line 1.
  std::string_view LineText(int line) const;
  // Byte offset where line `line` starts; text().size() past the last line.
  size_t LineStart(int line) const;
  // Line and column of the character holding `byte_offset`; offsets past the end map to just
  // after the last character.
  Location LocationOf(size_t byte_offset) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;  // line_starts_[0] is 0, or 3 after a byte order mark
  // Inside lines longer than kCheckpointBytes, every kCheckpointBytes or so: a character boundary
  // and the characters from its line's start to it, ascending by byte. LocationOf counts from the
  // nearest one, so a column costs at most a few KiB of decoding however long the line (a
  // one-line policy of 100,000 nodes made locating each of them quadratic).
  struct Checkpoint {
    size_t byte;
    int chars;
  };
  static constexpr size_t kCheckpointBytes = 4096;
  std::vector<Checkpoint> checkpoints_;
};

// A diagnostic at `at` in `file` underlining `length` characters, with the line captured so the
// diagnostic renders without the file.
Diagnostic DiagnosticAt(const SourceFile& file, Location at, int length, Severity severity,
                        std::string code, std::string message);
Diagnostic ErrorAt(const SourceFile& file, Location at, int length, std::string code,
                   std::string message);
Diagnostic WarningAt(const SourceFile& file, Location at, int length, std::string code,
                     std::string message);

}  // namespace refund::source
