// AppendJsonString: one pass that checks UTF-8 sequences as it meets them, steps over plain
// ASCII sixteen bytes at a time, and appends the runs between escapes whole.
#include "engine/eval/json_string.h"

#include <cstddef>
#include <cstring>
#include <nlohmann/json.hpp>

#include "engine/source/json_scan.h"

namespace refund::eval {
namespace {

// The length of the well-formed UTF-8 sequence that starts at `p` (a byte >= 0x80), or 0 when
// there is none (Unicode table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF, no
// truncated sequence): the set nlohmann's decoder accepts.
size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
  const unsigned char lead = *p;
  // Continuation bytes are 80..BF, except the second byte after E0, ED, F0 and F4.
  size_t length;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (static_cast<size_t>(end - p) < length) return 0;
  if (p[1] < low || p[1] > high) return 0;
  for (size_t i = 2; i < length; ++i)
    if ((p[i] & 0xC0) != 0x80) return 0;
  return length;
}

}  // namespace

void AppendJsonString(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const size_t start = out.size();
  const char* const first_stop = SkipPlainJsonText(s.data(), s.data() + s.size());
  if (first_stop == s.data() + s.size()) {  // nearly every string: plain ASCII, copied whole
    out.resize(start + s.size() + 2);
    char* to = out.data() + start;
    to[0] = '"';
    if (!s.empty()) std::memcpy(to + 1, s.data(), s.size());
    to[s.size() + 1] = '"';
    return;
  }
  out += '"';
  const auto* run = reinterpret_cast<const unsigned char*>(s.data());  // not yet appended
  const unsigned char* const end = run + s.size();
  const auto append_run = [&](const unsigned char* stop) {
    out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(stop - run));
  };
  const unsigned char* p = reinterpret_cast<const unsigned char*>(first_stop);
  while (p != end) {
    p = reinterpret_cast<const unsigned char*>(
        SkipPlainJsonText(reinterpret_cast<const char*>(p), reinterpret_cast<const char*>(end)));
    if (p == end) break;
    const unsigned char c = *p;
    if (c >= 0x80) {  // UTF-8 passes through once checked
      const size_t length = Utf8SequenceLength(p, end);
      if (length == 0) {
        out.resize(start);
        out += nlohmann::json(std::string(s)).dump();  // throws type_error 316, as it always did
        return;
      }
      p += length;
      continue;
    }
    append_run(p);  // c is `"`, `\` or a control character
    run = ++p;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escape, sizeof escape);
      }
    }
  }
  append_run(end);
  out += '"';
}

}  // namespace refund::eval
