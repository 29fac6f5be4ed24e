// The numbers of policy expressions, in two lanes with one interface, so that expr_eval.cc
// computes formulas and numeric comparisons with one template for both:
// - WordNumber: an exact rational in two 64-bit words, small enough to travel in registers.
//   Money (minor units), instants and durations (microseconds) and counts are whole 64-bit
//   numbers, and the shipped formulas never leave 64 bits, so this lane computes nearly all.
// - ExactNumber: a Ratio (128 bits, every operation checked), the reference. It takes over when
//   a word result would not fit (WordNumber::too_big), and computes everything when tracing.
// Both keep Ratio's normal form (lowest terms, den > 0, zero is 0/1), so a value is the same in
// either lane and converts exactly. A missing value (a field the order lacks, a step that read
// one, a division by zero) is missing in both lanes; overflow makes an ExactNumber missing.
#pragma once

#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>

#include "engine/money/rounds_up.h"
#include "refund/money.h"

namespace refund::eval {

class WordNumber {
 public:
  static WordNumber Missing() { return {0, kMissing}; }
  static WordNumber TooBig() { return {0, kTooBig}; }
  static WordNumber Whole(int64_t value) { return {value, 1}; }
  static WordNumber Of(const Ratio& r) {
    return Fits(r.num()) && Fits(r.den()) ? WordNumber{static_cast<int64_t>(r.num()), static_cast<int64_t>(r.den())}
                                          : TooBig();
  }
  static WordNumber Of(const std::optional<Ratio>& r) { return r ? Of(*r) : Missing(); }

  bool present() const { return den_ > 0; }
  bool missing() const { return den_ == kMissing; }
  bool too_big() const { return den_ == kTooBig; }
  int64_t num() const { return num_; }
  int64_t den() const { return den_; }
  Ratio ToRatio() const { return den_ == 1 ? Ratio(num_) : Ratio(num_, den_); }  // present() only

  static WordNumber Add(WordNumber a, WordNumber b) { return AddSub(a, b, false); }
  static WordNumber Sub(WordNumber a, WordNumber b) { return AddSub(a, b, true); }

  static WordNumber Mul(WordNumber a, WordNumber b) {
    if (WordNumber settled; Settle(a, b, settled)) return settled;
    int64_t num, den;
    if (a.den_ == 1 && b.den_ == 1) return __builtin_mul_overflow(a.num_, b.num_, &num) ? TooBig() : Whole(num);
    // Cross-reduced, as Ratio::Mul: the factors left are coprime, so the product is in lowest terms
    // (a zero operand is 0/1, which makes the other denominator cancel: zero comes out as 0/1).
    const int64_t g1 = Gcd(a.num_, b.den_), g2 = Gcd(b.num_, a.den_);
    if (__builtin_mul_overflow(a.num_ / g1, b.num_ / g2, &num) || __builtin_mul_overflow(a.den_ / g2, b.den_ / g1, &den))
      return TooBig();
    return {num, den};
  }

  static WordNumber Div(WordNumber a, WordNumber b) {
    if (WordNumber settled; Settle(a, b, settled)) return settled;
    if (b.num_ == 0) return Missing();
    if (a.num_ == 0) return Whole(0);
    if (a.num_ == kMin || b.num_ == kMin) return TooBig();  // gcd(|a|, |b|) could be 2^63
    // Cross-reduced (numerators together, denominators together): the result is in lowest terms.
    const int64_t g1 = Gcd(a.num_, b.num_), g2 = Gcd(a.den_, b.den_);
    int64_t num, den;
    if (__builtin_mul_overflow(a.num_ / g1, b.den_ / g2, &num) || __builtin_mul_overflow(a.den_ / g2, b.num_ / g1, &den))
      return TooBig();
    if (den < 0 && (__builtin_sub_overflow(int64_t{0}, num, &num) || __builtin_sub_overflow(int64_t{0}, den, &den)))
      return TooBig();
    return {num, den};
  }

  static WordNumber Neg(WordNumber a) {
    if (!a.present()) return a;
    return a.num_ == kMin ? TooBig() : WordNumber{-a.num_, a.den_};
  }

  // <0, 0, >0; both present.
  static int Compare(WordNumber a, WordNumber b) {
    if (a.den_ == 1 && b.den_ == 1) return a.num_ < b.num_ ? -1 : (a.num_ == b.num_ ? 0 : 1);
    const __int128 left = static_cast<__int128>(a.num_) * b.den_, right = static_cast<__int128>(b.num_) * a.den_;
    return left < right ? -1 : (left == right ? 0 : 1);
  }

  // The larger (`max`) or the smaller of two numbers; `a` when they are equal.
  static WordNumber Pick(WordNumber a, WordNumber b, bool max) {
    if (WordNumber settled; Settle(a, b, settled)) return settled;
    const int order = Compare(a, b);
    return (max ? order >= 0 : order <= 0) ? a : b;
  }

