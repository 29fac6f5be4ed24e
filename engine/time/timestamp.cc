// RFC 3339 timestamps as orders.md defines them: parsing to UTC microseconds, and UTC text.
#include <fmt/format.h>

#include "engine/time/wall_clock.h"
#include "refund/time.h"

namespace refund {
namespace {

constexpr std::string_view kExpected =
    "expected an RFC 3339 timestamp with an offset, like 2026-03-01T10:05:00+08:00";
constexpr int kFractionDigits = 6;  // microseconds; finer digits are truncated
constexpr size_t kMaxQuotedChars = 40;

// The fields of YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM) as written, not yet range-checked.
struct TimestampFields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int64_t micros = 0;
  int offset_sign = 1, offset_hour = 0, offset_minute = 0;
};

// Reads the text left to right; every method consumes only on success.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  bool Char(char c) { return Accept(Peek() == c); }
  bool CharAnyCase(char upper) { return Accept(Peek() == upper || Peek() == upper - 'A' + 'a'); }
  bool IsDigit() const { return Peek() >= '0' && Peek() <= '9'; }
  // Exactly `count` decimal digits.
  bool Number(int count, int& value) {
    size_t n = static_cast<size_t>(count);
    if (text_.size() - pos_ < n) return false;
    int result = 0;
    for (size_t i = pos_; i < pos_ + n; ++i) {
      if (text_[i] < '0' || text_[i] > '9') return false;
      result = result * 10 + (text_[i] - '0');
    }
    pos_ += n;
    value = result;
    return true;
  }

 private:
  bool Accept(bool ok) {
    if (ok) ++pos_;
    return ok;
  }
  std::string_view text_;
  size_t pos_ = 0;
};

std::string Quote(std::string_view text) {
  if (text.size() <= kMaxQuotedChars) return fmt::format("`{}`", text);
  return fmt::format("`{}...`", text.substr(0, kMaxQuotedChars));
}

// Reads ".digits" when present; digits past microseconds are dropped, never rounded.
bool ReadFraction(Cursor& cursor, int64_t& micros) {
  if (!cursor.Char('.')) return true;
  if (!cursor.IsDigit()) return false;
  int digits = 0;
  int digit = 0;
  for (; cursor.Number(1, digit); ++digits) {
    if (digits < kFractionDigits) micros = micros * 10 + digit;
  }
  for (; digits < kFractionDigits; ++digits) micros *= 10;
  return true;
}

// "" when the offset (Z or ±HH:MM) was read, else why not.
std::string ReadOffset(Cursor& cursor, std::string_view text, TimestampFields& f) {
  if (cursor.AtEnd()) return fmt::format("{}, got {} (no offset)", kExpected, Quote(text));
  if (cursor.CharAnyCase('Z')) return "";
  if (cursor.Peek() == '+' || cursor.Peek() == '-') {
    f.offset_sign = cursor.Char('-') ? -1 : 1;
    if (f.offset_sign > 0) cursor.Char('+');
    if (cursor.Number(2, f.offset_hour) && cursor.Char(':') && cursor.Number(2, f.offset_minute)) {
      return "";
    }
    return fmt::format("expected an offset `Z` or `±HH:MM` like `+08:00`, got {}", Quote(text));
  }
  return fmt::format("{}, got {}", kExpected, Quote(text));
}

// "" when `text` has the shape YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM), else why not.
// Messages are formatted only on failure: valid timestamps are the hot path of order reading.
std::string ReadFields(std::string_view text, TimestampFields& f) {
  Cursor cursor(text);
  auto shape = [text] { return fmt::format("{}, got {}", kExpected, Quote(text)); };
  if (!cursor.Number(4, f.year) || !cursor.Char('-') || !cursor.Number(2, f.month) ||
      !cursor.Char('-') || !cursor.Number(2, f.day)) {
    return shape();
  }
  if (cursor.Peek() == ' ') {
    return fmt::format("expected `T` between date and time, got {}", Quote(text));
  }
  if (!cursor.CharAnyCase('T') || !cursor.Number(2, f.hour) || !cursor.Char(':') ||
      !cursor.Number(2, f.minute)) {
    return shape();
  }
  if (!cursor.Char(':') || !cursor.Number(2, f.second)) {
    return fmt::format("{}, got {} (seconds are required)", kExpected, Quote(text));
  }
  if (!ReadFraction(cursor, f.micros)) {
    return fmt::format("expected digits after `.` in the seconds, got {}", Quote(text));
  }
  std::string offset_error = ReadOffset(cursor, text, f);
  if (!offset_error.empty()) return offset_error;
  return cursor.AtEnd() ? "" : shape();
}

