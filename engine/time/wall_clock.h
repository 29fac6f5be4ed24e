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

inline constexpr int64_t kDaysPerEra = 146097;           // days in 400 Gregorian years
inline constexpr int64_t kEpochFromMarch0000 = 719468;  // days from 0000-03-01 to 1970-01-01

// CivilDate::DaysSinceEpoch (Howard Hinnant's days_from_civil), inline here so that parsing a
// timestamp, which needs it for every one, does not call across files.
inline int64_t DaysFromCivil(int year, int month, int day) {
  // Years start on March 1 so that the leap day is the last day of a year.
  int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  int64_t era = FloorDiv(y, 400);
  int64_t year_of_era = y - era * 400;                              // [0, 399]
  int64_t month_from_march = (month + 9) % 12;                      // March is 0
  int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;  // [0, 365]
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * kDaysPerEra + day_of_era - kEpochFromMarch0000;
}

// Appends "YYYY-MM-DDTHH:MM:SS[.f]" for a wall-clock reading given as microseconds since its
// 1970-01-01T00:00:00. The fraction appears only when non-zero, with trailing zeros removed.
void AppendWallClock(int64_t micros, std::string& out);

// Appends `value` in decimal, zero-padded on the left to at least `width` digits.
void AppendPadded(uint64_t value, int width, std::string& out);

}  // namespace refund::time
