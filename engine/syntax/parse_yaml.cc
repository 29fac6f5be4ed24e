// ParseYaml: yaml-cpp's tree mirrored into syntax::Node with locations, under node-count and
// depth limits (yaml-cpp shares aliased nodes, so a small file can name a huge tree).
#include "engine/syntax/parse_yaml.h"

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>

#include "engine/source/utf8.h"
#include "engine/syntax/scalar_map.h"

namespace refund::syntax {
namespace {

// Byte offset of a yaml-cpp mark: 0-based line and column in bytes (a byte order mark on the
// first line is not counted, as SourceFile::LineStart(1) skips it too).
size_t OffsetOfMark(const source::SourceFile& file, const YAML::Mark& mark, size_t fallback) {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return fallback;
  return std::min(file.LineStart(mark.line + 1) + mark.column, file.text().size());
}

source::Location LocationOfMark(const source::SourceFile& file, const YAML::Mark& mark) {
  return file.LocationOf(OffsetOfMark(file, mark, file.text().size()));
}

bool IsNullLiteral(std::string_view text, size_t offset) {
  const std::string_view rest = text.substr(std::min(offset, text.size()));
  return rest.starts_with("~") || rest.starts_with("null") || rest.starts_with("Null") ||
         rest.starts_with("NULL");
}

// yaml-cpp's "unknown escape character: q" -> "invalid yaml: unknown escape character `q`".
std::string CleanParserMessage(std::string message) {
  while (!message.empty() && (std::isspace(static_cast<unsigned char>(message.back())) ||
                              message.back() == '.' || message.back() == ':')) {
    message.pop_back();
  }
  const size_t colon = message.find(": ");
  if (colon != std::string::npos) {
    message = message.substr(0, colon) + " `" + message.substr(colon + 2) + "`";
  }
  if (message.empty()) message = "syntax error";
  message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  return "invalid yaml: " + message;
}

class Mirror {
 public:
  Mirror(const source::SourceFile& file, std::vector<Diagnostic>& diagnostics)
      : file_(file), diagnostics_(diagnostics) {}

  // nullopt after reporting S003 or S004. `depth`: collections around the node, plus one.
  std::optional<Node> Build(const YAML::Node& yaml, int depth, size_t fallback);

 private:
  std::optional<Node> BuildSequence(const YAML::Node& yaml, int depth, size_t offset);
  std::optional<Node> BuildMap(const YAML::Node& yaml, int depth, size_t offset);
  Node PlaceEmptyValue(const Node& key, Node value) const;
  void ReportDuplicateKeys(const std::vector<MapEntry>& entries);

  const source::SourceFile& file_;
  std::vector<Diagnostic>& diagnostics_;
  int nodes_ = 0;
};

std::optional<Node> Mirror::Build(const YAML::Node& yaml, int depth, size_t fallback) {
  const size_t mark = OffsetOfMark(file_, yaml.Mark(), fallback);
  const size_t offset = SkipNodeProperties(file_.text(), mark);
  const source::Location at = file_.LocationOf(offset);
  if (++nodes_ > kMaxNodes) {
    Diagnostic error = source::ErrorAt(file_, at, 1, "S003",
                                       "yaml expands to more than `100000` nodes");
    error.help = "aliases (`*name`) copy what they name; nested aliases multiply";
    diagnostics_.push_back(std::move(error));
    return std::nullopt;
  }
  const bool collection = yaml.IsSequence() || yaml.IsMap();
  if (collection && depth > kMaxDepth) {
    diagnostics_.push_back(
        source::ErrorAt(file_, at, 1, "S004", "yaml nests deeper than `64` levels"));
    return std::nullopt;
  }
  if (yaml.IsScalar()) {
    return Node::Scalar(file_, offset, yaml.Scalar(), ScalarStyleAt(file_.text(), offset));
  }
  if (yaml.IsSequence()) return BuildSequence(yaml, depth, offset);
  if (yaml.IsMap()) return BuildMap(yaml, depth, offset);
  return Node::Null(file_, offset);
}

std::optional<Node> Mirror::BuildSequence(const YAML::Node& yaml, int depth, size_t offset) {
  std::vector<Node> items;
  for (auto it = yaml.begin(); it != yaml.end(); ++it) {
    std::optional<Node> built = Build(*it, depth + 1, offset);
    if (!built) return std::nullopt;
    items.push_back(std::move(*built));
  }
  return Node::Sequence(file_, offset, std::move(items));
}

std::optional<Node> Mirror::BuildMap(const YAML::Node& yaml, int depth, size_t offset) {
  std::vector<MapEntry> entries;
  for (auto it = yaml.begin(); it != yaml.end(); ++it) {
    std::optional<Node> key = Build(it->first, depth + 1, offset);
    if (!key) return std::nullopt;
    std::optional<Node> value = Build(it->second, depth + 1, key->offset());
    if (!value) return std::nullopt;
    Node placed = PlaceEmptyValue(*key, std::move(*value));
    entries.push_back(MapEntry{std::move(*key), std::move(placed)});
  }
  ReportDuplicateKeys(entries);
  return Node::Map(file_, offset, std::move(entries));
}

// yaml-cpp marks an empty value (`key:`) where the next token starts; place it just after the
// key's colon instead, where a "missing value" caret belongs.
Node Mirror::PlaceEmptyValue(const Node& key, Node value) const {
  const std::string& text = file_.text();
  if (!value.IsNull() || !key.IsScalar() || IsNullLiteral(text, value.offset())) return value;
  size_t end = SourceOffsetOf(text, key.offset(), key.style(), key.text(), key.text().size());
  if (key.IsQuoted()) ++end;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
  if (end < text.size() && text[end] == ':') ++end;
  return Node::Null(file_, std::min(end, text.size()));
}

void Mirror::ReportDuplicateKeys(const std::vector<MapEntry>& entries) {
  std::map<std::string_view, const Node*> first_keys;
  for (const MapEntry& entry : entries) {
    if (!entry.key.IsScalar()) continue;
    const auto [first, inserted] = first_keys.emplace(entry.key.text(), &entry.key);
    if (inserted) continue;
    Diagnostic error = ErrorAt(entry.key, "S002", "duplicate key `" + entry.key.text() + "`");
    error.help = "the first `" + entry.key.text() + "` is on line " +
                 std::to_string(first->second->location().line);
    diagnostics_.push_back(std::move(error));
  }
}

Diagnostic InvalidUtf8(const source::SourceFile& file, size_t offset) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(file.text()[offset]);
  const std::string shown = {'0', 'x', kHex[byte >> 4], kHex[byte & 0xF]};
  Diagnostic error = source::ErrorAt(file, file.LocationOf(offset), 1, "S005",
                                     "file is not utf-8: invalid byte `" + shown + "`");
  error.help = "save the file as UTF-8";
  return error;
}

// Where each document of the stream starts, stopping at the second. YAML::LoadAll is not used:
// yaml-cpp 0.7 loops forever in it on some inputs, like a lone `,` (yaml-cpp issue #1040).
class DocumentStarts : public YAML::EventHandler {
 public:
  struct Enough {};  // thrown to stop the parser once the second document starts