bool IsLeapYear(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// "" when every field is in range and the date exists, else which field of `text` is wrong.
std::string CheckFields(const TimestampFields& f, std::string_view text) {
  if (f.year < 1) {
    return fmt::format("year `{:04}` is out of range 0001-9999 in {}", f.year, Quote(text));
  }
  if (f.month < 1 || f.month > 12) {
    return fmt::format("month `{:02}` is out of range 01-12 in {}", f.month, Quote(text));
  }
  if (f.day < 1 || f.day > 31) {
    return fmt::format("day `{:02}` is out of range 01-31 in {}", f.day, Quote(text));
  }
  if (f.day > DaysInMonth(f.year, f.month)) {
    bool leap_day = f.month == 2 && f.day == 29;
    return fmt::format("date `{:04}-{:02}-{:02}` does not exist in {}{}", f.year, f.month, f.day,
                       Quote(text),
                       leap_day ? fmt::format(" ({} is not a leap year)", f.year) : "");
  }
  if (f.hour > 23) {
    return fmt::format("hour `{:02}` is out of range 00-23 in {}", f.hour, Quote(text));
  }
  if (f.minute > 59) {
    return fmt::format("minute `{:02}` is out of range 00-59 in {}", f.minute, Quote(text));
  }
  if (f.second > 59) {
    return fmt::format("second `{:02}` is out of range 00-59 in {} (no leap seconds)", f.second,
                       Quote(text));
  }
  if (f.offset_hour > 23) {
    return fmt::format("offset hour `{:02}` is out of range 00-23 in {}", f.offset_hour,
                       Quote(text));
  }
  if (f.offset_minute > 59) {
    return fmt::format("offset minute `{:02}` is out of range 00-59 in {}", f.offset_minute,
                       Quote(text));
  }
  return "";
}

int64_t ToInstantMicros(const TimestampFields& f) {
  int64_t days = time::DaysFromCivil(f.year, f.month, f.day);
  int64_t seconds = (int64_t{f.hour} * 60 + f.minute) * 60 + f.second;
  int64_t offset_seconds = f.offset_sign * (int64_t{f.offset_hour} * 60 + f.offset_minute) * 60;
  return days * kMicrosPerDay + (seconds - offset_seconds) * kMicrosPerSecond + f.micros;
}

// The two digits at `p` as a number, -1 when either is not a digit.
int TwoDigits(const char* p) {
  const unsigned tens = static_cast<unsigned char>(p[0]) - unsigned{'0'};
  const unsigned ones = static_cast<unsigned char>(p[1]) - unsigned{'0'};
  return tens <= 9 && ones <= 9 ? static_cast<int>(tens * 10 + ones) : -1;
}

// The layouts nearly every timestamp has, YYYY-MM-DDTHH:MM:SSZ and YYYY-MM-DDTHH:MM:SS±HH:MM
// (no fraction; `T` and `Z` in either case), read at fixed positions. False for any other text
// and for values out of range: the general reader then decides, and words the error. Writes
// the fields one by one as it reads them (a local TimestampFields copied out at the end made
// the compiler copy it as vectors over the ints just stored: a store-forwarding stall).
bool ReadFixedLayout(std::string_view text, TimestampFields& f) {
  constexpr size_t kWithZ = 20, kWithOffset = 25;
  if (text.size() != kWithZ && text.size() != kWithOffset) return false;
  const char* p = text.data();
  // `c | 0x20` is the lowercase of a letter; only 'T'/'t' map to 't', 'Z'/'z' to 'z'.
  if (p[4] != '-' || p[7] != '-' || (p[10] | 0x20) != 't' || p[13] != ':' || p[16] != ':') {
    return false;
  }
  const int century = TwoDigits(p), year = TwoDigits(p + 2);
  f.month = TwoDigits(p + 5);
  f.day = TwoDigits(p + 8);
  f.hour = TwoDigits(p + 11);
  f.minute = TwoDigits(p + 14);
  f.second = TwoDigits(p + 17);
  if (text.size() == kWithZ) {
    if ((p[19] | 0x20) != 'z') return false;
  } else {
    if ((p[19] != '+' && p[19] != '-') || p[22] != ':') return false;
    f.offset_sign = p[19] == '-' ? -1 : 1;
    f.offset_hour = TwoDigits(p + 20);
    f.offset_minute = TwoDigits(p + 23);
  }
  if (century < 0 || year < 0 || f.month < 1 || f.month > 12 || f.day < 1 || f.hour < 0 ||
      f.hour > 23 || f.minute < 0 || f.minute > 59 || f.second < 0 || f.second > 59 ||
      f.offset_hour < 0 || f.offset_hour > 23 || f.offset_minute < 0 || f.offset_minute > 59) {
    return false;
  }
  f.year = century * 100 + year;
  return f.year >= 1 && f.day <= DaysInMonth(f.year, f.month);
}

// Every text the fixed layout does not take, with the errors' words. A function of its own so
// that the fast path returns its instant in registers (sharing the return slot with this path
// made the compiler assemble the optional on the stack and reload it: a store-forwarding stall).
[[gnu::noinline]] std::optional<Instant> ParseGeneral(std::string_view text, std::string* error) {
  TimestampFields fields;
  std::string message = ReadFields(text, fields);
  if (message.empty()) message = CheckFields(fields, text);
  if (!message.empty()) {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  }
  return Instant{ToInstantMicros(fields)};
}

}  // namespace

