// Node accessors, locations inside scalars, Dump() and the diagnostics that point at nodes.
#include "engine/syntax/node.h"

#include <algorithm>
#include <utility>

#include "engine/source/utf8.h"
#include "engine/syntax/scalar_map.h"

namespace refund::syntax {

Node::Node(NodeKind kind, const source::SourceFile& file, size_t offset)
    : kind_(kind), file_(&file), offset_(offset) {}

Node Node::Null(const source::SourceFile& file, size_t offset) {
  return Node(NodeKind::kNull, file, offset);
}

Node Node::Scalar(const source::SourceFile& file, size_t offset, std::string text,
                  ScalarStyle style) {
  Node node(NodeKind::kScalar, file, offset);
  node.text_ = std::move(text);
  node.style_ = style;
  return node;
}

Node Node::Sequence(const source::SourceFile& file, size_t offset, std::vector<Node> items) {
  Node node(NodeKind::kSequence, file, offset);
  node.items_ = std::move(items);
  return node;
}

Node Node::Map(const source::SourceFile& file, size_t offset, std::vector<MapEntry> entries) {
  Node node(NodeKind::kMap, file, offset);
  node.entries_ = std::move(entries);
  return node;
}

bool Node::IsQuoted() const {
  return IsScalar() &&
         (style_ == ScalarStyle::kSingleQuoted || style_ == ScalarStyle::kDoubleQuoted);
}

bool Node::IsBlock() const {
  return IsScalar() && (style_ == ScalarStyle::kLiteral || style_ == ScalarStyle::kFolded);
}

std::string_view Node::KindName() const {
  switch (kind_) {
    case NodeKind::kNull: return "null";
    case NodeKind::kScalar: return "scalar";
    case NodeKind::kSequence: return "sequence";
    case NodeKind::kMap: return "map";
  }
  return "null";
}

const Node* Node::Find(std::string_view key) const {
  for (const MapEntry& entry : entries_) {
    if (entry.key.IsScalar() && entry.key.text() == key) return &entry.value;
  }
  return nullptr;
}

Location Node::location() const { return file_->LocationOf(offset_); }

Location Node::LocationAt(size_t value_offset) const {
  if (!IsScalar()) return location();
  return file_->LocationOf(SourceOffsetOf(file_->text(), offset_, style_, text_, value_offset));
}

int Node::Width() const {
  if (!IsScalar() || IsBlock()) return 1;
  size_t end = SourceOffsetOf(file_->text(), offset_, style_, text_, text_.size());
  if (IsQuoted()) ++end;  // the closing quote
  const Location start = location();
  const Location stop = file_->LocationOf(end);
  if (stop.line != start.line) {
    return std::max(1, source::CountChars(file_->LineText(start.line)) - start.column + 1);
  }
  return std::max(1, stop.column - start.column);
}

size_t Node::EndOffset() const {
  if (!IsScalar()) return offset_;
  size_t end = SourceOffsetOf(file_->text(), offset_, style_, text_, text_.size());
  return IsQuoted() ? end + 1 : end;
}

namespace {

std::string EscapeNewlines(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string("\\n") : std::string(1, c);
  return out;
}

std::string DumpScalar(const Node& node) {
  const std::string text = EscapeNewlines(node.text());
  switch (node.style()) {
    case ScalarStyle::kPlain: return text;
    case ScalarStyle::kSingleQuoted: return "'" + text + "'";
    case ScalarStyle::kDoubleQuoted: return "\"" + text + "\"";
    case ScalarStyle::kLiteral: return "|\"" + text + "\"";
    case ScalarStyle::kFolded: return ">\"" + text + "\"";
  }
  return text;
}

// Underline width for bytes [begin, end) of a scalar's value, stopping at the end of the line.
int WidthIn(const Node& node, size_t begin, size_t end) {
  const Location start = node.LocationAt(begin);
  const Location stop = node.LocationAt(end);
  if (stop.line == start.line) return std::max(1, stop.column - start.column);
  const int line_chars = source::CountChars(node.file().LineText(start.line));
  return std::max(1, line_chars - start.column + 1);
}

}  // namespace

std::string Node::Dump() const {
  std::string out;
  switch (kind_) {
    case NodeKind::kNull: return "~";
    case NodeKind::kScalar: return DumpScalar(*this);
    case NodeKind::kSequence:
      for (const Node& item : items_) out += (out.empty() ? "" : ", ") + item.Dump();
      return "[" + out + "]";
    case NodeKind::kMap:
      for (const MapEntry& entry : entries_) {
        out += (out.empty() ? "" : ", ") + entry.key.Dump() + ": " + entry.value.Dump();
      }
      return "{" + out + "}";
  }
  return out;
}

Diagnostic ErrorAt(const Node& node, std::string code, std::string message) {
  return source::ErrorAt(node.file(), node.location(), node.Width(), std::move(code),
                         std::move(message));
}

Diagnostic WarningAt(const Node& node, std::string code, std::string message) {
  return source::WarningAt(node.file(), node.location(), node.Width(), std::move(code),
                           std::move(message));
}

Diagnostic ErrorIn(const Node& node, size_t value_offset, size_t value_length, std::string code,
                   std::string message) {
  const int width = WidthIn(node, value_offset, value_offset + value_length);
  return source::ErrorAt(node.file(), node.LocationAt(value_offset), width, std::move(code),
                         std::move(message));
}

Diagnostic WarningIn(const Node& node, size_t value_offset, size_t value_length,
                     std::string code, std::string message) {
  const int width = WidthIn(node, value_offset, value_offset + value_length);
  return source::WarningAt(node.file(), node.LocationAt(value_offset), width, std::move(code),
                           std::move(message));
}

}  // namespace refund::syntax
