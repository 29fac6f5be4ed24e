// Per-language formatting of money, dates and policy words (see format.h).
#include "engine/eval/format.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/model/policy.h"

namespace refund::eval {
namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string_view Symbol(std::string_view code) {
  if (code.size() != 3) return {};
  switch (code[0]) {  // one character decides, then the whole code is compared
    case 'C': return code == "CNY" ? "¥" : std::string_view();
    case 'J': return code == "JPY" ? "¥" : std::string_view();
    case 'U': return code == "USD" ? "$" : std::string_view();
    case 'E': return code == "EUR" ? "€" : std::string_view();
    case 'G': return code == "GBP" ? "£" : std::string_view();
    default: return {};
  }
}

}  // namespace

void AppendMoney(std::string& out, int64_t minor, std::string_view currency, int digits) {
  // Written right to left into `text`: the fraction digits, the point, the whole part grouped by
  // threes, then the currency and the sign; appended once.
  char text[64];
  char* const end = text + sizeof text;
  char* p = end;
  uint64_t magnitude = minor < 0 ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  for (int i = 0; i < digits; ++i) {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  }
  if (digits > 0) *--p = '.';
  for (int in_group = 0;; ++in_group) {
    if (in_group == 3) {
      *--p = ',';
      in_group = 0;
    }
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
    if (magnitude == 0) break;
  }
  const std::string_view symbol = Symbol(currency);
  if (symbol.empty()) {
    *--p = ' ';
    p -= currency.copy(p - std::min<size_t>(currency.size(), 3), 3);
  } else {
    p -= symbol.size();
    symbol.copy(p, symbol.size());
  }
  if (minor < 0) *--p = '-';
  out.append(p, static_cast<size_t>(end - p));
}

std::string FormatMoney(int64_t minor, std::string_view currency, int digits) {
  std::string out;
  AppendMoney(out, minor, currency, digits);
  return out;
}

void AppendDateTime(std::string& out, Instant at, const TimeZone& zone, Language language) {
  // The local time TimeZone::Format writes (whole-minute offsets), so text and JSON agree.
  const int64_t local = at.micros + zone.WrittenOffsetAt(at).micros;
  if (!IsWritableLocalTime(local)) {  // no calendar date to show: say which side it lies on
    const bool late = local > 0;
    if (language == Language::kZh) out += late ? "9999年以后" : "公元1年以前";
    else out += late ? "after year 9999" : "before year 1";
    return;
  }
  const int64_t days = local >= 0 ? local / kMicrosPerDay : -((-local + kMicrosPerDay - 1) / kMicrosPerDay);
  const CivilDate date = CivilDate::FromDaysSinceEpoch(days);
  const int64_t minutes = (local - days * kMicrosPerDay) / (60 * kMicrosPerSecond);  // into the local day
  const auto number = [&out](int64_t v) {
    const fmt::format_int text(v);
    out.append(text.data(), text.size());
  };
  const auto two_digits = [&out](int64_t v) {
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
  };
  if (language == Language::kZh) {
    number(date.year);
    out += "年";
    number(date.month);
    out += "月";
    number(date.day);
    out += "日 ";
  } else {
    number(date.day);
    out += ' ';
    out += kMonths[date.month - 1];
    out += ' ';
    number(date.year);
    out += ' ';
  }
  two_digits(minutes / 60);
  out += ':';
  two_digits(minutes % 60);
}

std::string FormatDateTime(Instant at, const TimeZone& zone, Language language) {
  std::string out;
  AppendDateTime(out, at, zone, language);
  return out;
}

void AppendPercent(std::string& out, const Ratio& fraction) {
  const std::optional<Ratio> percent = Ratio::Mul(fraction, Ratio(100));
  if (!percent) {  // beyond any rate a policy writes: the fraction as it is
    out += fraction.ToString();
    return;
  }
  out += percent->ToString();
  out += '%';
}

std::string FormatPercent(const Ratio& fraction) {
  std::string out;
  AppendPercent(out, fraction);
  return out;
}

std::string FormatOffset(Instant at, const TimeZone& zone) {
  const int64_t minutes = zone.WrittenOffsetAt(at).micros / (60 * kMicrosPerSecond);
  const int64_t a = minutes < 0 ? -minutes : minutes;
  std::string out = fmt::format("UTC{}{}", minutes < 0 ? '-' : '+', a / 60);
  if (a % 60) out += fmt::format(":{:02}", a % 60);
  return out;
}

std::optional<std::string> FindLabel(const model::Policy& policy, std::string_view word, Language language) {
  auto it = policy.labels.find(word);
  if (it == policy.labels.end()) return std::nullopt;
  const std::string& text = language == Language::kZh && !it->second.zh.empty() ? it->second.zh : it->second.en;
  if (text.empty()) return std::nullopt;
  return text;
}

std::string Label(const model::Policy& policy, std::string_view word, Language language) {
  if (auto label = FindLabel(policy, word, language)) return *label;
  std::string out(word);
  std::replace(out.begin(), out.end(), '_', ' ');
  std::replace(out.begin(), out.end(), '-', ' ');
  return out;
}

}  // namespace refund::eval
