// Builds a JsonValue tree from ParseJson's events (json_parser.h). The parser is iterative, so a
// 100k-deep `[[[[` line costs nothing: the builder refuses the first container past the depth
// limit and parsing stops there.
#include "engine/order/json_tree.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <set>

#include "engine/order/json_parser.h"

namespace refund::order {

JsonValue::JsonValue() = default;
JsonValue::JsonValue(const JsonValue&) = default;
JsonValue::JsonValue(JsonValue&&) noexcept = default;
JsonValue& JsonValue::operator=(const JsonValue&) = default;
JsonValue& JsonValue::operator=(JsonValue&&) noexcept = default;
JsonValue::~JsonValue() = default;

namespace {

JsonValue Make(JsonKind kind, std::string text = {}, bool boolean = false) {
  JsonValue value;
  value.kind = kind;
  value.text = std::move(text);
  value.boolean = boolean;
  return value;
}

// A number token as the tree keeps it: an integer that fits 64 bits as its decimal value
// (`-0` is `0`), anything else (a fraction, an exponent, more digits) as written.
JsonValue NumberValue(std::string_view token) {
  const bool integer = token.find_first_of(".eE") == std::string_view::npos;
  if (integer && token[0] == '-') {
    int64_t value = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec == std::errc() && end == token.data() + token.size()) {
      return Make(JsonKind::kInteger, std::to_string(value));
    }
  } else if (integer) {
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec == std::errc() && end == token.data() + token.size()) {
      return Make(JsonKind::kInteger, std::to_string(value));
    }
  }
  return Make(JsonKind::kNumber, std::string(token));
}

class TreeBuilder : public JsonEvents {
 public:
  bool Null() override { return Add(JsonValue{}); }
  bool Bool(bool value) override { return Add(Make(JsonKind::kBool, {}, value)); }
  bool Number(std::string_view token) override { return Add(NumberValue(token)); }
  bool String(std::string& value) override {
    if (frames_.size() == 1 && frames_[0].key == "id" && !result_.root_id) result_.root_id = value;
    return Add(Make(JsonKind::kString, std::move(value)));
  }
  bool StartObject() override { return Open(JsonKind::kObject); }
  bool StartArray() override { return Open(JsonKind::kArray); }
  bool EndObject() override { return Close(); }
  bool EndArray() override { return Close(); }
  bool Key(std::string& key) override {
    Frame& frame = frames_.back();
    if (IsDuplicate(frame, key)) {
      return Fail(AppendPointer(ParentPointer(), key), fmt::format("duplicate key \"{}\"", key));
    }
    frame.key = std::move(key);
    return true;
  }
  void SyntaxError(const JsonSyntaxError& error) {
    result_.root_id.reset();  // a line that is not JSON has no id
    Fail("", DescribeSyntaxError(error));
  }

  JsonTreeResult Take() {
    if (!failed_) result_.root = std::move(root_);
    return std::move(result_);
  }

 private:
  struct Frame {
    JsonValue* value;
    std::string key;  // objects: key of the member being read
    std::set<std::string, std::less<>> keys;  // filled only past kScanKeys members
  };

  // Objects up to this many members are checked for duplicate keys by a scan of the members
  // read so far (no allocation); larger ones through `keys`, so a hostile object stays n log n.
  static constexpr size_t kScanKeys = 16;

  static bool IsDuplicate(Frame& frame, const std::string& key) {
    const auto& members = frame.value->members;
    if (members.size() < kScanKeys) {
      for (const auto& member : members)
        if (member.first == key) return true;
      return false;
    }
    if (frame.keys.empty())
      for (const auto& member : members) frame.keys.insert(member.first);
    return !frame.keys.insert(key).second;
  }

  bool Fail(std::string path, std::string message) {
    if (!failed_) {
      failed_ = true;
      result_.error_path = std::move(path);
      result_.error_message = std::move(message);
    }
    return false;
  }

  // Where the next value goes; nullptr after a root scalar (reported by the caller).
  bool Add(JsonValue value) { return Place(std::move(value)) != nullptr; }

  JsonValue* Place(JsonValue value) {
    if (frames_.empty()) {
      if (value.kind != JsonKind::kObject) {
        Fail("", fmt::format("expected a json object, got {}", JsonKindName(value.kind)));
        return nullptr;
      }
      root_ = std::move(value);
      return &root_;
    }
    JsonValue& parent = *frames_.back().value;
    if (parent.kind == JsonKind::kArray) {
      parent.elements.push_back(std::move(value));
      return &parent.elements.back();
    }
    parent.members.emplace_back(frames_.back().key, std::move(value));
    return &parent.members.back().second;
  }

