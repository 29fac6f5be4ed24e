// Maps offsets in a scalar's value back to the source by replaying how YAML built the value:
// walk value and source together, skipping what produced no value bytes (quotes, indentation,
// folded line breaks, escapes' extra characters).
#include "engine/syntax/scalar_map.h"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace refund::syntax {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool IsBlankOrBreak(char c) { return IsBlank(c) || c == '\n'; }

size_t Utf8Length(unsigned long code_point) {
  if (code_point < 0x80) return 1;
  if (code_point < 0x800) return 2;
  if (code_point < 0x10000) return 3;
  return 4;
}

// A cursor in the source, stepped along the value one value character (or escape) at a time.
class Aligner {
 public:
  Aligner(std::string_view source, ScalarStyle style) : source_(source), style_(style) {}

  size_t position() const { return std::min(s_, source_.size()); }
  void Start(size_t offset);
  // Consumes value bytes from `v` and returns how many (0 when it only moved in the source).
  size_t Step(std::string_view value, size_t v);
  // Skips what yields nothing before a non-blank value character: indentation, folded line
  // breaks, `\`-newline continuations of double-quoted scalars.
  void SkipToContent();

 private:
  char Peek(size_t ahead) const {
    return s_ + ahead < source_.size() ? source_[s_ + ahead] : '\0';
  }
  bool AtContinuation() const {
    return style_ == ScalarStyle::kDoubleQuoted && Peek(0) == '\\' &&
           (Peek(1) == '\n' || Peek(1) == '\r');
  }
  bool IsBlockStyle() const {
    return style_ == ScalarStyle::kLiteral || style_ == ScalarStyle::kFolded;
  }
  void SkipIndent();
  size_t ConsumeEscape(size_t value_left);

  std::string_view source_;
  ScalarStyle style_;
  size_t s_ = 0;
  size_t indent_ = 0;  // block scalars: spaces before each content line
};

// Block scalars: content starts on the line after the header (`|-  # comment`), indented by the
// first non-empty line's indentation.
void Aligner::Start(size_t offset) {
  s_ = offset;
  if (style_ == ScalarStyle::kSingleQuoted || style_ == ScalarStyle::kDoubleQuoted) ++s_;
  if (!IsBlockStyle()) return;
  const size_t header_end = source_.find('\n', offset);
  s_ = header_end == std::string_view::npos ? source_.size() : header_end + 1;
  for (size_t line = s_; line < source_.size();) {
    const size_t spaces = source_.find_first_not_of(' ', line);
    if (spaces == std::string_view::npos) break;
    if (source_[spaces] != '\n' && source_[spaces] != '\r') {
      indent_ = spaces - line;
      break;
    }
    line = source_.find('\n', spaces);
    if (line == std::string_view::npos) break;
    ++line;
  }
  SkipIndent();
}

void Aligner::SkipIndent() {
  if (!IsBlockStyle()) return;
  for (size_t i = 0; i < indent_ && Peek(0) == ' '; ++i) ++s_;
}

void Aligner::SkipToContent() {
  while (s_ < source_.size()) {
    if (AtContinuation()) {
      s_ += 2;
    } else if (IsBlankOrBreak(source_[s_])) {
      ++s_;
    } else {
      break;
    }
  }
}

// `\n`, `\x41`, `\u00e9`, `\U0001F600`: one escape, several source bytes, 1-4 value bytes.
size_t Aligner::ConsumeEscape(size_t value_left) {
  const char kind = Peek(1);
  const size_t digits = kind == 'x' ? 2 : kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
  size_t produced = 1;
  if (digits > 0) {
    const std::string hex(source_.substr(std::min(s_ + 2, source_.size()), digits));
    produced = Utf8Length(std::strtoul(hex.c_str(), nullptr, 16));
  } else if (kind == 'N' || kind == '_') {
    produced = 2;  // U+0085, U+00A0
  } else if (kind == 'L' || kind == 'P') {
    produced = 3;  // U+2028, U+2029
  }
  s_ += 2 + digits;
  return std::clamp<size_t>(produced, 1, value_left);
}

size_t Aligner::Step(std::string_view value, size_t v) {
  const char c = value[v];
  if (s_ >= source_.size()) return 1;
  const char here = source_[s_];
  if (AtContinuation()) {
    SkipToContent();
    return 0;
  }
  if (style_ == ScalarStyle::kDoubleQuoted && here == '\\') return ConsumeEscape(value.size() - v);
  if (style_ == ScalarStyle::kSingleQuoted && c == '\'' && here == '\'') {
    s_ += Peek(1) == '\'' ? 2 : 1;
    return 1;
  }
  if (here == c) {
    ++s_;
    if (c == '\n') SkipIndent();
    return 1;
  }
  if (IsBlankOrBreak(here) && !IsBlankOrBreak(c)) {
    SkipToContent();
    return 0;
  }
  // A folded line break (value space, source newline), or value whitespace with no source of
  // its own: the value byte maps here and the source stays put.
  if (IsBlankOrBreak(c)) return 1;
  ++s_;  // out of step (should not happen): keep both moving
  return 1;
}

}  // namespace

size_t SkipNodeProperties(std::string_view source, size_t mark_offset) {
  size_t s = std::min(mark_offset, source.size());
  while (s < source.size() && (source[s] == '&' || source[s] == '!')) {
    while (s < source.size() && !IsBlankOrBreak(source[s])) ++s;
    while (s < source.size() && (IsBlankOrBreak(source[s]) || source[s] == '#')) {
      if (source[s] == '#') s = std::min(source.find('\n', s), source.size());
      else ++s;
    }
  }
  return s;
}

ScalarStyle ScalarStyleAt(std::string_view source, size_t offset) {
  if (offset >= source.size()) return ScalarStyle::kPlain;
  switch (source[offset]) {
    case '\'': return ScalarStyle::kSingleQuoted;
    case '"': return ScalarStyle::kDoubleQuoted;
    case '|': return ScalarStyle::kLiteral;
    case '>': return ScalarStyle::kFolded;
    default: return ScalarStyle::kPlain;
  }
}

size_t SourceOffsetOf(std::string_view source, size_t offset, ScalarStyle style,
                      std::string_view value, size_t value_offset) {
  Aligner aligner(source, style);
  aligner.Start(offset);
  value_offset = std::min(value_offset, value.size());
  for (size_t v = 0; v < value_offset;) {
    const size_t before = aligner.position();
    v += aligner.Step(value, v);
    if (v > value_offset) return before;  // inside an escape: point at its backslash
  }
  if (value_offset < value.size() && !IsBlankOrBreak(value[value_offset])) {
    aligner.SkipToContent();
  }
  return aligner.position();
}

}  // namespace refund::syntax
