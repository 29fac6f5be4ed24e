// UTF-8 decoding (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF) and widths.
#include "engine/source/utf8.h"

#include <cstdint>

namespace refund::source {
namespace {

// Sequence length announced by a lead byte, 0 when the byte cannot start a character.
size_t SequenceLength(uint8_t lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

}  // namespace

DecodedChar DecodeUtf8(std::string_view text, size_t offset) {
  const auto lead = static_cast<uint8_t>(text[offset]);
  const size_t length = SequenceLength(lead);
  if (length == 0 || offset + length > text.size()) return {};
  if (length == 1) return {lead, 1, true};
  char32_t code_point = lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<uint8_t>(text[offset + i]);
    if ((byte & 0xC0) != 0x80) return {};
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (code_point < kMinimum[length] || surrogate || code_point > 0x10FFFF) return {};
  return {code_point, length, true};
}

std::optional<size_t> FindInvalidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const DecodedChar decoded = DecodeUtf8(text, i);
    if (!decoded.valid) return i;
    i += decoded.size;
  }
  return std::nullopt;
}

int CountChars(std::string_view text) {
  int count = 0;
  for (size_t i = 0; i < text.size(); i += DecodeUtf8(text, i).size) ++count;
  return count;
}

int DisplayWidth(char32_t c) {
  // The wide blocks of Unicode's East Asian Width property that policies plausibly contain.
  const bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
                    (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
                    (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
                    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
                    (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
  return wide ? 2 : 1;
}

}  // namespace refund::source
