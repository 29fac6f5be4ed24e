// Array input (orders.md framing): checks that a whole text is one valid JSON array, then cuts
// it into the raw text of each element, so every order is parsed on its own and keeps the bytes
// it was sent with. nlohmann checks the syntax (iteratively: any depth is fine here).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "engine/order/json_tree.h"

namespace refund::order {
namespace {

// Accepts every event; keeps nlohmann's parse error, if any.
class SyntaxCheck : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    error = DescribeParseError(position, ex.what());
    return false;
  }
  std::optional<std::string> error;
};

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
  SyntaxCheck check;
  try {
    nlohmann::json::sax_parse(text.data(), text.data() + text.size(), &check);
  } catch (const std::exception& e) {
    check.error = fmt::format("invalid json: {}", e.what());
  }
  if (check.error) {
    result.error = "the array of orders is not valid json: " + *check.error;
    return result;
  }
  result.spans = CutElements(text);
  return result;
}

}  // namespace refund::order
