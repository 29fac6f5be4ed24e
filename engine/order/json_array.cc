// Array input (orders.md framing): checks that a whole text is one valid JSON array, then cuts
// it into the raw text of each element, so every order is parsed on its own and keeps the bytes
// it was sent with. ParseJson checks the syntax (iteratively: any depth is fine here).
#include <fmt/format.h>

#include "engine/order/json_parser.h"
#include "engine/order/json_tree.h"

namespace refund::order {
namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Cuts a text already known to be a valid JSON array at its top-level commas.
std::vector<std::pair<size_t, size_t>> CutElements(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> spans;
  size_t i = text.find('[') + 1;
  size_t start = i;
  int depth = 0;
  bool in_string = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') ++depth;
    else if ((c == ']' || c == '}') && depth > 0) --depth;
    else if ((c == ',' || c == ']') && depth == 0) {
      size_t b = start, e = i;
      while (b < e && IsJsonSpace(text[b])) ++b;
      while (e > b && IsJsonSpace(text[e - 1])) --e;
      if (b < e) spans.emplace_back(b, e);  // `[]` has no element
      if (c == ']') break;
      start = i + 1;
    }
  }
  return spans;
}

}  // namespace

JsonArraySpans SplitJsonArray(std::string_view text) {
  JsonArraySpans result;
  size_t bad = 0;
  if (!IsValidUtf8(text, &bad)) {
    result.error = fmt::format("invalid utf-8 at byte {}", bad + 1);
    return result;
  }
  size_t first = 0;
  while (first < text.size() && IsJsonSpace(text[first])) ++first;
  if (first == text.size() || text[first] != '[') {
    result.error = "expected a json array of orders";
    return result;
  }
  if (std::optional<JsonSyntaxError> error = CheckJsonSyntax(text)) {
    result.error = "the array of orders is not valid json: " + DescribeSyntaxError(*error);
    return result;
  }
  result.spans = CutElements(text);
  return result;
}

}  // namespace refund::order
