// Breaking generated lines on purpose (see line_defects.h).
#include "engine/gen/line_defects.h"

#include <fmt/format.h>

#include <string_view>

namespace refund::gen {
namespace {

// The position just after `"key":"` in `line`, or npos.
size_t ValueStart(const std::string& line, std::string_view key) {
  std::string needle = fmt::format("\"{}\":\"", key);
  size_t at = line.find(needle);
  return at == std::string::npos ? at : at + needle.size();
}

// Replaces the string value of the first `key` with `value` (written as is, quotes included).
void ReplaceValue(std::string& line, std::string_view key, std::string_view value) {
  size_t start = ValueStart(line, key);
  if (start == std::string::npos) return;
  size_t end = line.find('"', start);
  line.replace(start - 1, end - start + 2, value);
}

}  // namespace

void BreakLine(std::string& line, uint64_t kind) {
  switch (kind) {
    case 0: line.resize(line.size() / 2); break;  // not JSON
    case 1: {                                      // "list_price":"12.50" -> 12.50
      size_t start = ValueStart(line, "list_price");
      size_t end = line.find('"', start);
      line.erase(end, 1);
      line.erase(start - 1, 1);
      break;
    }
    case 2: {                                      // created_at without its offset
      size_t start = ValueStart(line, "created_at");
      size_t end = line.find('"', start);
      line.erase(start + 19, end - start - 19);
      break;
    }
    case 3: ReplaceValue(line, "status", "\"pending\""); break;
    case 4: line.replace(line.find("\"request\":"), 10, "\"requets\":"); break;
    default: {
      size_t start = ValueStart(line, "currency");
      for (size_t i = start; i < start + 3; ++i) line[i] = static_cast<char>(line[i] | 0x20);
    }
  }
}

}  // namespace refund::gen
