// Tests for include/refund/time.h: civil dates, RFC 3339 timestamps and IANA time zones.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>

#include <date/tz.h>

#include "refund/time.h"

namespace refund {
namespace {

constexpr int64_t kSecond = kMicrosPerSecond;

std::string Show(const CivilDate& date) {
  return std::to_string(date.year) + "-" + std::to_string(date.month) + "-" +
         std::to_string(date.day);
}

// A UTC timestamp known to parse; the parser itself is tested against raw microseconds below.
Instant Utc(std::string_view text) {
  std::string error;
  std::optional<Instant> instant = ParseTimestamp(text, &error);
  REQUIRE_MESSAGE(instant.has_value(), error);
  return *instant;
}

TimeZone Zone(std::string_view name) {
  std::optional<TimeZone> zone = TimeZone::Locate(name);
  REQUIRE_MESSAGE(zone.has_value(), name);
  return *zone;
}

TEST_CASE("a civil date maps to days since 1970-01-01 and back for all time from year 1 to 9999") {
  struct Row { CivilDate date; int64_t days; };
  const Row rows[] = {
      {{1970, 1, 1}, 0},         {{1970, 1, 2}, 1},          {{1969, 12, 31}, -1},
      {{2000, 3, 1}, 11017},     {{2026, 3, 1}, 20513},      {{1900, 1, 1}, -25567},
      {{1, 1, 1}, -719162},      {{9999, 12, 31}, 2932896},  {{2000, 2, 29}, 11016},
  };
  for (const Row& row : rows) {
    CAPTURE(Show(row.date));
    CHECK(row.date.DaysSinceEpoch() == row.days);
    CHECK(Show(CivilDate::FromDaysSinceEpoch(row.days)) == Show(row.date));
  }
  for (int64_t days = -800000; days < 3000000; days += 997) {
    CAPTURE(days);
    CivilDate date = CivilDate::FromDaysSinceEpoch(days);
    CHECK(date.DaysSinceEpoch() == days);
    CHECK(date.AddDays(1) > date);
  }
}

TEST_CASE("adding days to a civil date crosses months, leap days and years every time") {
  struct Row { CivilDate from; int64_t days; CivilDate to; };
  const Row rows[] = {
      {{2024, 2, 28}, 1, {2024, 2, 29}},   {{2025, 2, 28}, 1, {2025, 3, 1}},
      {{1900, 2, 28}, 1, {1900, 3, 1}},    {{2000, 2, 28}, 1, {2000, 2, 29}},
      {{2026, 1, 1}, -1, {2025, 12, 31}},  {{2026, 3, 1}, 6, {2026, 3, 7}},
      {{2026, 3, 1}, 365, {2027, 3, 1}},   {{2024, 3, 1}, -366, {2023, 3, 1}},
      {{1970, 1, 1}, -1, {1969, 12, 31}},  {{2026, 5, 31}, 0, {2026, 5, 31}},
  };
  for (const Row& row : rows) {
    CAPTURE(Show(row.from));
    CAPTURE(row.days);
    CHECK(Show(row.from.AddDays(row.days)) == Show(row.to));
  }
}

TEST_CASE("timestamps of orders.md parse to UTC microseconds") {
  struct Row { std::string_view text; int64_t micros; };
  const Row rows[] = {
      {"2026-03-01T10:05:00+08:00", 1772330700 * kSecond},
      {"2026-03-01T02:05:00Z", 1772330700 * kSecond},
      {"2026-03-01t02:05:00z", 1772330700 * kSecond},
      {"2026-03-01T02:05:00+00:00", 1772330700 * kSecond},
      {"2026-03-01T02:05:00-00:00", 1772330700 * kSecond},
      {"2026-03-01T02:05:00.5Z", 1772330700 * kSecond + 500000},
      {"2026-03-01T02:05:00.000001Z", 1772330700 * kSecond + 1},
      {"2026-03-01T02:05:00.123456789Z", 1772330700 * kSecond + 123456},  // truncated
      {"2026-03-01T02:05:00.9999999Z", 1772330700 * kSecond + 999999},    // never rounded up
      {"2026-03-01T10:05:00.25+08:00", 1772330700 * kSecond + 250000},
      {"1970-01-01T00:00:00Z", 0},
      {"1970-01-01T00:00:00+00:01", -60 * kSecond},
      {"1969-12-31T23:59:59.999999Z", -1},
      {"1969-12-31T23:59:59Z", -kSecond},
      {"0001-01-01T00:00:00Z", -62135596800 * kSecond},
      {"9999-12-31T23:59:59.999999Z", 253402300799999999},
      {"2024-02-29T12:00:00-05:30", 1709227800 * kSecond},
      {"2000-02-29T00:00:00Z", 951782400 * kSecond},
      {"2026-03-01T00:00:00+23:59", 1772236860 * kSecond},
      {"2026-03-01T00:00:00-23:59", 1772409540 * kSecond},
      {"2026-03-01T23:59:59Z", (1772323200 + 86399) * kSecond},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    std::string error;
    std::optional<Instant> instant = ParseTimestamp(row.text, &error);
    REQUIRE_MESSAGE(instant.has_value(), error);
    CHECK(instant->micros == row.micros);
    CHECK(error.empty());
  }
}

TEST_CASE("timestamps that break orders.md are rejected with what was expected") {
  const std::string expected =
      "expected an RFC 3339 timestamp with an offset, like 2026-03-01T10:05:00+08:00";
  struct Row { std::string_view text; std::string error; };
  const Row rows[] = {
      {"2026-03-01T10:05:00", expected + ", got `2026-03-01T10:05:00` (no offset)"},
      {"2026-03-01T10:05:00.123", expected + ", got `2026-03-01T10:05:00.123` (no offset)"},
      {"2026-03-01 10:05:00+08:00",
       "expected `T` between date and time, got `2026-03-01 10:05:00+08:00`"},
      {"2026-03-01T10:05+08:00",
       expected + ", got `2026-03-01T10:05+08:00` (seconds are required)"},
      {"2026-03-01T10:05:00.+08:00",
       "expected digits after `.` in the seconds, got `2026-03-01T10:05:00.+08:00`"},
      {"2026-03-01T10:05:00.Z",
       "expected digits after `.` in the seconds, got `2026-03-01T10:05:00.Z`"},
      {"2026-03-01T10:05:00+0800",
       "expected an offset `Z` or `±HH:MM` like `+08:00`, got `2026-03-01T10:05:00+0800`"},
      {"2026-03-01T10:05:00+8:00",
       "expected an offset `Z` or `±HH:MM` like `+08:00`, got `2026-03-01T10:05:00+8:00`"},
      {"2026-03-01T10:05:00UTC", expected + ", got `2026-03-01T10:05:00UTC`"},
      {"2026-03-01T10:05:00Zjunk", expected + ", got `2026-03-01T10:05:00Zjunk`"},
      {"2026-03-01T10:05:00Z ", expected + ", got `2026-03-01T10:05:00Z `"},
      {" 2026-03-01T10:05:00Z", expected + ", got ` 2026-03-01T10:05:00Z`"},
      {"2026-03-01", expected + ", got `2026-03-01`"},
      {"2026-3-01T10:05:00Z", expected + ", got `2026-3-01T10:05:00Z`"},
      {"26-03-01T10:05:00Z", expected + ", got `26-03-01T10:05:00Z`"},
      {"12026-03-01T10:05:00Z", expected + ", got `12026-03-01T10:05:00Z`"},
      {"-2026-03-01T10:05:00Z", expected + ", got `-2026-03-01T10:05:00Z`"},
      {"2026/03/01T10:05:00Z", expected + ", got `2026/03/01T10:05:00Z`"},
      {"1772330700", expected + ", got `1772330700`"},
      {"", expected + ", got ``"},
      {"0000-01-01T00:00:00Z",
       "year `0000` is out of range 0001-9999 in `0000-01-01T00:00:00Z`"},
      {"2026-13-01T00:00:00Z",
       "month `13` is out of range 01-12 in `2026-13-01T00:00:00Z`"},
      {"2026-00-01T00:00:00Z",
       "month `00` is out of range 01-12 in `2026-00-01T00:00:00Z`"},
      {"2026-01-32T00:00:00Z",
       "day `32` is out of range 01-31 in `2026-01-32T00:00:00Z`"},
      {"2026-01-00T00:00:00Z",
       "day `00` is out of range 01-31 in `2026-01-00T00:00:00Z`"},
      {"2026-02-29T00:00:00Z",
       "date `2026-02-29` does not exist in `2026-02-29T00:00:00Z` (2026 is not a leap year)"},
      {"1900-02-29T00:00:00Z",
       "date `1900-02-29` does not exist in `1900-02-29T00:00:00Z` (1900 is not a leap year)"},
      {"2024-02-30T00:00:00Z",
       "date `2024-02-30` does not exist in `2024-02-30T00:00:00Z`"},
      {"2026-04-31T00:00:00Z",
       "date `2026-04-31` does not exist in `2026-04-31T00:00:00Z`"},
      {"2026-03-01T24:00:00Z",
       "hour `24` is out of range 00-23 in `2026-03-01T24:00:00Z`"},
      {"2026-03-01T10:60:00Z",
       "minute `60` is out of range 00-59 in `2026-03-01T10:60:00Z`"},
      {"2026-03-01T10:05:60Z",
       "second `60` is out of range 00-59 in `2026-03-01T10:05:60Z` (no leap seconds)"},
      {"2026-03-01T10:05:00+24:00",
       "offset hour `24` is out of range 00-23 in `2026-03-01T10:05:00+24:00`"},
      {"2026-03-01T10:05:00-08:60",
       "offset minute `60` is out of range 00-59 in `2026-03-01T10:05:00-08:60`"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    std::string error;
    CHECK_FALSE(ParseTimestamp(row.text, &error).has_value());
    CHECK(error == row.error);
    CHECK_FALSE(ParseTimestamp(row.text).has_value());  // no error sink needed
  }
}

// ParseTimestamp reads YYYY-MM-DDTHH:MM:SS(Z|±HH:MM) at fixed positions and everything else
// (fractions among it) the general way: the same text with a fraction `.0` added must give the
// same instant, or fail the same, for every day of leap and common years and for each field at
// and past its bounds.
TEST_CASE("timestamps without a fraction parse as the same text with `.0` does") {
  auto check = [](const std::string& text) {
    CAPTURE(text);
    const size_t offset_at = 19;
    std::string general = text;
    general.insert(offset_at, ".0");
    std::string error, general_error;
    std::optional<Instant> fixed = ParseTimestamp(text, &error);
    std::optional<Instant> reference = ParseTimestamp(general, &general_error);
    REQUIRE(fixed.has_value() == reference.has_value());
    if (fixed) CHECK(fixed->micros == reference->micros);
    CHECK(error.empty() == general_error.empty());
  };
  const char* const offsets[] = {"Z", "z", "+00:00", "-00:00", "+08:00", "-05:30", "+23:59",
                                 "-23:59", "+24:00", "+08:60", "+8:000", "08:00", "Q", " "};
  for (int year : {1, 4, 100, 400, 1900, 1969, 1970, 2000, 2024, 2026, 9999}) {
    for (int month = 0; month <= 13; ++month) {
      for (int day = 0; day <= 32; ++day) {
        const std::string date = fmt::format("{:04}-{:02}-{:02}", year, month, day);
        check(date + "T00:00:00Z");
        check(date + "t23:59:59" + offsets[(year + month + day) % std::size(offsets)]);
      }
    }
  }
  for (const char* time : {"00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60",
                           "1a:00:00", "12:0 :00", "12-00-00", "12:00:0/"}) {
    for (const char* offset : offsets) {
      check(fmt::format("2024-02-29T{}{}", time, offset));
      check(fmt::format("2024-02-29 {}{}", time, offset));
    }
  }
  for (const char* date : {"0000-01-01", "2026/03/01", "2026-03-1x", "+026-03-01", "2026-3-001",
                           "99999-01-0", "2026-03-01"}) {
    check(fmt::format("{}T10:05:00+08:00", date));
    check(fmt::format("{}T10:05:00Z", date));
  }
}

TEST_CASE("UTC timestamp formatting prints a fraction only when needed, trailing zeros removed") {
  struct Row { int64_t micros; std::string text; };
  const Row rows[] = {
      {0, "1970-01-01T00:00:00Z"},
      {-1, "1969-12-31T23:59:59.999999Z"},
      {-kSecond, "1969-12-31T23:59:59Z"},
      {1772330700 * kSecond, "2026-03-01T02:05:00Z"},
      {1772330700 * kSecond + 500000, "2026-03-01T02:05:00.5Z"},
      {1772330700 * kSecond + 123000, "2026-03-01T02:05:00.123Z"},
      {1772330700 * kSecond + 1, "2026-03-01T02:05:00.000001Z"},
      {-62135596800 * kSecond, "0001-01-01T00:00:00Z"},
      {253402300799999999, "9999-12-31T23:59:59.999999Z"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.micros);
    CHECK(FormatUtc(Instant{row.micros}) == row.text);
    CHECK(Utc(row.text).micros == row.micros);
  }
}

TEST_CASE("parsing a timestamp FormatUtc printed gives back the same instant") {
  for (int64_t micros = -62135596800 * kSecond; micros < 253402300799 * kSecond;
       micros += 7777777777777 + 123457) {
    CAPTURE(micros);
    CHECK(Utc(FormatUtc(Instant{micros})).micros == micros);
  }
}

TEST_CASE("time zones are located in the system zoneinfo, unknown names are not") {
  for (std::string_view name : {"Asia/Shanghai", "UTC", "America/New_York", "Asia/Kolkata"}) {
    std::optional<TimeZone> zone = TimeZone::Locate(name);
    REQUIRE(zone.has_value());
    CHECK(zone->name() == name);
    CHECK(TimeZone::Locate(name)->name() == name);  // the second lookup comes from the cache
  }
  for (std::string_view name : {"", "Mars/Olympus", "Asia/Shanghai ", "../../etc/passwd",
                                "+08:00"}) {
    CAPTURE(name);
    CHECK_FALSE(TimeZone::Locate(name).has_value());
  }
}

TEST_CASE("a time zone's offset follows its rules, including daylight saving time") {
  struct Row { std::string_view zone, at; int64_t offset_minutes; };
  const Row rows[] = {
      {"Asia/Shanghai", "2026-03-01T02:05:00Z", 480},
      {"Asia/Shanghai", "1960-06-01T00:00:00Z", 480},
      {"UTC", "2026-03-01T02:05:00Z", 0},
      {"America/New_York", "2026-01-15T12:00:00Z", -300},
      {"America/New_York", "2026-07-15T12:00:00Z", -240},
      {"America/New_York", "2026-03-08T06:59:59Z", -300},  // last second of EST
      {"America/New_York", "2026-03-08T07:00:00Z", -240},  // 02:00 EST becomes 03:00 EDT
      {"America/New_York", "2026-11-01T06:00:00Z", -300},
      {"Asia/Kolkata", "2026-03-01T02:05:00Z", 330},
  };
  for (const Row& row : rows) {
    CAPTURE(row.zone);
    CAPTURE(row.at);
    CHECK(Zone(row.zone).OffsetAt(Utc(row.at)).micros == row.offset_minutes * 60 * kSecond);
  }
}

TEST_CASE("the local date and year of an instant depend on the time zone") {
  struct Row { std::string_view zone, at; CivilDate date; };
  const Row rows[] = {
      {"Asia/Shanghai", "2026-03-01T16:00:00Z", {2026, 3, 2}},
      {"Asia/Shanghai", "2026-03-01T15:59:59.999999Z", {2026, 3, 1}},
      {"Asia/Shanghai", "2025-12-31T16:00:00Z", {2026, 1, 1}},
      {"UTC", "2025-12-31T16:00:00Z", {2025, 12, 31}},
      {"UTC", "1969-12-31T23:59:59.999999Z", {1969, 12, 31}},
      {"Asia/Shanghai", "1969-12-31T20:00:00Z", {1970, 1, 1}},
      {"America/New_York", "2026-03-01T04:59:59Z", {2026, 2, 28}},
      {"America/New_York", "2026-07-01T04:00:00Z", {2026, 7, 1}},
      {"Asia/Kolkata", "2026-02-28T18:29:59Z", {2026, 2, 28}},
      {"Asia/Kolkata", "2026-02-28T18:30:00Z", {2026, 3, 1}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.zone);
    CAPTURE(row.at);
    TimeZone zone = Zone(row.zone);
    CHECK(Show(zone.LocalDate(Utc(row.at))) == Show(row.date));
    CHECK(zone.Year(Utc(row.at)) == row.date.year);
  }
}

TEST_CASE("a day in a time zone starts at local midnight, or at the first instant after a gap") {
  struct Row { std::string_view zone; CivilDate date; std::string_view start; };
  const Row rows[] = {
      {"Asia/Shanghai", {2026, 3, 7}, "2026-03-06T16:00:00Z"},
      {"Asia/Shanghai", {1970, 1, 1}, "1969-12-31T16:00:00Z"},
      {"UTC", {1969, 12, 31}, "1969-12-31T00:00:00Z"},
      {"America/New_York", {2026, 3, 8}, "2026-03-08T05:00:00Z"},  // DST starts at 02:00
      {"America/New_York", {2026, 3, 9}, "2026-03-09T04:00:00Z"},
      {"America/New_York", {2026, 11, 1}, "2026-11-01T04:00:00Z"},
      {"Asia/Kolkata", {2026, 3, 1}, "2026-02-28T18:30:00Z"},
      // Midnight skipped: 00:00 -03 became 01:00 -02, so the day starts at 01:00 local.
      {"America/Sao_Paulo", {2018, 11, 4}, "2018-11-04T03:00:00Z"},
      {"America/Havana", {2024, 3, 10}, "2024-03-10T05:00:00Z"},
      // Midnight twice (01:00 CDT became 00:00 CST): the earlier one.
      {"America/Havana", {2024, 11, 3}, "2024-11-03T04:00:00Z"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.zone);
    CAPTURE(Show(row.date));
    CHECK(FormatUtc(Zone(row.zone).StartOfDay(row.date)) == row.start);
  }
  CHECK(FormatUtc(Zone("Asia/Shanghai").StartOfYear(2026)) == "2025-12-31T16:00:00Z");
  CHECK(FormatUtc(Zone("UTC").StartOfYear(1969)) == "1969-01-01T00:00:00Z");
}

TEST_CASE("offsets and day starts agree with date/tz, which the zone tables them from") {
  // TimeZone answers from a table of offset ranges built once per zone; date/tz is the reference.
  // Every day from 1899 to 2301 (crossing both ends of the table) and an instant every 97 minutes
  // in between, in zones with daylight saving, skipped midnights, doubled midnights, half-hour and
  // 45-minute offsets, and a skipped calendar day (Pacific/Apia, 2011-12-30).
  for (std::string_view name : {"Asia/Shanghai", "UTC", "America/New_York", "America/Sao_Paulo", "America/Havana",
                                "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Apia", "Europe/London",
                                "Africa/Casablanca", "America/St_Johns"}) {
    CAPTURE(name);
    const TimeZone zone = Zone(name);
    const date::time_zone* reference = date::locate_zone(name);
    int mismatches = 0;
    for (int64_t day = CivilDate{1899, 1, 1}.DaysSinceEpoch(); day <= CivilDate{2301, 1, 1}.DaysSinceEpoch(); ++day) {
      const date::local_seconds midnight(std::chrono::seconds(day * 86400));
      const date::local_info info = reference->get_info(midnight);
      const int64_t expected = info.result == date::local_info::nonexistent
                                   ? info.second.begin.time_since_epoch().count()
                                   : day * 86400 - info.first.offset.count();
      if (zone.StartOfDay(CivilDate::FromDaysSinceEpoch(day)).micros != expected * kSecond) ++mismatches;
    }
    CHECK(mismatches == 0);
    for (int64_t s = -2303683200; s <= 10445328000; s += 97 * 60 + 13) {
      const date::sys_info info = reference->get_info(date::sys_seconds(std::chrono::seconds(s)));
      if (zone.OffsetAt(Instant{s * kSecond}).micros != info.offset.count() * kSecond) ++mismatches;
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("rounding to the hour follows local wall time, which differs from UTC in Kolkata") {
  struct Row { std::string_view zone, at, floor, ceil; };
  const Row rows[] = {
      {"Asia/Shanghai", "2026-03-01T02:05:00Z", "2026-03-01T02:00:00Z", "2026-03-01T03:00:00Z"},
      {"Asia/Shanghai", "2026-03-01T02:00:00Z", "2026-03-01T02:00:00Z", "2026-03-01T02:00:00Z"},
      {"Asia/Shanghai", "2026-03-01T02:00:00.000001Z", "2026-03-01T02:00:00Z",
       "2026-03-01T03:00:00Z"},
      {"UTC", "1969-12-31T23:30:00Z", "1969-12-31T23:00:00Z", "1970-01-01T00:00:00Z"},
      {"UTC", "1969-12-31T23:59:59.999999Z", "1969-12-31T23:00:00Z", "1970-01-01T00:00:00Z"},
      {"Asia/Kolkata", "2026-03-01T10:00:00Z", "2026-03-01T09:30:00Z", "2026-03-01T10:30:00Z"},
      {"Asia/Kolkata", "2026-03-01T10:30:00Z", "2026-03-01T10:30:00Z", "2026-03-01T10:30:00Z"},
      {"Asia/Kolkata", "2026-03-01T10:45:00Z", "2026-03-01T10:30:00Z", "2026-03-01T11:30:00Z"},
      {"America/New_York", "2026-07-15T12:34:56Z", "2026-07-15T12:00:00Z",
       "2026-07-15T13:00:00Z"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.zone);
    CAPTURE(row.at);
    TimeZone zone = Zone(row.zone);
    CHECK(FormatUtc(zone.FloorToHour(Utc(row.at))) == row.floor);
    CHECK(FormatUtc(zone.CeilToHour(Utc(row.at))) == row.ceil);
  }
}

TEST_CASE("a time zone formats RFC 3339 with its numeric offset, never Z") {
  struct Row { std::string_view zone, at, text; };
  const Row rows[] = {
      {"Asia/Shanghai", "2026-03-06T16:00:00Z", "2026-03-07T00:00:00+08:00"},
      {"UTC", "2026-03-01T02:05:00Z", "2026-03-01T02:05:00+00:00"},
      {"America/New_York", "2026-01-15T12:00:00Z", "2026-01-15T07:00:00-05:00"},
      {"America/New_York", "2026-07-15T12:00:00.5Z", "2026-07-15T08:00:00.5-04:00"},
      {"Asia/Kolkata", "2026-03-01T02:05:00.000001Z", "2026-03-01T07:35:00.000001+05:30"},
      {"Asia/Shanghai", "1969-12-31T20:00:00Z", "1970-01-01T04:00:00+08:00"},
      // Local mean time: the offset truncated to whole minutes, the local time moved with it.
      {"Asia/Shanghai", "1900-01-01T00:00:00Z", "1900-01-01T08:05:00+08:05"},
      {"Asia/Shanghai", "1899-12-31T15:54:17Z", "1899-12-31T23:59:17+08:05"},
      {"Europe/Amsterdam", "1900-01-01T00:00:00Z", "1900-01-01T00:19:00+00:19"},
      {"America/New_York", "1880-01-01T00:00:00.25Z", "1879-12-31T19:04:00.25-04:56"},
      // The last and first instants RFC 3339 can write in a zone; past them, nothing.
      {"Asia/Shanghai", "9999-12-31T15:59:59.999999Z", "9999-12-31T23:59:59.999999+08:00"},
      {"Asia/Shanghai", "9999-12-31T16:00:00Z", ""},
      {"UTC", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59+00:00"},
      {"America/New_York", "0001-01-01T04:56:02Z", "0001-01-01T00:00:02-04:56"},
      {"America/New_York", "0001-01-01T04:55:59Z", ""},
  };
  for (const Row& row : rows) {
    CAPTURE(row.zone);
    CAPTURE(row.at);
    TimeZone zone = Zone(row.zone);
    const std::optional<std::string> text = zone.Format(Utc(row.at));
    CHECK(text.value_or("") == row.text);
    std::string appended = "x";
    CHECK(zone.AppendFormat(Utc(row.at), appended) == !row.text.empty());
    CHECK(appended == "x" + std::string(row.text));
    if (text) CHECK(Utc(*text) == Utc(row.at));  // the same instant, whatever the offset
  }
}

TEST_CASE("the time header's example works as written") {
  std::optional<Instant> paid = ParseTimestamp("2026-03-01T10:05:00+08:00");
  REQUIRE(paid.has_value());
  std::optional<TimeZone> zone = TimeZone::Locate("Asia/Shanghai");
  REQUIRE(zone.has_value());
  CivilDate day = zone->LocalDate(*paid);
  CHECK(Show(day) == "2026-3-1");
  Instant end = zone->StartOfDay(day.AddDays(6));
  CHECK(zone->Format(end) == "2026-03-07T00:00:00+08:00");
  CHECK(end - *paid == Duration::Days(6) - Duration{(10 * 3600 + 300) * kSecond});
}

}  // namespace
}  // namespace refund
