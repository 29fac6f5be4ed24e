// Equality of short texts, shared by the order reader (keys, enumerated values, timestamps) and
// the evaluator (a field against a word of the policy).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace refund {

// Equality a word at a time, without a call to memcmp: the texts compared are short and often
// share long prefixes (the timestamps of one order do), which a byte loop pays for byte by byte.
// The last word overlaps the one before it.
inline bool SameText(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  const auto load = [](const char* p, auto word) {
    std::memcpy(&word, p, sizeof word);
    return word;
  };
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8)
      if (load(x + i, uint64_t{}) != load(y + i, uint64_t{})) return false;
    return load(x + n - 8, uint64_t{}) == load(y + n - 8, uint64_t{});
  }
  if (n >= 4) return load(x, uint32_t{}) == load(y, uint32_t{}) && load(x + n - 4, uint32_t{}) == load(y + n - 4, uint32_t{});
  for (size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return false;
  return true;
}

}  // namespace refund
