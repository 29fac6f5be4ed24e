// A strict recursive-descent reader for the common shape of an order line (see json_fast.h).
// Recursion is bounded by kMaxJsonDepth; every doubt is a refusal, never a guess.
#include "engine/order/json_fast.h"

#include <charconv>
#include <cstdint>
#include <string>

namespace refund::order {
namespace {

// Objects this large are left to nlohmann, whose duplicate-key check is n log n.
constexpr size_t kMaxScannedMembers = 64;

class CommonReader {
 public:
  explicit CommonReader(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  std::optional<JsonTreeResult> Read() {
    SkipSpace();
    if (p_ == end_ || *p_ != '{') return std::nullopt;
    JsonTreeResult result;
    JsonValue root;
    if (!Object(root, 1)) return std::nullopt;
    SkipSpace();
    if (p_ != end_) return std::nullopt;
    for (const auto& [key, value] : root.members)
      if (key == "id" && value.kind == JsonKind::kString) {
        result.root_id = value.text;
        break;
      }
    result.root = std::move(root);
    return result;
  }

 private:
  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }

  bool Take(char c) {
    SkipSpace();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  // A string without escapes or control characters; *p_ is the opening quote.
  bool String(std::string& out) {
    const char* start = ++p_;
    while (p_ != end_ && *p_ != '"') {
      if (*p_ == '\\' || static_cast<unsigned char>(*p_) < 0x20) return false;
      ++p_;
    }
    if (p_ == end_) return false;
    out.assign(start, p_ - start);
    ++p_;
    return true;
  }

  // -?(0|[1-9][0-9]*) of at most 18 digits, so that it fits int64; fractions and exponents are
  // refused.
  bool Integer(JsonValue& out) {
    const char* start = p_;
    if (*p_ == '-') ++p_;
    const char* digits = p_;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    const size_t count = static_cast<size_t>(p_ - digits);
    if (count == 0 || count > 18 || (count > 1 && *digits == '0')) return false;
    if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    int64_t value = 0;
    if (std::from_chars(start, p_, value).ec != std::errc()) return false;
    out.kind = JsonKind::kInteger;
    out.text = std::to_string(value);  // as nlohmann's integer events give it ("-0" is "0")
    return true;
  }

  bool Word(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  bool Value(JsonValue& out, int depth) {
    SkipSpace();
    if (p_ == end_) return false;
    switch (*p_) {
      case '{': return Object(out, depth + 1);
      case '[': return Array(out, depth + 1);
      case '"': out.kind = JsonKind::kString; return String(out.text);
      case 't': out.kind = JsonKind::kBool; out.boolean = true; return Word("true");
      case 'f': out.kind = JsonKind::kBool; return Word("false");
      case 'n': return Word("null");
      default: return (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) && Integer(out);
    }
  }

  // *p_ is '{'; `depth` counts this object (the root is 1).
  bool Object(JsonValue& out, int depth) {
    if (depth > kMaxJsonDepth) return false;
    out.kind = JsonKind::kObject;
    ++p_;
    if (Take('}')) return true;
    do {
      SkipSpace();
      if (p_ == end_ || *p_ != '"' || out.members.size() >= kMaxScannedMembers) return false;
      std::string key;
      if (!String(key)) return false;
      for (const auto& member : out.members)
        if (member.first == key) return false;  // nlohmann names the duplicate
      if (!Take(':')) return false;
      out.members.emplace_back(std::move(key), JsonValue());
      if (!Value(out.members.back().second, depth)) return false;
    } while (Take(','));
    return Take('}');
  }

  bool Array(JsonValue& out, int depth) {
    if (depth > kMaxJsonDepth) return false;
    out.kind = JsonKind::kArray;
    ++p_;
    if (Take(']')) return true;
    do {
      out.elements.emplace_back();
      if (!Value(out.elements.back(), depth)) return false;
    } while (Take(','));
    return Take(']');
  }

  const char* p_;
  const char* end_;
};

}  // namespace

std::optional<JsonTreeResult> ParseCommonJsonTree(std::string_view text) { return CommonReader(text).Read(); }

}  // namespace refund::order