std::optional<Instant> ParseTimestamp(std::string_view text, std::string* error) {
  TimestampFields fields;
  if (ReadFixedLayout(text, fields)) return Instant{ToInstantMicros(fields)};
  return ParseGeneral(text, error);
}

std::string FormatUtc(Instant instant) {
  std::string text;
  time::AppendWallClock(instant.micros, text);
  text += 'Z';
  return text;
}

bool AppendFormatUtc(Instant instant, std::string& out) {
  if (!IsWritableLocalTime(instant.micros)) return false;
  time::AppendWallClock(instant.micros, out);
  out += 'Z';
  return true;
}

bool IsWritableLocalTime(int64_t local_micros) {
  // 0001-01-01T00:00:00 and 10000-01-01T00:00:00, in days since 1970-01-01.
  static constexpr int64_t kFirstDay = -719162, kEndDay = 2932897;
  return local_micros >= kFirstDay * kMicrosPerDay && local_micros / kMicrosPerDay < kEndDay;
}

namespace time {

void AppendPadded(uint64_t value, int width, std::string& out) {
  char digits[24];
  char* const end = digits + sizeof digits;
  char* p = end;
  do {
    *--p = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  if (end - p < width) out.append(static_cast<size_t>(width - (end - p)), '0');
  out.append(p, end);
}

void AppendWallClock(int64_t micros, std::string& out) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t of_day = micros - days * kMicrosPerDay;
  int64_t seconds = of_day / kMicrosPerSecond;
  int64_t fraction = of_day % kMicrosPerSecond;
  CivilDate date = CivilDate::FromDaysSinceEpoch(days);
  if (date.year >= 0 && date.year <= 9999 && fraction == 0) {
    // The usual case, YYYY-MM-DDTHH:MM:SS, written into place and appended once.
    char text[19];
    const auto two = [&text](int at, int64_t v) {
      text[at] = static_cast<char>('0' + v / 10);
      text[at + 1] = static_cast<char>('0' + v % 10);
    };
    two(0, date.year / 100);
    two(2, date.year % 100);
    text[4] = '-';
    two(5, date.month);
    text[7] = '-';
    two(8, date.day);
    text[10] = 'T';
    two(11, seconds / 3600);
    text[13] = ':';
    two(14, seconds / 60 % 60);
    text[16] = ':';
    two(17, seconds % 60);
    out.append(text, sizeof text);
    return;
  }
  if (date.year < 0) out += '-';
  AppendPadded(static_cast<uint64_t>(date.year < 0 ? -static_cast<int64_t>(date.year) : date.year), 4, out);
  out += '-';
  AppendPadded(static_cast<uint64_t>(date.month), 2, out);
  out += '-';
  AppendPadded(static_cast<uint64_t>(date.day), 2, out);
  out += 'T';
  AppendPadded(static_cast<uint64_t>(seconds / 3600), 2, out);
  out += ':';
  AppendPadded(static_cast<uint64_t>(seconds / 60 % 60), 2, out);
  out += ':';
  AppendPadded(static_cast<uint64_t>(seconds % 60), 2, out);
  if (fraction == 0) return;
  int width = 6;  // trailing zeros of the six-digit fraction dropped
  while (fraction % 10 == 0) {
    fraction /= 10;
    --width;
  }
  out += '.';
  AppendPadded(static_cast<uint64_t>(fraction), width, out);
}

}  // namespace time
}  // namespace refund
