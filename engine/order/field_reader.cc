// Typed, validated reads of single order values; see field_reader.h. The value rules (money,
// timestamps) come from engine/money and engine/time; this file adds the JSON-type checks and
// the wording of the errors.
#include "engine/order/field_reader.h"

#include <fmt/format.h>

#include <charconv>

#include "engine/schema/schema.h"

namespace refund::order {
namespace {

std::string_view Article(JsonKind kind) {
  return kind == JsonKind::kObject || kind == JsonKind::kArray ? "an" : "a";
}

}  // namespace

bool IsUnsignedDecimal(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == 0) return false;
  if (i == text.size()) return true;
  if (text[i] != '.') return false;
  size_t digits = ++i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  return i > digits && i == text.size();
}

Node Node::Field(std::string_view key) const {
  Node child{nullptr, AppendPointer(path, key)};
  if (value != nullptr && value->kind == JsonKind::kObject) {
    const JsonValue* found = value->Find(key);
    if (found != nullptr && found->kind != JsonKind::kNull) child.value = found;
  }
  return child;
}

Node Node::Element(size_t index) const {
  Node child{nullptr, path + "/" + std::to_string(index)};
  if (value != nullptr && index < value->elements.size()) {
    const JsonValue& element = value->elements[index];
    if (element.kind != JsonKind::kNull) child.value = &element;
  }
  return child;
}

std::string_view ShownPart(std::string_view text) {
  if (text.size() <= kMaxQuotedBytes) return text;
  size_t cut = kMaxQuotedBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole characters
  return text.substr(0, cut);
}

std::string Quote(std::string_view text) {
  const std::string_view shown = ShownPart(text);
  std::string out = "\"";
  for (char c : shown) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  return out + (shown.size() < text.size() ? "...\"" : "\"");
}

std::string DescribeValue(const JsonValue* value) {
  if (value == nullptr) return "null";
  switch (value->kind) {
    case JsonKind::kString: return Quote(value->text);
    case JsonKind::kInteger:
    case JsonKind::kNumber: {
      const std::string_view shown = ShownPart(value->text);
      return fmt::format("number {}{}", shown, shown.size() < value->text.size() ? "..." : "");
    }
    case JsonKind::kBool: return value->boolean ? "boolean true" : "boolean false";
    default: return std::string(JsonKindName(value->kind));
  }
}

bool FieldReader::Fail(const std::string& path, std::string message) {
  // Messages quote input, sometimes shortened (engine/money, engine/time) in the middle of a
  // character; an error record must still be valid UTF-8 JSON.
  if (!error_) error_ = OrderError{path, ToValidUtf8(message)};
  return false;
}

bool FieldReader::Require(const Node& node) {
  return node.present() || Fail(node.path, "missing required field");
}

bool FieldReader::ExpectKind(const Node& node, JsonKind kind) {
  if (!node.present() || node.value->kind == kind) return true;
  return Fail(node.path, fmt::format("expected {} {}, got {}", Article(kind), JsonKindName(kind),
                                     JsonKindName(node.value->kind)));
}

bool FieldReader::String(const Node& node, std::string& out) {
  if (!ExpectKind(node, JsonKind::kString)) return false;
  if (node.present()) out = node.value->text;
  return true;
}

bool FieldReader::String(const Node& node, std::optional<std::string>& out) {
  if (!ExpectKind(node, JsonKind::kString)) return false;
  if (node.present()) out = node.value->text;
  return true;
}

bool FieldReader::Enum(const Node& node, std::string_view field, std::string& out) {
  if (!node.present()) return true;
  const schema::Field* spec = schema::FindField(field);
  if (node.value->kind == JsonKind::kString) {
    for (std::string_view allowed : spec->values) {
      if (allowed == node.value->text) {
        out = node.value->text;
        return true;
      }
    }
  }
  return Fail(node.path, fmt::format("expected one of {}, got {}", fmt::join(spec->values, ", "),
                                     DescribeValue(node.value)));
}

bool FieldReader::Strings(const Node& node, std::vector<std::string>& out) {
  if (!ExpectKind(node, JsonKind::kArray)) return false;
  if (!node.present()) return true;
  for (size_t i = 0; i < node.value->elements.size(); ++i) {
    Node element = node.Element(i);
    if (!element.present() || element.value->kind != JsonKind::kString) {
      return Fail(element.path, fmt::format("expected a string, got {}",
                                            DescribeValue(element.value)));
    }
    out.push_back(element.value->text);
  }
  return true;
}

bool FieldReader::Bool(const Node& node, std::optional<bool>& out) {
  if (!ExpectKind(node, JsonKind::kBool)) return false;
  if (node.present()) out = node.value->boolean;
  return true;
}

bool FieldReader::Time(const Node& node, Instant& out) {
  std::optional<Instant> read;
  if (!Time(node, read)) return false;
  if (read) out = *read;
  return true;
}

bool FieldReader::Time(const Node& node, std::optional<Instant>& out) {
  if (!node.present()) return true;
  if (node.value->kind != JsonKind::kString) {
    return Fail(node.path, fmt::format("timestamp must be an RFC 3339 string, got {}",
                                       DescribeValue(node.value)));
  }
  std::string why;
  out = ParseTimestamp(node.value->text, &why);
  if (out) return true;
  return Fail(node.path, why);  // engine/time names the value and what is wrong with it
}

bool FieldReader::MoneyMinor(const Node& node, Currency currency, int64_t& out) {
  if (!node.present()) return true;
  if (node.value->kind != JsonKind::kString) {
    return Fail(node.path, fmt::format("money must be a decimal string, got {}",
                                       DescribeValue(node.value)));
  }
  std::string why;
  std::optional<Money> money = Money::Parse(node.value->text, currency, &why);
  if (!money) {
    return Fail(node.path, why);  // engine/money names the value and what is wrong with it
  }
  out = money->minor();
  return true;
}

bool FieldReader::Count(const Node& node, int64_t& out) {
  if (!node.present()) return true;
  const JsonValue& v = *node.value;
  bool ok = v.kind == JsonKind::kInteger && v.text[0] != '-';
  if (ok) {
    auto [ptr, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), out);
    if (ec != std::errc()) return Fail(node.path, "integer " + v.text + " is too large");
    return true;
  }
  return Fail(node.path, fmt::format("expected an integer >= 0, got {}", DescribeValue(&v)));
}

bool FieldReader::Quantity(const Node& node, std::optional<Ratio>& out) {
  if (!node.present()) return true;
  const JsonValue& v = *node.value;
  bool integer = v.kind == JsonKind::kInteger && v.text[0] != '-';
  bool decimal = v.kind == JsonKind::kString && IsUnsignedDecimal(v.text);
  if (!integer && !decimal) {
    return Fail(node.path, fmt::format(
        "expected an integer >= 0 or an unsigned decimal string, got {}", DescribeValue(&v)));
  }
  out = Ratio::ParseDecimal(v.text);
  if (!out) return Fail(node.path, fmt::format("quantity {} is out of range", DescribeValue(&v)));
  return true;
}

}  // namespace refund::order
