// Per-language formatting of money, dates and policy words (see format.h).
#include "engine/eval/format.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/model/policy.h"

namespace refund::eval {
namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string_view Symbol(std::string_view code) {
  if (code == "CNY" || code == "JPY") return "¥";
  if (code == "USD") return "$";
  if (code == "EUR") return "€";
  if (code == "GBP") return "£";
  return {};
}

}  // namespace

std::string FormatMoney(int64_t minor, std::string_view currency, int digits) {
  std::string plain = FormatMinor(minor < 0 ? -minor : minor, digits);
  size_t point = plain.find('.');
  std::string whole = plain.substr(0, point);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  if (point != std::string::npos) grouped += plain.substr(point);
  std::string_view symbol = Symbol(currency);
  std::string prefix = symbol.empty() ? std::string(currency) + " " : std::string(symbol);
  return (minor < 0 ? "-" : "") + prefix + grouped;
}

std::string FormatDateTime(Instant at, const TimeZone& zone, Language language) {
  const std::string rfc = zone.Format(at);  // 2026-03-07T00:00:00+08:00
  const CivilDate date = zone.LocalDate(at);
  const std::string clock = rfc.substr(11, 5);
  if (language == Language::kZh) return fmt::format("{}年{}月{}日 {}", date.year, date.month, date.day, clock);
  return fmt::format("{} {} {} {}", date.day, kMonths[date.month - 1], date.year, clock);
}

std::string FormatOffset(Instant at, const TimeZone& zone) {
  const int64_t minutes = zone.OffsetAt(at).micros / (60 * kMicrosPerSecond);
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
