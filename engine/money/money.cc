// Money: parsing order amounts, checked arithmetic, proportional splits and formatting.
#include <algorithm>
#include <cassert>
#include <limits>
#include <string>

#include "engine/money/decimal_text.h"
#include "refund/money.h"

namespace refund {
namespace {

constexpr size_t kMaxQuotedChars = 40;

// `text` in backticks, shortened so that a huge input does not flood a message.
std::string Quote(std::string_view text) {
  std::string quoted = "`";
  quoted.append(text.substr(0, kMaxQuotedChars));
  if (text.size() > kMaxQuotedChars) quoted += "...";
  quoted += '`';
  return quoted;
}

// Why `text` does not match ^[0-9]+(\.[0-9]+)?$, naming the most likely mistake.
std::string DescribeMalformed(std::string_view text) {
  const std::string expected = "expected a decimal string like \"12.50\"";
  if (text.empty()) return expected + ", got an empty string";
  if (text.front() == '+' || text.front() == '-') {
    return expected + " without a sign, got " + Quote(text);
  }
  if (text.find_first_of("eE") != std::string_view::npos) {
    return expected + " without an exponent, got " + Quote(text);
  }
  if (text.find_first_of(" \t") != std::string_view::npos) {
    return expected + " without spaces, got " + Quote(text);
  }
  if (text.find_first_of(",_'") != std::string_view::npos) {
    return expected + " without digit separators, got " + Quote(text);
  }
  if (text.front() == '.') return expected + " with digits before `.`, got " + Quote(text);
  if (text.back() == '.') return expected + " with digits after `.`, got " + Quote(text);
  return expected + ", got " + Quote(text);
}

std::string DescribeTooManyDigits(std::string_view text, const Currency& currency) {
  std::string code(currency.code());
  if (currency.digits() == 0) {
    return "at most 0 fraction digits for " + code + " (whole units only), got " + Quote(text);
  }
  return "at most " + std::to_string(currency.digits()) + " fraction digits for " + code +
         ", got " + Quote(text);
}

// value * 10 + digit, or false on int64 overflow.
bool AppendDigit(int64_t& value, int digit) {
  return !__builtin_mul_overflow(value, 10, &value) &&
         !__builtin_add_overflow(value, digit, &value);
}

// The minor units of `text` when it is digits, optionally '.' and 1 to `digits` more digits, and
// short enough that no overflow is possible (18 digits at most once padded to `digits`): one
// pass for the amounts orders carry. nullopt for everything else, valid or not: Money::Parse
// then takes the general way, which words the errors.
std::optional<int64_t> ParseShortAmount(std::string_view text, size_t digits) {
  constexpr size_t kSafeDigits = 18;  // 10^18 - 1 < 2^63
  if (text.size() > kSafeDigits) return std::nullopt;
  int64_t minor = 0;
  size_t i = 0;
  for (; i < text.size() && money::IsDigit(text[i]); ++i) minor = minor * 10 + (text[i] - '0');
  const size_t whole = i;
  if (whole == 0 || whole + digits > kSafeDigits) return std::nullopt;
  size_t fraction = 0;
  if (i < text.size()) {
    if (text[i++] != '.') return std::nullopt;
    for (; i < text.size() && money::IsDigit(text[i]); ++i, ++fraction) {
      minor = minor * 10 + (text[i] - '0');
    }
    if (fraction == 0 || fraction > digits || i != text.size()) return std::nullopt;
  }
  for (; fraction < digits; ++fraction) minor *= 10;
  return minor;
}

}  // namespace

std::optional<Money> Money::Parse(std::string_view text, Currency currency, std::string* error) {
  const size_t digits = static_cast<size_t>(currency.digits());
  if (std::optional<int64_t> minor = ParseShortAmount(text, digits)) {
    // Made in place: a Money made first and copied into the optional compiled to a 16-byte
    // load of the fields just stored one by one, a store-forwarding stall on every amount.
    return std::optional<Money>(std::in_place, *minor, currency);
  }
  auto fail = [error](std::string message) -> std::optional<Money> {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };
  std::optional<money::DecimalText> parts = money::SplitDecimal(text);
  if (!parts) return fail(DescribeMalformed(text));
  if (parts->fraction.size() > digits) return fail(DescribeTooManyDigits(text, currency));
  int64_t minor = 0;
  bool fits = true;
  for (char c : parts->whole) fits = fits && AppendDigit(minor, c - '0');
  for (size_t i = 0; i < digits; ++i) {
    int digit = i < parts->fraction.size() ? parts->fraction[i] - '0' : 0;
    fits = fits && AppendDigit(minor, digit);
  }
  if (!fits) {
    Money largest(std::numeric_limits<int64_t>::max(), currency);
    return fail(Quote(text) + " is too large: " + std::string(currency.code()) +
                " amounts are at most " + largest.ToString());
  }
  return Money(minor, currency);
}

std::optional<Money> Money::Plus(const Money& other) const {
  assert(currency_ == other.currency_);
  int64_t sum;
  if (__builtin_add_overflow(minor_, other.minor_, &sum)) return std::nullopt;
  return Money(sum, currency_);
}

std::optional<Money> Money::Minus(const Money& other) const {
  assert(currency_ == other.currency_);
  int64_t difference;
  if (__builtin_sub_overflow(minor_, other.minor_, &difference)) return std::nullopt;
  return Money(difference, currency_);
}

std::optional<Money> Money::MulRatio(const Ratio& factor, Rounding rounding) const {
  std::optional<Ratio> product = Ratio::Mul(ToRatio(), factor);
  if (!product) return std::nullopt;
  std::optional<int64_t> minor = product->Round(rounding);
  if (!minor) return std::nullopt;
  return Money(*minor, currency_);
}

std::vector<int64_t> Money::SplitProportionally(int64_t total, std::span<const int64_t> weights,
                                                Rounding rounding) {
  std::vector<int64_t> parts(weights.size(), 0);
  SplitProportionally(total, weights, rounding, parts);
  return parts;
}

void Money::SplitProportionally(int64_t total, std::span<const int64_t> weights, Rounding rounding,
                                std::span<int64_t> parts) {
  assert(parts.size() == weights.size());
  std::fill(parts.begin(), parts.end(), 0);
  if (parts.empty()) return;
  __int128 weight_sum = 0;
  size_t last = 0;  // the last part with non-zero weight
  for (size_t i = 0; i < weights.size(); ++i) {
    assert(weights[i] >= 0);
    weight_sum += weights[i];
    if (weights[i] > 0) last = i;
  }
  if (weight_sum == 0) {
    parts[0] = total;
    return;
  }
  int64_t remaining = total;
  for (size_t i = 0; i < last; ++i) {
    if (weights[i] == 0) continue;
    // |total * weight / sum| <= |total|, so the rounded share always fits in 64 bits.
    int64_t share = *Ratio(static_cast<__int128>(total) * weights[i], weight_sum).Round(rounding);
    share = total >= 0 ? std::min(share, remaining) : std::max(share, remaining);
    parts[i] = share;
    remaining -= share;
  }
  parts[last] = remaining;
}

std::string Money::ToString() const { return FormatMinor(minor_, currency_.digits()); }

std::string FormatMinor(int64_t minor, int digits) {
  std::string text;
  AppendMinor(minor, digits, text);
  return text;
}

void AppendMinor(int64_t minor, int digits, std::string& out) {
  assert(digits >= 0 && digits <= 32);
  uint64_t magnitude = minor < 0 ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  // Digits right to left, the point after `digits` of them; at least one digit before it.
  char text[56];
  char* const end = text + sizeof text;
  char* p = end;
  int written = 0;
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
    if (++written == digits) *--p = '.';
  } while (magnitude != 0 || written <= digits);
  if (minor < 0) *--p = '-';
  out.append(p, end);
}

}  // namespace refund
