// JSON pieces for generated lines (see json_line.h).
#include "engine/gen/json_line.h"

#include "refund/time.h"

namespace refund::gen {

void JsonLine::Key(std::string_view key, bool first) {
  if (!first) out_.push_back(',');
  out_.push_back('"');
  out_.append(key);
  out_.append(std::string_view("\":"));
}

void JsonLine::String(std::string_view text) {
  out_.push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out_.push_back('\\');
      out_.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      fmt::format_to(std::back_inserter(out_), "\\u{:04x}", static_cast<int>(c));
    } else {
      out_.push_back(c);
    }
  }
  out_.push_back('"');
}

void JsonLine::Money(int64_t minor, int digits) {
  int64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  if (digits == 0) {
    fmt::format_to(std::back_inserter(out_), "\"{}\"", minor);
  } else {
    fmt::format_to(std::back_inserter(out_), "\"{}.{:0{}}\"", minor / scale, minor % scale, digits);
  }
}

void JsonLine::Timestamp(int64_t seconds, int64_t offset_seconds) {
  const int64_t local = seconds + offset_seconds;
  int64_t days = local / 86400;
  int64_t second_of_day = local % 86400;
  if (second_of_day < 0) second_of_day += 86400, --days;
  CivilDate date = CivilDate::FromDaysSinceEpoch(days);
  const int64_t offset = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  fmt::format_to(std::back_inserter(out_), "\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}\"", date.year, date.month,
                 date.day, second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60,
                 offset_seconds < 0 ? '-' : '+', offset / 3600, offset / 60 % 60);
}

}  // namespace refund::gen