  // The integer `rounding` gives, as Ratio::Round.
  static WordNumber Round(WordNumber a, Rounding rounding) {
    if (!a.present() || a.den_ == 1) return a;
    int64_t floor = a.num_ / a.den_, rem = a.num_ % a.den_;
    if (rem < 0) {
      floor -= 1;
      rem += a.den_;
    }
    if (money::RoundsUp(rounding, floor, rem, a.den_)) floor += 1;  // rem != 0: den > 1, lowest terms
    return Whole(floor);
  }

 private:
  static constexpr int64_t kMissing = 0;
  static constexpr int64_t kTooBig = -1;

  WordNumber(int64_t num, int64_t den) : num_(num), den_(den) {}
  WordNumber() = default;

  static bool Fits(__int128 v) {
    return v >= std::numeric_limits<int64_t>::min() && v <= std::numeric_limits<int64_t>::max();
  }
  static constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

  static uint64_t Magnitude(int64_t v) { return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v); }
  // gcd(|x|, |y|) for y != 0 and not both kMin, so that it is positive and fits.
  static int64_t Gcd(int64_t x, int64_t y) { return static_cast<int64_t>(std::gcd(Magnitude(x), Magnitude(y))); }
  // The result when an operand is not a value: missing before too big, as Ratio would see it.
  static bool Settle(WordNumber a, WordNumber b, WordNumber& out) {
    if (a.present() && b.present()) return false;
    out = a.missing() || b.missing() ? Missing() : TooBig();
    return true;
  }
  static WordNumber AddSub(WordNumber a, WordNumber b, bool subtract) {
    if (WordNumber settled; Settle(a, b, settled)) return settled;
    int64_t num;
    if (a.den_ == 1 && b.den_ == 1) {
      const bool overflow = subtract ? __builtin_sub_overflow(a.num_, b.num_, &num) : __builtin_add_overflow(a.num_, b.num_, &num);
      return overflow ? TooBig() : Whole(num);
    }
    // Over the least common denominator in 128 bits, then reduced; too big when that does not fit.
    const int64_t g = Gcd(a.den_, b.den_);
    const __int128 left = static_cast<__int128>(a.num_) * (b.den_ / g), right = static_cast<__int128>(b.num_) * (a.den_ / g);
    const __int128 wide_num = subtract ? left - right : left + right;
    const __int128 wide_den = static_cast<__int128>(a.den_) * (b.den_ / g);
    if (!Fits(wide_num) || !Fits(wide_den)) return TooBig();
    num = static_cast<int64_t>(wide_num);
    const int64_t den = static_cast<int64_t>(wide_den), common = Gcd(num, den);
    return {num / common, den / common};  // zero: common is den, so 0/1
  }

  int64_t num_ = 0;
  int64_t den_ = kMissing;  // > 0: the value num_/den_ in lowest terms; else kMissing or kTooBig
};

class ExactNumber {
 public:
  static ExactNumber Missing() { return ExactNumber(std::nullopt); }
  static ExactNumber Whole(int64_t value) { return ExactNumber(Ratio(value)); }
  static ExactNumber Of(const Ratio& r) { return ExactNumber(r); }
  static ExactNumber Of(const std::optional<Ratio>& r) { return ExactNumber(r); }

  bool present() const { return value_.has_value(); }
  bool missing() const { return !value_; }
  bool too_big() const { return false; }  // overflow is missing here
  Ratio ToRatio() const { return *value_; }

  static ExactNumber Add(const ExactNumber& a, const ExactNumber& b) { return Both(a, b, Ratio::Add); }
  static ExactNumber Sub(const ExactNumber& a, const ExactNumber& b) { return Both(a, b, Ratio::Sub); }
  static ExactNumber Mul(const ExactNumber& a, const ExactNumber& b) { return Both(a, b, Ratio::Mul); }
  static ExactNumber Div(const ExactNumber& a, const ExactNumber& b) { return Both(a, b, Ratio::Div); }
  static ExactNumber Neg(const ExactNumber& a) { return a.value_ ? ExactNumber(Ratio::Sub(Ratio(0), *a.value_)) : a; }
  static int Compare(const ExactNumber& a, const ExactNumber& b) {
    return *a.value_ < *b.value_ ? -1 : (*a.value_ == *b.value_ ? 0 : 1);
  }
  static ExactNumber Pick(const ExactNumber& a, const ExactNumber& b, bool max) {
    if (!a.value_ || !b.value_) return Missing();
    const int order = Compare(a, b);
    return (max ? order >= 0 : order <= 0) ? a : b;
  }
  static ExactNumber Round(const ExactNumber& a, Rounding rounding) {
    if (!a.value_) return a;
    std::optional<int64_t> rounded = a.value_->Round(rounding);
    return rounded ? Whole(*rounded) : Missing();
  }

 private:
  explicit ExactNumber(std::optional<Ratio> value) : value_(value) {}
  template <class Op>
  static ExactNumber Both(const ExactNumber& a, const ExactNumber& b, Op op) {
    return a.value_ && b.value_ ? ExactNumber(op(*a.value_, *b.value_)) : Missing();
  }

  std::optional<Ratio> value_;
};

}  // namespace refund::eval
