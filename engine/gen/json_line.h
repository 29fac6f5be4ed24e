// Appending JSON pieces to a reused buffer without allocating: keys, strings, money as decimal
// strings and timestamps in RFC 3339 with a numeric offset. The generator's only output path.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string_view>

namespace refund::gen {

class JsonLine {
 public:
  explicit JsonLine(fmt::memory_buffer& out) : out_(out) {}

  void Raw(std::string_view text) { out_.append(text); }
  void Char(char c) { out_.push_back(c); }
  // `"key":` preceded by a comma unless `first`.
  void Key(std::string_view key, bool first = false);
  // A JSON string with the escapes RFC 8259 requires.
  void String(std::string_view text);
  void Integer(int64_t value) { fmt::format_to(std::back_inserter(out_), "{}", value); }
  // "1234.50" for 123450 with 2 digits; minor >= 0.
  void Money(int64_t minor, int digits);
  // "2026-03-01T10:05:00+08:00": `seconds` since the epoch shown at `offset_seconds` east of UTC.
  void Timestamp(int64_t seconds, int64_t offset_seconds);

 private:
  fmt::memory_buffer& out_;
};

}  // namespace refund::gen
