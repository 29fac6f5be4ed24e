// The built-in ISO 4217 table: currency codes and their number of fraction digits.
#include <algorithm>
#include <array>
#include <cstdint>

#include "refund/money.h"

namespace refund {
namespace {

struct CurrencyEntry {
  std::string_view code;
  int digits;
};

// Active ISO 4217 codes with their minor-unit digits, plus XXX (no currency). Sorted by code.
constexpr std::array<CurrencyEntry, 70> kCurrencies = {{
    {"AED", 2}, {"ARS", 2}, {"AUD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BRL", 2},
    {"CAD", 2}, {"CHF", 2}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"CZK", 2}, {"DKK", 2},
    {"EGP", 2}, {"EUR", 2}, {"GBP", 2}, {"HKD", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2},
    {"INR", 2}, {"IQD", 3}, {"ISK", 0}, {"JOD", 3}, {"JPY", 0}, {"KES", 2}, {"KHR", 2},
    {"KRW", 0}, {"KWD", 3}, {"KZT", 2}, {"LAK", 2}, {"LKR", 2}, {"LYD", 3}, {"MAD", 2},
    {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MXN", 2}, {"MYR", 2}, {"NGN", 2}, {"NOK", 2},
    {"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PEN", 2}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2},
    {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RUB", 2}, {"SAR", 2}, {"SEK", 2},
    {"SGD", 2}, {"THB", 2}, {"TND", 3}, {"TRY", 2}, {"TWD", 2}, {"UAH", 2}, {"UGX", 0},
    {"USD", 2}, {"UYU", 2}, {"VND", 0}, {"XAF", 0}, {"XOF", 0}, {"XXX", 0}, {"ZAR", 2},
}};

// A three-letter code as an integer that orders like the code.
constexpr uint32_t CodeKey(std::string_view code) {
  return static_cast<uint32_t>(static_cast<unsigned char>(code[0])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(code[1])) << 8 |
         static_cast<unsigned char>(code[2]);
}

}  // namespace

// A binary search over integer keys: every order looks up its currency, so this is on the hot
// path of reading orders.
std::optional<Currency> Currency::Find(std::string_view code) {
  if (code.size() != 3) return std::nullopt;
  const uint32_t key = CodeKey(code);
  auto below = [](const CurrencyEntry& e, uint32_t k) { return CodeKey(e.code) < k; };
  auto entry = std::lower_bound(kCurrencies.begin(), kCurrencies.end(), key, below);
  if (entry == kCurrencies.end() || CodeKey(entry->code) != key) return std::nullopt;
  return Currency(entry->code, entry->digits);
}

}  // namespace refund
