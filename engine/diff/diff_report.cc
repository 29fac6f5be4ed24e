// Formatting the report's per-currency amounts (see diff_report.h).
#include "engine/diff/diff_report.h"

#include "refund/money.h"

namespace refund::diff {

std::string FormatAmount(const DiffReport& report, const std::string& currency, int64_t minor) {
  auto digits = report.currency_digits.find(currency);
  return FormatMinor(minor, digits == report.currency_digits.end() ? 2 : digits->second);
}

std::string FormatAmounts(const DiffReport& report, const Amounts& amounts) {
  if (amounts.empty()) return "0";
  if (amounts.size() == 1) return FormatAmount(report, amounts.begin()->first, amounts.begin()->second);
  std::string out;
  for (const auto& [currency, minor] : amounts) {
    if (!out.empty()) out += "; ";
    out += currency + " " + FormatAmount(report, currency, minor);
  }
  return out;
}

Amounts Difference(const Amounts& base, const Amounts& candidate) {
  Amounts out;
  for (const auto& [currency, minor] : base) out[currency] -= minor;
  for (const auto& [currency, minor] : candidate) out[currency] += minor;
  return out;
}

}  // namespace refund::diff
