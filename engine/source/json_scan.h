// The inner loop shared by the JSON reader (engine/order/json_tokens.h) and the JSON string
// writer (engine/eval/json_string.cc): skipping the plain ASCII inside a string, which needs no
// look at all, many bytes a step.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace refund {

// Whether a string scan must look at byte `c`: a control character, `"`, `\`, or a byte of
// 0x80 and up (UTF-8, to be checked).
inline bool IsJsonStopByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == '"' || u == '\\' || u >= 0x80;
}

// The first byte in [p, end) that a string scan must look at (IsJsonStopByte), else `end`. Many
// bytes a step: sixteen with SSE2 (every x86-64 has it), else eight by bit tricks on a 64-bit
// word; the last step reads the block that ends at `end`, overlapping bytes already found plain,
// so that only texts shorter than one step go byte by byte.
inline const char* SkipPlainJsonText(const char* p, const char* end) {
#if defined(__SSE2__)
  if (end - p >= 16) {
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
    for (;;) {
      if (end - p < 16) p = end - 16;
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      // Signed, bytes of 0x80 and up are negative, so "below 0x20" finds them as well.
      const __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                                        _mm_cmplt_epi8(bytes, space));
      if (const int mask = _mm_movemask_epi8(stop); mask != 0) return p + std::countr_zero(static_cast<unsigned>(mask));
      p += 16;
      if (p >= end) return end;
    }
  }
#endif
  if (end - p >= 8) {
    // The high bit of each byte to stop at ("has a zero byte", "has a byte below n"). A borrow
    // can only flag a byte above a flagged one, so the lowest flag is exact.
    static_assert(std::endian::native == std::endian::little, "the first byte is the lowest");
    constexpr uint64_t kOnes = 0x0101010101010101, kHighs = 0x8080808080808080;
    const auto zero_bytes = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
    for (;;) {
      if (end - p < 8) p = end - 8;
      uint64_t word;
      std::memcpy(&word, p, 8);
      const uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighs;
      const uint64_t stops =
          below_space | zero_bytes(word ^ (kOnes * '"')) | zero_bytes(word ^ (kOnes * '\\')) | (word & kHighs);
      if (stops != 0) return p + std::countr_zero(stops) / 8;
      p += 8;
      if (p >= end) return end;
    }
  }
  for (; p != end; ++p)
    if (IsJsonStopByte(*p)) return p;
  return end;
}

}  // namespace refund
