// Text edits for `--update` (see expect_rewrite.h).
#include "engine/policytest/expect_rewrite.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace refund::policytest {
namespace {

using nlohmann::json;

// Text that YAML reads back as this same string when written plain, even inside `[..]`/`{..}`.
bool PlainIsSafe(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  if (s == "null" || s == "Null" || s == "NULL" || s == "true" || s == "false") return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

std::string SingleQuoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  out += '\'';
  return out;
}

// `value` as YAML that reads back as the same JSON, in the style `like` was written in.
std::string Render(const json& value, syntax::ScalarStyle like) {
  if (!value.is_string()) return value.dump();
  const std::string s = value.get<std::string>();
  if (like == syntax::ScalarStyle::kSingleQuoted) return SingleQuoted(s);
  if (like == syntax::ScalarStyle::kPlain && PlainIsSafe(s)) return s;
  return json(s).dump();  // a JSON string is a valid YAML double-quoted scalar
}

bool StartsWithNullLiteral(std::string_view rest) {
  return rest.starts_with("~") || rest.starts_with("null") || rest.starts_with("Null") || rest.starts_with("NULL");
}

std::optional<TextEdit> RewriteNull(const syntax::Node& node, const json& actual) {
  const std::string_view rest = std::string_view(node.file().text()).substr(node.offset());
  if (!StartsWithNullLiteral(rest))  // `key:` with nothing after it
    return TextEdit{node.offset(), node.offset(), fmt::format(" {}", Render(actual, syntax::ScalarStyle::kPlain))};
  const size_t length = rest.starts_with("~") ? 1 : 4;
  return TextEdit{node.offset(), node.offset() + length, Render(actual, syntax::ScalarStyle::kPlain)};
}

std::optional<TextEdit> RewriteFlowSequence(const syntax::Node& node, const json& actual) {
  const std::string& text = node.file().text();
  if (node.offset() >= text.size() || text[node.offset()] != '[' || !actual.is_array()) return std::nullopt;
  size_t end = node.offset() + 1;
  for (const syntax::Node& item : node.items()) {
    if (!item.IsScalar()) return std::nullopt;
    end = std::max(end, item.EndOffset());
  }
  end = text.find(']', end);
  if (end == std::string::npos) return std::nullopt;
  std::string out = "[";
  for (const json& v : actual) out += (out.size() > 1 ? ", " : "") + Render(v, syntax::ScalarStyle::kPlain);
  out += ']';
  return TextEdit{node.offset(), end + 1, out};
}

}  // namespace

std::optional<TextEdit> RewriteValue(const syntax::Node& node, const json& actual) {
  if (node.IsNull()) return RewriteNull(node, actual);
  if (node.IsSequence()) return RewriteFlowSequence(node, actual);
  if (!node.IsScalar() || node.IsBlock()) return std::nullopt;
  const size_t end = node.EndOffset();
  if (node.file().text().find('\n', node.offset()) < end) return std::nullopt;
  return TextEdit{node.offset(), end, Render(actual, node.style())};
}

std::string ApplyEdits(std::string text, std::vector<TextEdit> edits) {
  std::sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) { return a.begin > b.begin; });
  for (const TextEdit& e : edits) text.replace(e.begin, e.end - e.begin, e.text);
  return text;
}

}  // namespace refund::policytest
