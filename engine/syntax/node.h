// The syntax tree: a mirror of one YAML document with the place of every node, so later stages
// can point diagnostics into the file, even inside an expression string.
//
//   const syntax::Node* when = rule.Find("when");                 // nullptr when absent
//   if (when && when->IsScalar()) Lex(when->text());
//   syntax::Location at = when->LocationAt(6);                     // text()[6] in the file
//   Diagnostic d = syntax::ErrorIn(*when, 6, 14, "R302", "unknown field `order.payed_at`");
//
// Nodes are built by ParseYaml (parse_yaml.h); this header has no yaml-cpp in it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/source/source_file.h"
#include "refund/diagnostics.h"

namespace refund::syntax {

using source::Location;

enum class NodeKind { kNull, kScalar, kSequence, kMap };

// How a scalar was written; later stages may treat a quoted `true` as a string.
enum class ScalarStyle {
  kPlain,         // when: a < b (may fold over several lines)
  kSingleQuoted,  // 'a < b'
  kDoubleQuoted,  // "a < b" (escapes)
  kLiteral,       // | (newlines kept)
  kFolded,        // > (newlines folded to spaces)
};

struct MapEntry;

// A node of the document. Holds a pointer to its SourceFile, which must outlive it (the loader
// keeps both in one SyntaxFile). Aliases are expanded: an alias is a copy of what it names,
// located where the anchored node is.
class Node {
 public:
  // `offset`: byte offset in `file` where the node starts (for a scalar: its first character,
  // opening quote or block indicator, after any anchor or tag).
  static Node Null(const source::SourceFile& file, size_t offset);
  static Node Scalar(const source::SourceFile& file, size_t offset, std::string text,
                     ScalarStyle style);
  static Node Sequence(const source::SourceFile& file, size_t offset, std::vector<Node> items);
  static Node Map(const source::SourceFile& file, size_t offset, std::vector<MapEntry> entries);

  NodeKind kind() const { return kind_; }
  bool IsNull() const { return kind_ == NodeKind::kNull; }
  bool IsScalar() const { return kind_ == NodeKind::kScalar; }
  bool IsSequence() const { return kind_ == NodeKind::kSequence; }
  bool IsMap() const { return kind_ == NodeKind::kMap; }
  bool IsQuoted() const;  // single- or double-quoted scalar
  bool IsBlock() const;   // literal or folded scalar
  // "null", "scalar", "sequence" or "map", for messages like "expected a map, found a sequence".
  std::string_view KindName() const;

  // The scalar's value after YAML unescaping and folding; empty for other kinds.
  const std::string& text() const { return text_; }
  ScalarStyle style() const { return style_; }
  const std::vector<Node>& items() const { return items_; }          // sequences
  const std::vector<MapEntry>& entries() const { return entries_; }  // maps, in file order,
                                                                      // duplicates kept
  // The value of the first entry whose key is the scalar `key`; nullptr if none or not a map.
  const Node* Find(std::string_view key) const;

  const source::SourceFile& file() const { return *file_; }
  size_t offset() const { return offset_; }
  Location location() const;
  // Characters to underline for the whole node on its first line: a one-line scalar with its
  // quotes; 1 for anything else (the caret then marks where it starts).
  int Width() const;
  // Byte offset just after a scalar as written (its closing quote included; for a block scalar,
  // its last character); offset() for other kinds.
  size_t EndOffset() const;
  // Where the character at byte offset `value_offset` of text() is in the file. `value_offset`
  // is a byte index, as a lexer over text() produces; the column is in characters.
  // text().size() maps to just after the last character. Exact for plain, single-quoted and
  // block scalars; within escapes of double-quoted scalars, the escape's backslash.
  Location LocationAt(size_t value_offset) const;

  // Compact one-line form for tests: {a: 1, b: [x, 'y', "z"], c: |"l\n", d: ~}.
  std::string Dump() const;

 private:
  Node(NodeKind kind, const source::SourceFile& file, size_t offset);

  NodeKind kind_;
  const source::SourceFile* file_;
  size_t offset_;
  ScalarStyle style_ = ScalarStyle::kPlain;
  std::string text_;
  std::vector<Node> items_;
  std::vector<MapEntry> entries_;
};

struct MapEntry {
  Node key;
  Node value;
};

// A diagnostic underlining `node` (see Width()).
Diagnostic ErrorAt(const Node& node, std::string code, std::string message);
Diagnostic WarningAt(const Node& node, std::string code, std::string message);
// A diagnostic underlining bytes [value_offset, value_offset + value_length) of a scalar's
// text() where they are in the file (e.g. one token of an expression); when they span lines,
// the underline stops at the end of the first.
Diagnostic ErrorIn(const Node& node, size_t value_offset, size_t value_length, std::string code,
                   std::string message);
Diagnostic WarningIn(const Node& node, size_t value_offset, size_t value_length,
                     std::string code, std::string message);

}  // namespace refund::syntax
