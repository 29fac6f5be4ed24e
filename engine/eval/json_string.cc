// AppendJsonString: one pass that checks UTF-8 sequences as it meets them, steps over plain
// ASCII sixteen bytes at a time, and appends the runs between escapes whole.
#include "engine/eval/json_string.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// The length of the well-formed UTF-8 sequence that starts at `p` (a byte >= 0x80), or 0 when
// there is none (Unicode table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF, no
// truncated sequence): the set nlohmann's decoder accepts.
size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
  const unsigned char lead = *p;
  // Continuation bytes are 80..BF, except the second byte after E0, ED, F0 and F4.
  size_t length;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (static_cast<size_t>(end - p) < length) return 0;
  if (p[1] < low || p[1] > high) return 0;
  for (size_t i = 2; i < length; ++i)
    if ((p[i] & 0xC0) != 0x80) return 0;
  return length;
}

// The first byte from `p` on that is not plain ASCII needing no escape (a control character,
// `"`, `\` or a byte of 0x80 and up), or a point within the last few bytes before `end`:
// sixteen bytes a step with SSE2 (every x86-64 has it), else eight by bit tricks.
const unsigned char* SkipPlainAscii(const unsigned char* p, const unsigned char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Signed, bytes of 0x80 and up are negative, so "below 0x20" also finds them.
    const __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                                      _mm_cmplt_epi8(bytes, space));
    if (const int mask = _mm_movemask_epi8(stop); mask != 0) return p + std::countr_zero(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (end - p >= 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof word);
    if ((word & kHighBits) != 0 || NeedsEscape(word)) return p;
    p += 8;
  }
  return p;
}

}  // namespace

void AppendJsonString(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const size_t start = out.size();
  out += '"';
  const auto* run = reinterpret_cast<const unsigned char*>(s.data());  // not yet appended
  const unsigned char* const end = run + s.size();
  const auto append_run = [&](const unsigned char* stop) {
    out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(stop - run));
  };
  const unsigned char* p = run;
  while (p != end) {
    p = SkipPlainAscii(p, end);
    if (p == end) break;
    const unsigned char c = *p;
    if (c >= 0x80) {  // UTF-8 passes through once checked
      const size_t length = Utf8SequenceLength(p, end);
      if (length == 0) {
        out.resize(start);
        out += nlohmann::json(std::string(s)).dump();  // throws type_error 316, as it always did
        return;
      }
      p += length;
      continue;
    }
    ++p;
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    append_run(p - 1);
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
  append_run(end);
  out += '"';
}

}  // namespace refund::eval
