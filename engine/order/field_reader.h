// Typed reads out of a JsonValue tree for order parsing. Each read checks one value against
// orders.md and, when it is wrong, records an OrderError (its JSON Pointer and what was
// expected and found). Only the first error is kept: an error record names one defect.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/order/json_tree.h"
#include "refund/money.h"
#include "refund/order.h"
#include "refund/time.h"

namespace refund::order {

// A place in the tree: the value there (nullptr when absent or JSON null, which orders.md
// treats alike) and its JSON Pointer.
struct Node {
  const JsonValue* value = nullptr;
  std::string path;

  bool present() const { return value != nullptr; }
  // The member `key` of this object (absent when this is not an object).
  Node Field(std::string_view key) const;
  // Element `index` of this array.
  Node Element(size_t index) const;
};

// `"abc"` for strings (JSON-escaped), `number 12.5`, `boolean true`, `null`, `array`, `object`.
std::string DescribeValue(const JsonValue* value);
// A value is quoted in a message up to this many bytes (whole UTF-8 characters), then `...`:
// a 16 MiB string or number still makes a short message.
inline constexpr size_t kMaxQuotedBytes = 64;
// The part of `text` a message shows: all of it, or its first kMaxQuotedBytes.
std::string_view ShownPart(std::string_view text);
// The string as a JSON string literal, cut as ShownPart says (`"abc..."`).
std::string Quote(std::string_view text);
// Whether `text` is an unsigned decimal: digits, optionally `.` and more digits ("12", "0.5").
bool IsUnsignedDecimal(std::string_view text);

class FieldReader {
 public:
  bool failed() const { return error_.has_value(); }
  const OrderError& error() const { return *error_; }
  // Records the error unless one is already recorded; returns false for `return Fail(...)`.
  bool Fail(const std::string& path, std::string message);

  // Absent or null: "missing required field".
  bool Require(const Node& node);
  // Present values of the wrong JSON type: "expected an object, got array". Absent is fine.
  bool ExpectKind(const Node& node, JsonKind kind);

  // The reads below accept an absent node and then leave `out` untouched (its default);
  // call Require first for a required field.
  bool String(const Node& node, std::string& out);
  bool String(const Node& node, std::optional<std::string>& out);
  // One of the values the schema lists for `field` ("order.status").
  bool Enum(const Node& node, std::string_view field, std::string& out);
  bool Strings(const Node& node, std::vector<std::string>& out);
  bool Bool(const Node& node, std::optional<bool>& out);
  bool Time(const Node& node, Instant& out);
  bool Time(const Node& node, std::optional<Instant>& out);
  bool MoneyMinor(const Node& node, Currency currency, int64_t& out);
  // A JSON integer >= 0 that fits in 64 bits.
  bool Count(const Node& node, int64_t& out);
  // A JSON integer >= 0 or an unsigned decimal string ("12", "0.5"), kept exact.
  bool Quantity(const Node& node, std::optional<Ratio>& out);

 private:
  std::optional<OrderError> error_;
};

}  // namespace refund::order
