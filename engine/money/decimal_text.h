// Private to engine/money: splits decimal text of the form ^[0-9]+(\.[0-9]+)?$ into its parts.
#pragma once

#include <optional>
#include <string_view>

namespace refund::money {

struct DecimalText {
  std::string_view whole;     // one or more digits
  std::string_view fraction;  // digits after '.', empty when there is no '.'
};

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

inline bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// nullopt unless `text` is digits, optionally followed by '.' and at least one digit.
inline std::optional<DecimalText> SplitDecimal(std::string_view text) {
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || !AllDigits(whole) || !AllDigits(fraction)) return std::nullopt;
  if (dot != std::string_view::npos && fraction.empty()) return std::nullopt;
  return DecimalText{whole, fraction};
}

}  // namespace refund::money
