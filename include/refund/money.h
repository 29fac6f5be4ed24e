// Money and exact rational arithmetic. No floating point anywhere near money.
//
//   auto cny = refund::Currency::Find("CNY");            // digits() == 2
//   auto price = refund::Money::Parse("3650.00", *cny);  // 365000 minor units
//   refund::Ratio used(10, 365);                         // exact
//   auto consumed = price->MulRatio(used * refund::Ratio(3, 2), refund::Rounding::kHalfUp);
//   // consumed->minor() == 15000  (150.00)
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace refund {

// How an exact value becomes whole minor units. Named once in a policy.
// kHalfUp: ties away from zero (2.5 -> 3, -2.5 -> -3); kHalfEven: ties to even (2.5 -> 2,
// -3.5 -> -4); kFloor: toward -infinity; kCeil: toward +infinity.
enum class Rounding { kHalfUp, kHalfEven, kFloor, kCeil };

std::optional<Rounding> ParseRounding(std::string_view name);  // "half_up", "half_even", "floor", "ceil"
std::string_view RoundingName(Rounding rounding);

// An ISO 4217 currency: three capital letters and its number of fraction digits.
class Currency {
 public:
  // The built-in ISO 4217 table; nullopt for a code it does not list.
  static std::optional<Currency> Find(std::string_view code);
  // XXX, ISO 4217's "no currency" with 0 fraction digits, equal to *Find("XXX"): what a
  // default Money or Order holds, without a table lookup for every one constructed.
  static constexpr Currency None() { return Currency("XXX", 0); }
  std::string_view code() const { return {code_, 3}; }
  int digits() const { return digits_; }
  friend bool operator==(const Currency& a, const Currency& b) {
    return std::string_view(a.code_, 3) == std::string_view(b.code_, 3);
  }

 private:
  // `code` has three letters (the table's and None's).
  constexpr Currency(std::string_view code, int digits)
      : code_{code[0], code[1], code[2]}, digits_(digits) {}
  char code_[3];
  int digits_;
};

// An exact rational number with 128-bit numerator and denominator, kept normalised
// (denominator > 0, gcd 1). Operations that would overflow return nullopt.
class Ratio {
 public:
  Ratio() = default;
  // den != 0 (asserted); normalised on construction. Whole numbers (money, instants) are
  // already normal, so that case is inline.
  Ratio(__int128 num, __int128 den = 1) : num_(num), den_(1) {
    if (den != 1) Normalize(den);
  }
  __int128 num() const { return num_; }
  __int128 den() const { return den_; }

  static std::optional<Ratio> Add(const Ratio& a, const Ratio& b);
  static std::optional<Ratio> Sub(const Ratio& a, const Ratio& b);
  static std::optional<Ratio> Mul(const Ratio& a, const Ratio& b);
  static std::optional<Ratio> Div(const Ratio& a, const Ratio& b);  // nullopt when b == 0
  // Parses an unsigned or signed decimal literal ("1.5", "-3", "+0.10": an optional sign, digits,
  // optionally '.' and at least one digit); nullopt otherwise or when it does not fit.
  static std::optional<Ratio> ParseDecimal(std::string_view text);

  // Integer results of rounding this value; nullopt when it does not fit in 64 bits.
  std::optional<int64_t> Round(Rounding rounding) const;
  std::optional<int64_t> Floor() const { return Round(Rounding::kFloor); }
  std::optional<int64_t> Ceil() const { return Round(Rounding::kCeil); }

  int Sign() const { return num_ > 0 ? 1 : (num_ < 0 ? -1 : 0); }
  // Shortest exact decimal when the denominator divides a power of ten, else "num/den".
  std::string ToString() const;

  friend bool operator==(const Ratio& a, const Ratio& b) = default;
  friend bool operator<(const Ratio& a, const Ratio& b) {  // exact
    return a.den_ == 1 && b.den_ == 1 ? a.num_ < b.num_ : LessCrossMultiplied(a, b);
  }
  friend bool operator<=(const Ratio& a, const Ratio& b) { return !(b < a); }
  friend bool operator>(const Ratio& a, const Ratio& b) { return b < a; }
  friend bool operator>=(const Ratio& a, const Ratio& b) { return !(a < b); }

 private:
  void Normalize(__int128 den);  // num_ / den in lowest terms, den made positive
  static bool LessCrossMultiplied(const Ratio& a, const Ratio& b);  // 256-bit products

  __int128 num_ = 0;
  __int128 den_ = 1;
};

// An amount of one currency in integer minor units (cents for CNY).
class Money {
 public:
  Money() = default;
  Money(int64_t minor, Currency currency) : minor_(minor), currency_(currency) {}

  // Parses a money string of orders.md: ^[0-9]+(\.[0-9]+)?$ with at most the currency's
  // fraction digits. On failure returns nullopt and, when `error` is given, says why
  // ("expected a decimal string like \"12.50\"", "at most 2 fraction digits for CNY", ...).
  static std::optional<Money> Parse(std::string_view text, Currency currency,
                                    std::string* error = nullptr);

  int64_t minor() const { return minor_; }
  const Currency& currency() const { return currency_; }
  // The value in minor units as an exact ratio.
  Ratio ToRatio() const { return Ratio(minor_); }

  // Checked arithmetic; nullopt on overflow. Both operands share one currency (asserted).
  std::optional<Money> Plus(const Money& other) const;
  std::optional<Money> Minus(const Money& other) const;
  // this × factor, exact, then one rounding to minor units.
  std::optional<Money> MulRatio(const Ratio& factor, Rounding rounding) const;

  // Splits `total` over parts in proportion to `weights` (all >= 0), rounding every part
  // except the last with non-zero weight, which takes the rest, so the parts always sum to
  // `total` exactly. A zero weight gets 0. A rounded part never takes more than what is left
  // (so no part has the opposite sign of `total`). All weights zero: everything goes to the
  // first part. No weights: no parts.
  static std::vector<int64_t> SplitProportionally(int64_t total, std::span<const int64_t> weights,
                                                  Rounding rounding);
  // The same into `parts` (parts.size() == weights.size()), without allocating.
  static void SplitProportionally(int64_t total, std::span<const int64_t> weights, Rounding rounding,
                                  std::span<int64_t> parts);

  // "2850.00": the currency's fraction digits, no sign for zero, '-' for negatives.
  std::string ToString() const;

  friend bool operator==(const Money& a, const Money& b) { return a.minor_ == b.minor_; }
  friend auto operator<=>(const Money& a, const Money& b) { return a.minor_ <=> b.minor_; }

 private:
  int64_t minor_ = 0;
  Currency currency_ = Currency::None();
};

// Formats a count of minor units with `digits` fraction digits ("-12.05").
std::string FormatMinor(int64_t minor, int digits);
// The same text appended to `out`, without a temporary (decisions are written this way).
void AppendMinor(int64_t minor, int digits, std::string& out);

}  // namespace refund
