// CivilDate: proleptic Gregorian dates and their day numbers (Howard Hinnant's algorithms).
#include "engine/time/wall_clock.h"
#include "refund/time.h"

namespace refund {

using time::kDaysPerEra;
using time::kEpochFromMarch0000;

int64_t CivilDate::DaysSinceEpoch() const { return time::DaysFromCivil(year, month, day); }

CivilDate CivilDate::FromDaysSinceEpoch(int64_t days) {
  int64_t shifted = days + kEpochFromMarch0000;
  int64_t era = time::FloorDiv(shifted, kDaysPerEra);
  int64_t day_of_era = shifted - era * kDaysPerEra;  // [0, 146096]
  int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t month_from_march = (5 * day_of_year + 2) / 153;
  int64_t day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
  int64_t month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
  int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return {static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

CivilDate CivilDate::AddDays(int64_t days) const {
  return FromDaysSinceEpoch(DaysSinceEpoch() + days);
}

}  // namespace refund
