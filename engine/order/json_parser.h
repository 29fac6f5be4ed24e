// The one JSON parser of order input (RFC 8259, strict): it reads a text of known length as
// bytes, so a NUL byte is an ordinary byte (never an end of input), and keeps every number as
// the token it was written as (no floating point, so no number is too large to read). It walks
// the text without recursion, at any depth, and reports each value to a JsonEvents listener;
// a listener that returns false stops it. Internal to engine/order; never throws.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace refund::order {

// What the parser found, in text order. Every method returns false to stop parsing.
class JsonEvents {
 public:
  virtual ~JsonEvents() = default;
  virtual bool Null() = 0;
  virtual bool Bool(bool value) = 0;
  // A number as written, well-formed JSON (`-0`, `12`, `1e400`, a 400-digit integer).
  virtual bool Number(std::string_view token) = 0;
  virtual bool String(std::string& value) = 0;  // decoded; the listener may take it
  virtual bool Key(std::string& key) = 0;
  virtual bool StartObject() = 0;
  virtual bool EndObject() = 0;
  virtual bool StartArray() = 0;
  virtual bool EndArray() = 0;
};

// Why a text is not JSON: the 1-based byte where the parser gave up (the text's size + 1 when
// it ran out of input) and what it expected, worded like "syntax error while parsing object -
// unexpected end of input; expected '}'".
struct JsonSyntaxError {
  size_t byte = 0;
  std::string message;
  bool at_end = false;  // the text ended before the value did (it may go on in more input)
};

enum class JsonParseStatus { kDone, kStopped, kSyntaxError };

// Parses `text` as one JSON value with only white space (space, tab, LF, CR) around it. kDone:
// every event was delivered; kStopped: a listener returned false; kSyntaxError: `error` says
// where and why (events up to that point were delivered). `text` need not be valid UTF-8: the
// parser reads strings byte by byte and checks only the JSON grammar (callers check UTF-8).
JsonParseStatus ParseJson(std::string_view text, JsonEvents& events, JsonSyntaxError& error);

// Whether `text` is one complete JSON value (any depth); the syntax error when not.
std::optional<JsonSyntaxError> CheckJsonSyntax(std::string_view text);

}  // namespace refund::order
