// Instants, durations and calendar arithmetic in IANA time zones.
//
//   auto paid = refund::ParseTimestamp("2026-03-01T10:05:00+08:00");   // UTC microseconds
//   auto zone = refund::TimeZone::Locate("Asia/Shanghai");            // system zoneinfo
//   refund::CivilDate day = zone->LocalDate(*paid);                   // 2026-03-01
//   refund::Instant end = zone->StartOfDay(day.AddDays(6));           // 2026-03-07T00:00+08:00
//   zone->Format(end);                                                 // "2026-03-07T00:00:00+08:00"
//
// The engine never reads the clock or the local zone: every instant comes from the input.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace refund {

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerHour = 3600 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

// An elapsed span of time in microseconds (may be negative).
struct Duration {
  int64_t micros = 0;
  static constexpr Duration Hours(int64_t h) { return {h * kMicrosPerHour}; }
  static constexpr Duration Days(int64_t d) { return {d * kMicrosPerDay}; }  // 24-hour days
  friend constexpr auto operator<=>(Duration, Duration) = default;
  friend constexpr Duration operator+(Duration a, Duration b) { return {a.micros + b.micros}; }
  friend constexpr Duration operator-(Duration a, Duration b) { return {a.micros - b.micros}; }
};

// A point in time: microseconds since 1970-01-01T00:00:00Z.
struct Instant {
  int64_t micros = 0;
  friend constexpr auto operator<=>(Instant, Instant) = default;
  friend constexpr Instant operator+(Instant a, Duration d) { return {a.micros + d.micros}; }
  friend constexpr Instant operator-(Instant a, Duration d) { return {a.micros - d.micros}; }
  friend constexpr Duration operator-(Instant a, Instant b) { return {a.micros - b.micros}; }
};

// A calendar date (proleptic Gregorian), no zone.
struct CivilDate {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
  CivilDate AddDays(int64_t days) const;  // days may be negative
  int64_t DaysSinceEpoch() const;  // 1970-01-01 is 0
  static CivilDate FromDaysSinceEpoch(int64_t days);
  friend constexpr auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// Parses an RFC 3339 timestamp as orders.md defines it: YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM),
// `T` and `Z` in either case, years 0001-9999, the date must exist, hour 24 and second 60
// rejected, digits beyond microseconds truncated. On failure returns nullopt and, when `error`
// is given, says what was expected.
std::optional<Instant> ParseTimestamp(std::string_view text, std::string* error = nullptr);

// Formats in UTC with `Z` ("2026-03-01T02:05:00Z"). A fraction appears only when it is not zero,
// with as many digits as it needs: trailing zeros removed ("...:00.5Z", "...:00.000001Z"). For
// text (diagnostics): a year past 9999 is written with its digits, a year before 1 with a sign.
std::string FormatUtc(Instant instant);
// FormatUtc's text appended to `out` when the year is within 0001-9999 (RFC 3339 as orders.md
// reads it); false, and nothing appended, otherwise.
[[nodiscard]] bool AppendFormatUtc(Instant instant, std::string& out);

// Whether a local time, in microseconds since its 1970-01-01T00:00:00, falls in years
// 0001-9999: the years an RFC 3339 timestamp of orders.md can name.
bool IsWritableLocalTime(int64_t local_micros);

// An IANA time zone read from the system zoneinfo (never downloaded). Cheap to copy; safe to
// use from many threads.
class TimeZone {
 public:
  // nullopt when the system has no zone of that name. Located zones are cached.
  static std::optional<TimeZone> Locate(std::string_view name);
  const std::string& name() const;

  // UTC offset in effect at `instant`.
  Duration OffsetAt(Instant instant) const;
  // The calendar date at `instant` in this zone.
  CivilDate LocalDate(Instant instant) const;
  // The first instant of `date` in this zone (00:00 local, or the first existing time after a gap).
  Instant StartOfDay(CivilDate date) const;
  // The calendar year at `instant` in this zone, and the first instant of a year.
  int Year(Instant instant) const;
  Instant StartOfYear(int year) const { return StartOfDay({year, 1, 1}); }
  // Rounded down / up to a whole hour of local time (identity when already on the hour):
  // the local minutes, seconds and fraction at `instant` are removed or filled up, so the
  // result is <= / >= `instant`. In Asia/Kolkata (+05:30) 10:00Z floors to 09:30Z.
  Instant FloorToHour(Instant instant) const;
  Instant CeilToHour(Instant instant) const;

  // RFC 3339 in this zone: "2026-03-07T00:00:00+08:00". The offset is always numeric ("+00:00"
  // for UTC, never "Z") and in whole minutes: a historical offset with seconds (local mean time
  // before 1901, +08:05:43) is truncated toward zero (+08:05) and the local time moved with it,
  // so that the text names the same instant. The fraction is printed as by FormatUtc. nullopt
  // when that local time falls outside years 0001-9999, which RFC 3339 and orders.md cannot
  // write (decisions.md writes such an instant as null).
  std::optional<std::string> Format(Instant instant) const;
  // The same text appended to `out`, without a temporary (decisions are written this way);
  // false, and nothing appended, where Format gives nullopt.
  [[nodiscard]] bool AppendFormat(Instant instant, std::string& out) const;
  // The offset Format writes at `instant`: OffsetAt truncated toward zero to whole minutes.
  // Local times shown to people (dates in explanations) use it too, to agree with Format.
  Duration WrittenOffsetAt(Instant instant) const;

 private:
  struct Impl;
  explicit TimeZone(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace refund
