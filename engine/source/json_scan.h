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

// The first byte from `p` on that a string scan must look at (a control character, `"`, `\` or
// a byte of 0x80 and up), or a point within the last 8 bytes before `end` when there is none
// before: the caller goes on byte by byte there. Sixteen bytes a step with SSE2 (every x86-64
// has it), then eight by bit tricks on a 64-bit word.
inline const char* SkipPlainJsonText(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
  while (end - p >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Signed, bytes of 0x80 and up are negative, so "below 0x20" finds them as well.
    const __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                                      _mm_cmplt_epi8(bytes, space));
    if (const int mask = _mm_movemask_epi8(stop); mask != 0) return p + std::countr_zero(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  // The high bit of each byte to stop at ("has a zero byte", "has a byte below n"). A borrow can
  // only flag a byte above a flagged one, so the lowest flag is exact.
  static_assert(std::endian::native == std::endian::little, "the first byte is the lowest");
  constexpr uint64_t kOnes = 0x0101010101010101, kHighs = 0x8080808080808080;
  const auto zero_bytes = [](uint64_t v) { return (v - kOnes) & ~v & kHighs; };
  while (end - p >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    const uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighs;
    const uint64_t stops =
        below_space | zero_bytes(word ^ (kOnes * '"')) | zero_bytes(word ^ (kOnes * '\\')) | (word & kHighs);
    if (stops != 0) return p + std::countr_zero(stops) / 8;
    p += 8;
  }
  return p;
}

}  // namespace refund
