// TimeZone: IANA zones from the system zoneinfo through date/tz, which stays out of the header.
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>

#include <date/tz.h>

#include "engine/time/wall_clock.h"
#include "refund/time.h"

namespace refund {

struct TimeZone::Impl {
  std::string name;
  const date::time_zone* zone;  // owned by date's process-wide database; never freed
};

namespace {

using SysMicros = date::sys_time<std::chrono::microseconds>;

SysMicros ToSys(Instant instant) { return SysMicros(std::chrono::microseconds(instant.micros)); }

Instant FromSys(date::sys_seconds time) {
  return Instant{time.time_since_epoch().count() * kMicrosPerSecond};
}

// Appends "+08:00", "-04:00", "+00:00"; "+HH:MM:SS" for historical offsets with seconds (LMT).
void AppendOffset(Duration offset, std::string& out) {
  int64_t seconds = offset.micros / kMicrosPerSecond;
  out += seconds < 0 ? '-' : '+';
  if (seconds < 0) seconds = -seconds;
  time::AppendPadded(static_cast<uint64_t>(seconds / 3600), 2, out);
  out += ':';
  time::AppendPadded(static_cast<uint64_t>(seconds / 60 % 60), 2, out);
  if (seconds % 60 == 0) return;
  out += ':';
  time::AppendPadded(static_cast<uint64_t>(seconds % 60), 2, out);
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
  auto impl = std::make_shared<const Impl>(Impl{std::string(name), zone});
  located.emplace(std::string(name), impl);
  return TimeZone(impl);
}

const std::string& TimeZone::name() const { return impl_->name; }

Duration TimeZone::OffsetAt(Instant instant) const {
  date::sys_info info = impl_->zone->get_info(ToSys(instant));
  return Duration{info.offset.count() * kMicrosPerSecond};
}

CivilDate TimeZone::LocalDate(Instant instant) const {
  int64_t local = instant.micros + OffsetAt(instant).micros;
  return CivilDate::FromDaysSinceEpoch(time::FloorDiv(local, kMicrosPerDay));
}

Instant TimeZone::StartOfDay(CivilDate date) const {
  date::local_seconds midnight(std::chrono::seconds(date.DaysSinceEpoch() * 86400));
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

std::string TimeZone::Format(Instant instant) const {
  std::string text;
  AppendFormat(instant, text);
  return text;
}

void TimeZone::AppendFormat(Instant instant, std::string& out) const {
  Duration offset = OffsetAt(instant);
  time::AppendWallClock(instant.micros + offset.micros, out);
  AppendOffset(offset, out);
}

}  // namespace refund