  std::vector<YAML::Mark> marks;

  void OnDocumentStart(const YAML::Mark& mark) override {
    marks.push_back(mark);
    if (marks.size() == 2) throw Enough{};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Checks what follows the first document (already loaded, so it parses): nothing, a second
// document (S006, the first is kept), or a token yaml-cpp cannot get past (S001, no tree).
std::optional<Diagnostic> CheckSingleDocument(const source::SourceFile& file) {
  std::istringstream stream(file.text());
  YAML::Parser parser(stream);
  DocumentStarts starts;
  try {
    if (parser.HandleNextDocument(starts)) parser.HandleNextDocument(starts);
  } catch (const DocumentStarts::Enough&) {
  }
  if (starts.marks.size() < 2) return std::nullopt;
  const size_t offset = OffsetOfMark(file, starts.marks[1], file.text().size());
  if (starts.marks[1].pos <= starts.marks[0].pos) {
    const std::string token(1, offset < file.text().size() ? file.text()[offset] : ' ');
    return source::ErrorAt(file, file.LocationOf(offset), 1, "S001",
                           "invalid yaml: unexpected `" + token + "`");
  }
  Diagnostic error = source::ErrorAt(file, file.LocationOf(offset), 3, "S006",
                                     "more than one yaml document in `" + file.path() + "`");
  error.help = "a policy file holds one document; move the rest to a file named in `include`";
  return error;
}

// An aliased map with a duplicate key is reported once per alias; keep the first report.
void RemoveRepeats(std::vector<Diagnostic>& diagnostics) {
  std::set<std::tuple<std::string, int, int, std::string>> seen;
  std::vector<Diagnostic> unique;
  for (Diagnostic& diagnostic : diagnostics) {
    const auto key = std::make_tuple(diagnostic.code, diagnostic.line, diagnostic.column,
                                     diagnostic.message);
    if (seen.insert(key).second) unique.push_back(std::move(diagnostic));
  }
  diagnostics = std::move(unique);
}

}  // namespace

ParsedYaml ParseYaml(const source::SourceFile& file) {
  ParsedYaml parsed;
  if (const auto bad = source::FindInvalidUtf8(file.text())) {
    parsed.diagnostics.push_back(InvalidUtf8(file, *bad));
    return parsed;
  }
  try {
    const YAML::Node document = YAML::Load(file.text());
    std::optional<Diagnostic> extra = CheckSingleDocument(file);
    const bool stuck = extra && extra->code == "S001";
    if (extra) parsed.diagnostics.push_back(std::move(*extra));
    if (stuck) return parsed;
    parsed.root = Mirror(file, parsed.diagnostics).Build(document, 1, 0);
  } catch (const YAML::DeepRecursion& e) {
    parsed.diagnostics.push_back(source::ErrorAt(file, LocationOfMark(file, e.mark), 1, "S004",
                                                 "yaml nests deeper than `64` levels"));
  } catch (const YAML::Exception& e) {
    parsed.diagnostics.push_back(source::ErrorAt(file, LocationOfMark(file, e.mark), 1, "S001",
                                                 CleanParserMessage(e.msg)));
  }
  RemoveRepeats(parsed.diagnostics);
  return parsed;
}

}  // namespace refund::syntax
