// A small read-only JSON tree built from the events of ParseJson (json_parser.h): duplicate
// keys, nesting past kMaxJsonDepth and invalid UTF-8 are errors, numbers keep the text they
// were written with (no floating point, so none is too large), and the root must be an object.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace refund::order {

// Containers (objects, arrays) nested deeper than this are rejected before any tree is built.
inline constexpr int kMaxJsonDepth = 64;

enum class JsonKind { kNull, kBool, kInteger, kNumber, kString, kArray, kObject };

// "null", "boolean", "number" (kInteger and kNumber alike), "string", "array", "object".
std::string_view JsonKindName(JsonKind kind);

struct JsonValue {
  JsonKind kind = JsonKind::kNull;
  bool boolean = false;
  // kString: the decoded string. kInteger: the value in decimal ('-' when negative).
  // kNumber (a fraction, an exponent, or an integer beyond 64 bits): the token as written.
  std::string text;
  std::vector<JsonValue> elements;                         // kArray
  std::vector<std::pair<std::string, JsonValue>> members;  // kObject, in input order

  // Declared here, defined where JsonValue is complete: clang would otherwise instantiate the
  // members' destructor while JsonValue is still incomplete.
  JsonValue();
  JsonValue(const JsonValue&);
  JsonValue(JsonValue&&) noexcept;
  JsonValue& operator=(const JsonValue&);
  JsonValue& operator=(JsonValue&&) noexcept;
  ~JsonValue();

  // The member named `key`, or nullptr (keys are unique by construction).
  const JsonValue* Find(std::string_view key) const;
};

struct JsonTreeResult {
  std::optional<JsonValue> root;  // an object; nullopt on error
  std::string error_path;         // JSON Pointer of the problem; "" for the whole text
  std::string error_message;
  // The root's "id" member when it was a string seen before any error (for error records).
  std::optional<std::string> root_id;
};

// Parses one JSON text whose root must be an object. Never throws.
JsonTreeResult ParseJsonTree(std::string_view text);

// The elements of a text that is one JSON array, as byte spans [begin, end) of `text`, each
// element's own raw text. When the whole text is not valid JSON (or not an array), `error`
// says why and there are no spans. Element contents are not otherwise checked: each is parsed
// on its own later, so an order with a duplicate key does not sink its neighbours.
struct JsonArraySpans {
  std::vector<std::pair<size_t, size_t>> spans;
  std::optional<std::string> error;
};
JsonArraySpans SplitJsonArray(std::string_view text);

struct JsonSyntaxError;
// "invalid json at byte 7: syntax error while parsing ...".
std::string DescribeSyntaxError(const JsonSyntaxError& error);

// `base` + "/" + `token` with `~` and `/` escaped as RFC 6901 says.
std::string AppendPointer(std::string_view base, std::string_view token);

// Whether `text` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF); when
// not, `bad_offset` gets the offset of the first bad byte.
bool IsValidUtf8(std::string_view text, size_t* bad_offset = nullptr);
// Bytes of the well-formed UTF-8 character at `text[i]`, 0 when it is not one.
size_t Utf8CharLength(std::string_view text, size_t i);
// `text` with every byte that is not part of a well-formed character replaced by U+FFFD.
std::string ToValidUtf8(std::string_view text);

}  // namespace refund::order
