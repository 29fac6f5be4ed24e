// Line tables for SourceFile and the diagnostics made against it.
#include "engine/source/source_file.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "engine/source/utf8.h"

namespace refund::source {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

}  // namespace

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(text_.starts_with(kByteOrderMark) ? kByteOrderMark.size() : 0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
  for (size_t line = 0; line < line_starts_.size(); ++line) {
    const size_t end = line + 1 < line_starts_.size() ? line_starts_[line + 1] : text_.size();
    if (end - line_starts_[line] <= kCheckpointBytes) continue;
    int chars = 0;
    size_t next = line_starts_[line] + kCheckpointBytes;
    const std::string_view text = std::string_view(text_).substr(0, end);
    for (size_t i = line_starts_[line]; i < end; i += DecodeUtf8(text, i).size, ++chars) {
      if (i < next) continue;
      checkpoints_.push_back({i, chars});
      next = i + kCheckpointBytes;
    }
  }
}

size_t SourceFile::LineStart(int line) const {
  if (line < 1 || line > LineCount()) return text_.size();
  return line_starts_[line - 1];
}

std::string_view SourceFile::LineText(int line) const {
  if (line < 1 || line > LineCount()) return {};
  const size_t begin = line_starts_[line - 1];
  size_t end = line < LineCount() ? line_starts_[line] - 1 : text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

Location SourceFile::LocationOf(size_t byte_offset) const {
  byte_offset = std::min(byte_offset, text_.size());
  const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
  if (after == line_starts_.begin()) return {1, 1};  // inside the byte order mark
  const int line = static_cast<int>(after - line_starts_.begin());
  size_t begin = line_starts_[line - 1];
  int chars = 0;
  auto checkpoint = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), byte_offset,
                                     [](size_t offset, const Checkpoint& c) { return offset < c.byte; });
  if (checkpoint != checkpoints_.begin() && std::prev(checkpoint)->byte >= begin) {
    begin = std::prev(checkpoint)->byte;
    chars = std::prev(checkpoint)->chars;
  }
  const std::string_view before = std::string_view(text_).substr(begin, byte_offset - begin);
  return {line, chars + CountChars(before) + 1};
}

Diagnostic DiagnosticAt(const SourceFile& file, Location at, int length, Severity severity,
                        std::string code, std::string message) {
  Diagnostic diagnostic;
  diagnostic.code = std::move(code);
  diagnostic.severity = severity;
  diagnostic.file = file.path();
  diagnostic.line = at.line;
  diagnostic.column = at.column;
  diagnostic.length = std::max(length, 1);
  diagnostic.message = std::move(message);
  diagnostic.source_line = std::string(file.LineText(at.line));
  return diagnostic;
}

Diagnostic ErrorAt(const SourceFile& file, Location at, int length, std::string code,
                   std::string message) {
  return DiagnosticAt(file, at, length, Severity::kError, std::move(code), std::move(message));
}

Diagnostic WarningAt(const SourceFile& file, Location at, int length, std::string code,
                     std::string message) {
  return DiagnosticAt(file, at, length, Severity::kWarning, std::move(code), std::move(message));
}

}  // namespace refund::source
