// Tests for engine/syntax/parse_yaml.h and node.h: the mirror of a YAML file, the problems
// found while reading it, and locations inside scalars of every style.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/source/source_file.h"
#include "engine/syntax/node.h"
#include "engine/syntax/parse_yaml.h"

namespace refund::syntax {
namespace {

// The node at `path` ("rules/0/when": map keys and sequence indexes), or nullptr.
const Node* Walk(const Node& root, std::string_view path) {
  const Node* node = &root;
  while (node != nullptr && !path.empty()) {
    const size_t slash = path.find('/');
    const std::string_view step = path.substr(0, slash);
    path = slash == std::string_view::npos ? "" : path.substr(slash + 1);
    if (node->IsSequence()) {
      const size_t index = std::stoul(std::string(step));
      node = index < node->items().size() ? &node->items()[index] : nullptr;
    } else {
      node = node->Find(step);
    }
  }
  return node;
}

std::string Show(Location at) { return std::to_string(at.line) + ":" + std::to_string(at.column); }

// Diagnostics as "S002 2:1 duplicate key `a`", one per line.
std::string Problems(const ParsedYaml& parsed) {
  std::string out;
  for (const Diagnostic& d : parsed.diagnostics) {
    out += d.code + " " + std::to_string(d.line) + ":" + std::to_string(d.column) + " " +
           d.message + "\n";
  }
  return out;
}

TEST_CASE("parsing mirrors the document with every scalar style") {
  struct Row { const char* name; std::string yaml; std::string dump; };
  const Row rows[] = {
      {"an empty file is null", "", "~"},
      {"a comment-only file is null", "# nothing\n", "~"},
      {"a map keeps its order", "b: 1\na: 2\n", "{b: 1, a: 2}"},
      {"quoted and block scalars keep their style",
       "p: x\ns: 'y'\nd: \"z\"\nl: |\n  a\n  b\nf: >-\n  a\n  b\n",
       "{p: x, s: 'y', d: \"z\", l: |\"a\\nb\\n\", f: >\"a b\"}"},
      {"empty values and null literals are null", "a:\nb: ~\nc: null\n", "{a: ~, b: ~, c: ~}"},
      {"sequences nest in flow and block form", "a: [1, [2]]\nb:\n  - {k: v}\n  - x\n",
       "{a: [1, [2]], b: [{k: v}, x]}"},
      {"aliases are copies of their anchor", "a: &x {k: v}\nb: *x\n", "{a: {k: v}, b: {k: v}}"},
      {"tags are dropped", "a: !!str 1\n", "{a: 1}"},
      {"a byte order mark is ignored", "\xEF\xBB\xBFk: v\n", "{k: v}"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    source::SourceFile file("p.yaml", row.yaml);
    const ParsedYaml parsed = ParseYaml(file);
    CHECK(Problems(parsed) == "");
    REQUIRE(parsed.root);
    CHECK(parsed.root->Dump() == row.dump);
  }
}

TEST_CASE("nodes report their kind, style and entries for the next stage") {
  source::SourceFile file("p.yaml", "rules:\n  - id: a\n    when: 'x'\nkeep: |\n  t\n");
  const ParsedYaml parsed = ParseYaml(file);
  REQUIRE(parsed.root);
  const Node& root = *parsed.root;
  CHECK(root.IsMap());
  CHECK(root.entries().size() == 2);
  CHECK(root.entries()[0].key.text() == "rules");
  CHECK(Show(root.entries()[0].key.location()) == "1:1");
  const Node* rules = root.Find("rules");
  REQUIRE(rules != nullptr);
  CHECK(rules->IsSequence());
  CHECK(rules->KindName() == "sequence");
  const Node* when = Walk(root, "rules/0/when");
  REQUIRE(when != nullptr);
  CHECK(when->IsQuoted());
  CHECK(when->style() == ScalarStyle::kSingleQuoted);
  CHECK(Show(when->location()) == "3:11");
  CHECK(Walk(root, "keep")->IsBlock());
  CHECK(root.Find("missing") == nullptr);
  CHECK(when->Find("x") == nullptr);
}

TEST_CASE("duplicate keys are kept and reported at the second one") {
  source::SourceFile file("p.yaml", "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n");
  const ParsedYaml parsed = ParseYaml(file);
  REQUIRE(parsed.root);
  CHECK(parsed.root->Dump() == "{a: 1, b: {c: 1, c: 2}, a: 3}");
  CHECK(parsed.root->Find("a")->text() == "1");
  CHECK(Problems(parsed) == "S002 4:3 duplicate key `c`\nS002 5:1 duplicate key `a`\n");
  CHECK(parsed.diagnostics[1].help == "the first `a` is on line 1");
}

TEST_CASE("an empty value is placed just after its key's colon") {
  source::SourceFile file("p.yaml", "when:\nthen: x\n\"q\" :  \n");
  const ParsedYaml parsed = ParseYaml(file);
  REQUIRE(parsed.root);
  CHECK(Show(parsed.root->Find("when")->location()) == "1:6");
  CHECK(Show(parsed.root->Find("q")->location()) == "3:6");
}

// One place inside a scalar: the node at `path`, the byte offset of `needle` in its value,
// and where that must be in the file.
struct PlaceRow {
  const char* name;
  std::string yaml;
  const char* path;
  std::string needle;
  const char* expected;
};

TEST_CASE("offsets inside scalars map to their line and column in the file") {
  const PlaceRow rows[] = {
      {"plain", "when: order.payed_at < request.at\n", "when", "request", "1:24"},
      {"plain in a rule list", "rules:\n  - when: order.payed_at < request.at\n",
       "rules/0/when", "order.payed_at", "2:11"},
      {"plain folded over lines", "when: order.total > 0\n  and request.at > order.paid_at\n",
       "when", "request", "2:7"},
      {"plain after non-ascii text", "when: item.name == '\xe9\x80\x80\xe6\xac\xbe' and x\n",
       "when", "x", "1:29"},
      {"plain after an anchor and a tag", "x: &v !!str a b\n", "x", "b", "1:15"},
      {"plain after a byte order mark", "\xEF\xBB\xBFx: a b\n", "x", "b", "1:6"},
      {"single-quoted", "when: 'a < b'\n", "when", "b", "1:12"},
      {"single-quoted with a doubled quote", "when: 'it''s < b'\n", "when", "b", "1:16"},
      {"single-quoted in a flow sequence", "x: [a, 'b c']\n", "x/1", "c", "1:11"},
      {"double-quoted with a tab escape", "when: \"a\\tb == c\"\n", "when", "c", "1:16"},
      {"double-quoted after a unicode escape", "x: \"\\u00e9 y\"\n", "x", "y", "1:12"},
      {"double-quoted folded over lines", "x: \"a and\n  b or c\"\n", "x", "or", "2:5"},
      {"double-quoted with a line continuation", "x: \"ab\\\n  cd\"\n", "x", "cd", "2:3"},
      {"literal block", "when: |\n  a < 1\n  and b > 2\n", "when", "b", "3:7"},
      {"literal block with deeper lines", "x: |\n  a\n    b\n", "x", "b", "3:5"},
      {"literal block with a header comment", "x: |+ # note\n  a\n", "x", "a", "2:3"},
      {"literal block with crlf line ends", "x: |\r\n  a\r\n  b\r\n", "x", "b", "3:3"},
      {"literal block after blank lines", "x: |\n\n  a\n", "x", "a", "3:3"},
      {"folded block",
       "when: >-\n  order.total > 0\n  and order.paid_at < request.at\n", "when", "request",
       "3:23"},
      {"folded block in a nested rule",
       "rules:\n  - id: r\n    when: >\n      a and\n      b\n", "rules/0/when", "b", "5:7"},
  };
  for (const PlaceRow& row : rows) {
    CAPTURE(row.name);
    source::SourceFile file("p.yaml", row.yaml);
    const ParsedYaml parsed = ParseYaml(file);
    REQUIRE(parsed.root);
    const Node* node = Walk(*parsed.root, row.path);
    REQUIRE(node != nullptr);
    const size_t offset = node->text().find(row.needle);
    REQUIRE(offset != std::string::npos);
    CHECK(Show(node->LocationAt(offset)) == row.expected);
  }
}

TEST_CASE("offsets at the edges of a scalar stay on sensible characters") {
  source::SourceFile file("p.yaml", "a: \"\\u00e9 b\"\nc: x\n");
  const ParsedYaml parsed = ParseYaml(file);
  REQUIRE(parsed.root);
  const Node& a = *parsed.root->Find("a");
  CHECK(Show(a.LocationAt(0)) == "1:5");    // the escape's backslash
  CHECK(Show(a.LocationAt(1)) == "1:5");    // still inside the escape
  CHECK(Show(a.LocationAt(4)) == "1:13");   // the end: the closing quote
  CHECK(Show(a.LocationAt(99)) == "1:13");  // past the end: clamped
  CHECK(Show(parsed.root->Find("c")->LocationAt(0)) == "2:4");
}

TEST_CASE("a diagnostic inside an expression renders with the caret under the token") {
  std::string yaml;
  for (int i = 1; i <= 11; ++i) yaml += "# line " + std::to_string(i) + "\n";
  yaml += "rules:\n  - id: late-refund\n    when: order.payed_at < request.at\n";
  source::SourceFile file("rules/cloud-cn/policy.yaml", yaml);
  const ParsedYaml parsed = ParseYaml(file);
  REQUIRE(parsed.root);
  const Node& when = *Walk(*parsed.root, "rules/0/when");
  Diagnostic d = ErrorIn(when, 0, 14, "R302", "unknown field `order.payed_at`");
  d.help = "did you mean `order.paid_at`?";
  CHECK(RenderDiagnostic(d) ==
        "rules/cloud-cn/policy.yaml:14:11: error[R302]: unknown field `order.payed_at`\n"
        "   14 |     when: order.payed_at < request.at\n"
        "      |           ^~~~~~~~~~~~~~\n"
        "help: did you mean `order.paid_at`?\n");
}

TEST_CASE("a diagnostic at a node underlines the whole scalar") {
  struct Row { const char* yaml; const char* key; int width; };
  const Row rows[] = {
      {"k: plain text\n", "k", 10},   {"k: 'quoted'\n", "k", 8},  {"k: \"a\\tb\"\n", "k", 6},
      {"k: |\n  block\n", "k", 1},   {"k: [a, b]\n", "k", 1},    {"k: two\n  lines\n", "k", 3},
      {"k: \xe9\x80\x80\xe6\xac\xbe\n", "k", 2},
  };
  for (const Row& row : rows) {
    CAPTURE(row.yaml);
    source::SourceFile file("p.yaml", row.yaml);
    const ParsedYaml parsed = ParseYaml(file);
    REQUIRE(parsed.root);
    const Diagnostic d = ErrorAt(*parsed.root->Find(row.key), "P104", "bad");
    CHECK(d.length == row.width);
    CHECK(d.column == 4);
  }
}

std::string Nested(int depth) {
  std::string open, close;
  for (int i = 0; i < depth; ++i) {
    open += "[";
    close += "]";
  }
  return open + close;
}

// Nine levels of ten aliases: a tiny file naming 10^9 nodes.
std::string BillionLaughs() {
  std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    const std::string prev = std::string("*a").append(std::to_string(i - 1));
    const std::string name = std::string("a").append(std::to_string(i));
    yaml.append(name).append(": &").append(name).append(" [");
    for (int j = 0; j < 10; ++j) yaml += (j ? ", " : "") + prev;
    yaml += "]\n";
  }
  return yaml;
}

TEST_CASE("unusable files give one diagnostic and no tree") {
  struct Row { const char* name; std::string yaml; std::string problems; };
  const Row rows[] = {
      {"an unclosed flow sequence", "a: 1\nb: [1,\n",
       "S001 3:1 invalid yaml: end of sequence flow not found\n"},
      {"an unknown escape", "a: \"x\\qy\"\n", "S001 1:8 invalid yaml: unknown escape character `q`\n"},
      {"a map value where none may be", "a: b: c\n", "S001 1:5 invalid yaml: illegal map value\n"},
      {"an undefined alias", "a: *nope\n",
       "S001 1:4 invalid yaml: the referenced anchor is not defined\n"},
      {"a latin-1 byte", "a: 1\nb: caf\xe9\n", "S005 2:7 file is not utf-8: invalid byte `0xe9`\n"},
      {"a utf-16 file", std::string("\xff\xfe" "a\0:\0", 6),
       "S005 1:1 file is not utf-8: invalid byte `0xff`\n"},
      {"65 nested sequences", "a: " + Nested(64) + "\n",
       "S004 1:" + std::to_string(4 + 63) + " yaml nests deeper than `64` levels\n"},
      {"nesting deeper than yaml-cpp allows", Nested(5000),
       "S004 1:1 yaml nests deeper than `64` levels\n"},
      {"a lone comma, which yaml-cpp cannot get past", ",\n",
       "S001 1:1 invalid yaml: unexpected `,`\n"},
      {"an alias bomb", BillionLaughs(), ""},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    source::SourceFile file("p.yaml", row.yaml);
    const ParsedYaml parsed = ParseYaml(file);
    CHECK_FALSE(parsed.root);
    if (row.problems.empty()) {
      REQUIRE(parsed.diagnostics.size() == 1);
      CHECK(parsed.diagnostics[0].code == "S003");
    } else {
      CHECK(Problems(parsed) == row.problems);
    }
  }
}

TEST_CASE("64 levels of nesting are allowed") {
  source::SourceFile file("p.yaml", "a: " + Nested(63) + "\n");
  const ParsedYaml parsed = ParseYaml(file);
  CHECK(Problems(parsed) == "");
  CHECK(parsed.root);
}

TEST_CASE("a second document is reported at its marker and the first is kept") {
  struct Row { std::string yaml; std::string problems; };
  const Row rows[] = {
      {"a: 1\n---\nb: 2\n", "S006 2:1 more than one yaml document in `p.yaml`\n"},
      {"---\na: 1\n--- # two\nb: 2\n", "S006 3:1 more than one yaml document in `p.yaml`\n"},
      {"a: 1\n---\n", "S006 2:1 more than one yaml document in `p.yaml`\n"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.yaml);
    source::SourceFile file("p.yaml", row.yaml);
    const ParsedYaml parsed = ParseYaml(file);
    CHECK(Problems(parsed) == row.problems);
    REQUIRE(parsed.root);
    CHECK(parsed.root->Dump() == "{a: 1}");
  }
}

// A deterministic generator for the robustness test.
uint32_t NextRandom(uint32_t& state) {
  state = state * 1664525u + 1013904223u;
  return state >> 8;
}

void CheckLocationsInFile(const Node& node, const source::SourceFile& file) {
  const int lines = file.LineCount();
  for (size_t offset = 0; offset <= node.text().size(); ++offset) {
    const Location at = node.LocationAt(offset);
    CHECK((at.line >= 1 && at.line <= lines && at.column >= 1));
  }
  for (const Node& item : node.items()) CheckLocationsInFile(item, file);
  for (const MapEntry& entry : node.entries()) {
    CheckLocationsInFile(entry.key, file);
    CheckLocationsInFile(entry.value, file);
  }
}

TEST_CASE("mangled policies never crash the parser and locations stay in the file") {
  const std::string seed =
      "include: [a.yaml]\nrules:\n  - id: r1\n    when: 'a < \"b\"'\n    then: |\n      x\n"
      "  - {id: r2, when: \"\\u00e9 \\t\"}\nnotes: >-\n  one\n  two\nk: &x [1, *y]\n";
  const std::string alphabet = "-:[]{}&*!|>'\"\\#, \n\tax\xc3\xa9";
  uint32_t state = 42;
  for (int round = 0; round < 3000; ++round) {
    std::string text = seed;
    const int edits = 1 + NextRandom(state) % 4;
    for (int e = 0; e < edits; ++e) {
      const size_t at = NextRandom(state) % (text.size() + 1);
      const char c = alphabet[NextRandom(state) % alphabet.size()];
      if (NextRandom(state) % 2 == 0 && at < text.size()) text.erase(at, 1);
      else text.insert(at, 1, c);
    }
    CAPTURE(text);
    source::SourceFile file("p.yaml", text);
    const ParsedYaml parsed = ParseYaml(file);
    CHECK((parsed.root.has_value() || !parsed.diagnostics.empty()));
    if (parsed.root) CheckLocationsInFile(*parsed.root, file);
  }
}

TEST_CASE("a file of 100,000 yaml nodes is read, one node more is refused") {
  // A map of one sequence: the root, the key, the sequence and `entries` scalars.
  const auto yaml = [](int entries) {
    std::string text = "a: [";
    for (int k = 0; k < entries; ++k) text += k ? ",1" : "1";
    return text + "]\n";
  };
  source::SourceFile at_limit("p.yaml", yaml(kMaxNodes - 3));
  const ParsedYaml read = ParseYaml(at_limit);
  CHECK(read.diagnostics.empty());
  CHECK(read.root);
  source::SourceFile past("p.yaml", yaml(kMaxNodes - 2));
  const ParsedYaml refused = ParseYaml(past);
  CHECK_FALSE(refused.root);
  REQUIRE(refused.diagnostics.size() == 1);
  CHECK(refused.diagnostics[0].code == "S003");
}

}  // namespace
}  // namespace refund::syntax