  bool Open(JsonKind kind) {
    if (frames_.size() >= static_cast<size_t>(kMaxJsonDepth)) {
      return Fail(Pointer(), fmt::format("nesting deeper than {} levels", kMaxJsonDepth));
    }
    JsonValue* value = Place(Make(kind));
    if (value == nullptr) return false;
    frames_.push_back(Frame{value, {}, {}});
    return true;
  }

  bool Close() {
    frames_.pop_back();
    return true;
  }

  // Pointer of the innermost open container.
  std::string ParentPointer() const {
    std::string path;
    for (size_t i = 0; i + 1 < frames_.size(); ++i) path = AppendStep(path, i, false);
    return path;
  }

  // Pointer of the value about to be added.
  std::string Pointer() const {
    if (frames_.empty()) return "";
    return AppendStep(ParentPointer(), frames_.size() - 1, true);
  }

  std::string AppendStep(const std::string& base, size_t frame, bool next) const {
    const JsonValue& container = *frames_[frame].value;
    if (container.kind == JsonKind::kObject) return AppendPointer(base, frames_[frame].key);
    size_t index = container.elements.size() - (next ? 0 : 1);
    return base + "/" + std::to_string(index);
  }

  std::vector<Frame> frames_;
  JsonValue root_;
  JsonTreeResult result_;
  bool failed_ = false;
};

}  // namespace

std::string DescribeSyntaxError(const JsonSyntaxError& error) {
  return fmt::format("invalid json at byte {}: {}", error.byte, error.message);
}

std::string_view JsonKindName(JsonKind kind) {
  switch (kind) {
    case JsonKind::kNull: return "null";
    case JsonKind::kBool: return "boolean";
    case JsonKind::kInteger:
    case JsonKind::kNumber: return "number";
    case JsonKind::kString: return "string";
    case JsonKind::kArray: return "array";
    case JsonKind::kObject: return "object";
  }
  return "value";
}

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& [name, value] : members) {
    if (name == key) return &value;
  }
  return nullptr;
}

std::string AppendPointer(std::string_view base, std::string_view token) {
  std::string path;
  path.reserve(base.size() + 1 + token.size());
  path += base;
  path += '/';
  if (std::none_of(token.begin(), token.end(), [](char c) { return c == '~' || c == '/'; })) {
    path += token;
    return path;
  }
  for (char c : token) {
    if (c == '~') path += "~0";
    else if (c == '/') path += "~1";
    else path += c;
  }
  return path;
}

size_t Utf8CharLength(std::string_view text, size_t i) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  unsigned char c = s[i];
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  bool ok = len != 0 && i + len <= n && (len != 2 || c >= 0xC2) && (len != 4 || c <= 0xF4);
  for (size_t k = 1; ok && k < len; ++k) ok = (s[i + k] & 0xC0) == 0x80;
  if (ok && len == 3) {
    unsigned char d = s[i + 1];
    ok = !(c == 0xE0 && d < 0xA0) && !(c == 0xED && d >= 0xA0);  // overlong, surrogate
  }
  if (ok && len == 4) {
    unsigned char d = s[i + 1];
    ok = !(c == 0xF0 && d < 0x90) && !(c == 0xF4 && d >= 0x90);  // overlong, > U+10FFFF
  }
  return ok ? len : 0;
}

bool IsValidUtf8(std::string_view text, size_t* bad_offset) {
  for (size_t i = 0; i < text.size();) {
    // ASCII runs (nearly all of an order) eight bytes at a time.
    uint64_t word;
    if (i + 8 <= text.size() && (std::memcpy(&word, text.data() + i, 8), (word & 0x8080808080808080ULL) == 0)) {
      i += 8;
      continue;
    }
    size_t len = Utf8CharLength(text, i);
    if (len == 0) {
      if (bad_offset != nullptr) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

std::string ToValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = Utf8CharLength(text, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

JsonTreeResult ParseJsonTree(std::string_view text) {
  size_t bad = 0;
  if (!IsValidUtf8(text, &bad)) {
    JsonTreeResult result;
    result.error_message = fmt::format("invalid utf-8 at byte {}", bad + 1);
    return result;
  }
  TreeBuilder builder;
  JsonSyntaxError error;
  if (ParseJson(text, builder, error) == JsonParseStatus::kSyntaxError) builder.SyntaxError(error);
  return builder.Take();
}

}  // namespace refund::order
