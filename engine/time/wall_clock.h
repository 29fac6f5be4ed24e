// Private to engine/time: floor division and the wall-clock text shared by FormatUtc and
// TimeZone::Format.
#pragma once

#include <cstdint>
#include <string>

namespace refund::time {

// a / b rounded toward negative infinity (b > 0), so instants before 1970 fall on the right day.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t quotient = a / b;
  return (a % b != 0 && a < 0) ? quotient - 1 : quotient;
}

// a - FloorDiv(a, b) * b: always in [0, b) for b > 0.
inline int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

// Appends "YYYY-MM-DDTHH:MM:SS[.f]" for a wall-clock reading given as microseconds since its
// 1970-01-01T00:00:00. The fraction appears only when non-zero, with trailing zeros removed.
void AppendWallClock(int64_t micros, std::string& out);

// Appends `value` in decimal, zero-padded on the left to at least `width` digits.
void AppendPadded(uint64_t value, int width, std::string& out);

}  // namespace refund::time
