// UTF-8 decoding for the front end: validating files, counting columns in characters and
// measuring how wide a character is on a terminal (for carets under CJK text).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace refund::source {

inline constexpr char32_t kReplacementChar = 0xFFFD;

struct DecodedChar {
  char32_t code_point = kReplacementChar;
  size_t size = 1;     // bytes consumed, >= 1 (so a loop over a string always advances)
  bool valid = false;  // false for a malformed, overlong, surrogate or truncated sequence
};

// The character starting at byte `offset` (< text.size()). A malformed sequence decodes as one
// byte of U+FFFD, so invalid bytes count as one character each everywhere.
DecodedChar DecodeUtf8(std::string_view text, size_t offset);
// Byte offset of the first byte that is not well-formed UTF-8; nullopt when all of it is.
std::optional<size_t> FindInvalidUtf8(std::string_view text);
// Characters (code points) in `text`.
int CountChars(std::string_view text);
// Terminal columns the character takes: 2 for East Asian wide and fullwidth, else 1.
int DisplayWidth(char32_t code_point);

}  // namespace refund::source
