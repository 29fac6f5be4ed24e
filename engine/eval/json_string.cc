// AppendJsonString: one validating pass over the bytes (8 at a time while they are ASCII), then
// one copying pass that appends the runs between escapes whole, stepping 8 bytes at a time over
// words that need no escape.
#include "engine/eval/json_string.h"

#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

namespace refund::eval {
namespace {

constexpr uint64_t kEachByte = 0x0101010101010101ULL;  // a byte value times this: in every byte
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Whether any byte of `word` is below 0x20, `"` or `\` (bytes 0x80 and up never are): the
// classic SWAR tests for a zero byte and for a byte less than n.
bool NeedsEscape(uint64_t word) {
  const auto has_zero = [](uint64_t v) { return (v - kEachByte) & ~v & kHighBits; };
  const uint64_t control = (word - 0x20 * kEachByte) & ~word & kHighBits;
  return (control | has_zero(word ^ ('"' * kEachByte)) | has_zero(word ^ ('\\' * kEachByte))) != 0;
}

// Whether `s` is well-formed UTF-8 (Unicode table 3-7: no overlong forms, no surrogates, nothing
// above U+10FFFF, no truncated sequence), the same set nlohmann's decoder accepts.
bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char* const end = p + s.size();
  while (p != end) {
    if (end - p >= 8) {  // fast path: a word with no high bit is eight ASCII bytes
      uint64_t word;
      std::memcpy(&word, p, sizeof word);
      if ((word & kHighBits) == 0) {
        p += 8;
        continue;
      }
    }
    const unsigned char lead = *p;
    if (lead < 0x80) {
      ++p;
      continue;
    }
    // Continuation bytes are 80..BF, except the second byte after E0, ED, F0 and F4.
    int extra;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (end - p <= extra) return false;
    if (p[1] < low || p[1] > high) return false;
    for (int i = 2; i <= extra; ++i)
      if (p[i] < 0x80 || p[i] > 0xBF) return false;
    p += extra + 1;
  }
  return true;
}

}  // namespace

void AppendJsonString(std::string_view s, std::string& out) {
  if (!IsValidUtf8(s)) {
    out += nlohmann::json(std::string(s)).dump();  // throws type_error 316, as it always did
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  const char* run = s.data();  // start of the bytes not yet appended
  const char* const end = s.data() + s.size();
  const char* p = run;
  while (p != end) {
    if (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, sizeof word);
      if (!NeedsEscape(word)) {
        p += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(*p++);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(run, p - 1);
    run = p;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escape, sizeof escape);
      }
    }
  }
  out.append(run, end);
  out += '"';
}

}  // namespace refund::eval
