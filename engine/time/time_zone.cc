// TimeZone: IANA zones from the system zoneinfo through date/tz, which stays out of the header.
#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <date/tz.h>

#include "engine/time/wall_clock.h"
#include "refund/time.h"

namespace refund {

namespace {

// One stretch of constant UTC offset, in UTC seconds: [begin, end).
struct OffsetRange {
  int64_t begin;
  int64_t end;
  int64_t offset;  // seconds east of UTC
};

// The zone's offsets are tabled once for these UTC years (every order and policy date falls in
// them); outside them every question goes to date/tz.
constexpr int64_t kTableBegin = -2208988800;  // 1900-01-01T00:00:00Z
constexpr int64_t kTableEnd = 10413792000;    // 2300-01-01T00:00:00Z

}  // namespace

// A located zone: date/tz's zone, and its offsets between kTableBegin and kTableEnd as a sorted
// table, so that the questions evaluation asks for every order (the offset at an instant, the
// start of a local day) are a binary search instead of date/tz's lookup and its locking.
struct TimeZone::Impl {
  std::string name;
  const date::time_zone* zone;  // owned by date's process-wide database; never freed
  std::vector<OffsetRange> ranges;  // consecutive, covering [kTableBegin, kTableEnd)

  Impl(std::string zone_name, const date::time_zone* z) : name(std::move(zone_name)), zone(z) {
    for (int64_t t = kTableBegin; t < kTableEnd;) {
      date::sys_info info = zone->get_info(date::sys_seconds(std::chrono::seconds(t)));
      const int64_t end = std::min(info.end.time_since_epoch().count(), kTableEnd);
      ranges.push_back({t, end, info.offset.count()});
      t = end;
    }
  }

  // The range holding UTC second `s`, or nullptr outside the table.
  const OffsetRange* RangeAt(int64_t s) const {
    if (s < kTableBegin || s >= kTableEnd) return nullptr;
    auto it = std::upper_bound(ranges.begin(), ranges.end(), s,
                               [](int64_t t, const OffsetRange& r) { return t < r.begin; });
    return &*(it - 1);
  }
};

namespace {

using SysMicros = date::sys_time<std::chrono::microseconds>;

SysMicros ToSys(Instant instant) { return SysMicros(std::chrono::microseconds(instant.micros)); }

Instant FromSys(date::sys_seconds time) {
  return Instant{time.time_since_epoch().count() * kMicrosPerSecond};
}

// Appends "+08:00", "-04:00", "+00:00" for an offset in whole minutes (below 24 hours).
void AppendOffsetMinutes(int64_t minutes, std::string& out) {
  const char sign = minutes < 0 ? '-' : '+';
  if (minutes < 0) minutes = -minutes;
  const auto two = [](int64_t v, char* at) {
    at[0] = static_cast<char>('0' + v / 10);
    at[1] = static_cast<char>('0' + v % 10);
  };
  char text[6] = {sign, 0, 0, ':', 0, 0};
  two(minutes / 60, text + 1);
  two(minutes % 60, text + 4);
  out.append(text, sizeof text);
}

}  // namespace

std::optional<TimeZone> TimeZone::Locate(std::string_view name) {
  // Zones are immutable once located, so one Impl per name is shared by every copy.
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const Impl>, std::less<>> located;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = located.find(name); it != located.end()) return TimeZone(it->second);
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(name);
  } catch (const std::exception&) {  // unknown name, or no readable zoneinfo
    return std::nullopt;
  }
  auto impl = std::make_shared<const Impl>(std::string(name), zone);
  located.emplace(std::string(name), impl);
  return TimeZone(impl);
}

const std::string& TimeZone::name() const { return impl_->name; }

Duration TimeZone::OffsetAt(Instant instant) const {
  if (const OffsetRange* r = impl_->RangeAt(time::FloorDiv(instant.micros, kMicrosPerSecond)))
    return Duration{r->offset * kMicrosPerSecond};
  date::sys_info info = impl_->zone->get_info(ToSys(instant));
  return Duration{info.offset.count() * kMicrosPerSecond};
}

CivilDate TimeZone::LocalDate(Instant instant) const {
  int64_t local = instant.micros + OffsetAt(instant).micros;
  return CivilDate::FromDaysSinceEpoch(time::FloorDiv(local, kMicrosPerDay));
}

Instant TimeZone::StartOfDay(CivilDate date) const {
  const int64_t local = date.DaysSinceEpoch() * 86400;
  // From the table: the earliest range in which local midnight exists (the earlier of two when
  // it happens twice), else, when midnight falls in a gap, the start of the range after the gap.
  // Offsets stay within a day of UTC, so the ranges to look at lie within a day of `local`.
  if (const OffsetRange* r = impl_->RangeAt(local - 86400); r && local + 86400 < kTableEnd) {
    const OffsetRange* last = &impl_->ranges.back();
    for (; r <= last && r->begin <= local + 86400; ++r)
      if (local - r->offset < r->end) return Instant{std::max(local - r->offset, r->begin) * kMicrosPerSecond};
  }
  const date::local_seconds midnight{std::chrono::seconds(local)};
  date::local_info info = impl_->zone->get_info(midnight);
  if (info.result == date::local_info::nonexistent) {
    return FromSys(info.second.begin);  // midnight falls in a gap: the gap's end
  }
  // Unique, or ambiguous (midnight happens twice): `first` is the earlier of the two.
  int64_t local_seconds = midnight.time_since_epoch().count();
  return Instant{(local_seconds - info.first.offset.count()) * kMicrosPerSecond};
}

int TimeZone::Year(Instant instant) const { return LocalDate(instant).year; }

Instant TimeZone::FloorToHour(Instant instant) const {
  int64_t local = instant.micros + OffsetAt(instant).micros;
  return Instant{instant.micros - time::FloorMod(local, kMicrosPerHour)};
}

Instant TimeZone::CeilToHour(Instant instant) const {
  int64_t past_hour = time::FloorMod(instant.micros + OffsetAt(instant).micros, kMicrosPerHour);
  return past_hour == 0 ? instant : Instant{instant.micros + (kMicrosPerHour - past_hour)};
}

std::optional<std::string> TimeZone::Format(Instant instant) const {
  std::string text;
  if (!AppendFormat(instant, text)) return std::nullopt;
  return text;
}

Duration TimeZone::WrittenOffsetAt(Instant instant) const {
  constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
  return Duration{OffsetAt(instant).micros / kMicrosPerMinute * kMicrosPerMinute};  // toward zero
}

bool TimeZone::AppendFormat(Instant instant, std::string& out) const {
  const Duration offset = WrittenOffsetAt(instant);
  const int64_t local = instant.micros + offset.micros;
  if (!IsWritableLocalTime(local)) return false;
  time::AppendWallClock(local, out);
  AppendOffsetMinutes(offset.micros / (60 * kMicrosPerSecond), out);
  return true;
}

}  // namespace refund
