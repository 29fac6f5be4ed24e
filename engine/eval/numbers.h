// The numbers of policy expressions, in two lanes with one interface, so that expr_eval.cc
// computes formulas and numeric comparisons with one template for both:
// - WordNumber: an exact rational in two 64-bit words, small enough to travel in registers.
//   Money (minor units), instants and durations (microseconds) and counts are whole 64-bit
//   numbers, and the shipped formulas never leave 64 bits, so this lane computes nearly all.
// - ExactNumber: a Ratio (128 bits, every operation checked), the reference. It takes over when
//   a word result would not fit (WordNumber::too_big), and computes everything when tracing.
// A value is the same in either lane: WordNumber::ToRatio gives Ratio's normal form. A missing
// value (a field the order lacks, a step that read one, a division by zero) is missing in both
// lanes; overflow makes an ExactNumber missing.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>

#include "engine/money/rounds_up.h"
#include "refund/money.h"

namespace refund::eval {

// num/den with den > 0, not reduced: a formula's quotients are mostly rounded at once
// (`ceil(days / 24h)`), and reducing each one would cost a gcd for nothing. ToRatio reduces.
// An operation whose result does not fit gives too_big(), never a wrong value.
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
  Ratio ToRatio() const { return den_ == 1 ? Ratio(num_) : Ratio(num_, den_); }  // present() only

  static WordNumber Add(WordNumber a, WordNumber b) { return AddSub(a, b, false); }
  static WordNumber Sub(WordNumber a, WordNumber b) { return AddSub(a, b, true); }

  static WordNumber Mul(WordNumber a, WordNumber b) {
    if (WordNumber settled; Settle(a, b, settled)) return settled;
    int64_t num, den;
    if (__builtin_mul_overflow(a.num_, b.num_, &num) || __builtin_mul_overflow(a.den_, b.den_, &den)) return TooBig();
    return {num, den};
  }

  static WordNumber Div(WordNumber a, WordNumber b) {
    if (WordNumber settled; Settle(a, b, settled)) return settled;
    if (b.num_ == 0) return Missing();  // as Ratio::Div
    int64_t num, den;
    if (__builtin_mul_overflow(a.num_, b.den_, &num) || __builtin_mul_overflow(a.den_, b.num_, &den)) return TooBig();
    if (den < 0 && (__builtin_sub_overflow(int64_t{0}, num, &num) || __builtin_sub_overflow(int64_t{0}, den, &den)))
      return TooBig();
    return {num, den};
  }

  static WordNumber Neg(WordNumber a) {
    if (!a.present()) return a;
    return a.num_ == std::numeric_limits<int64_t>::min() ? TooBig() : WordNumber{-a.num_, a.den_};
  }

  // <0, 0, >0; both present. Cross products of 64-bit words fit 128 bits exactly.
  static int Compare(WordNumber a, WordNumber b) {
    if (a.den_ == b.den_) return a.num_ < b.num_ ? -1 : (a.num_ == b.num_ ? 0 : 1);
    const __int128 left = static_cast<__int128>(a.num_) * b.den_, right = static_cast<__int128>(b.num_) * a.den_;
    return left < right ? -1 : (left == right ? 0 : 1);
  }

  // The larger (`max`) or the smaller of two numbers; `a` when they are equal.
  static WordNumber Pick(WordNumber a, WordNumber b, bool max) {
    if (WordNumber settled; Settle(a, b, settled)) return settled;
    const int order = Compare(a, b);
    return (max ? order >= 0 : order <= 0) ? a : b;
  }

  // The integer `rounding` gives, as Ratio::Round (RoundsUp compares rem with den - rem, which
  // does not depend on the fraction being reduced).
  static WordNumber Round(WordNumber a, Rounding rounding) {
    if (!a.present() || a.den_ == 1) return a;
    int64_t floor = a.num_ / a.den_, rem = a.num_ % a.den_;
    if (rem < 0) {
      floor -= 1;
      rem += a.den_;
    }
    if (rem != 0 && money::RoundsUp(rounding, floor, rem, a.den_)) floor += 1;
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
  // The result when an operand is not a value: missing before too big, as Ratio would see it.
  static bool Settle(WordNumber a, WordNumber b, WordNumber& out) {
    if (a.present() && b.present()) return false;
    out = a.missing() || b.missing() ? Missing() : TooBig();
    return true;
  }
  static WordNumber AddSub(WordNumber a, WordNumber b, bool subtract) {
    if (WordNumber settled; Settle(a, b, settled)) return settled;
    int64_t num, den;
    if (a.den_ == b.den_) {  // whole numbers, mostly
      const bool overflow = subtract ? __builtin_sub_overflow(a.num_, b.num_, &num) : __builtin_add_overflow(a.num_, b.num_, &num);
      return overflow ? TooBig() : WordNumber{num, a.den_};
    }
    int64_t left, right;
    if (__builtin_mul_overflow(a.num_, b.den_, &left) || __builtin_mul_overflow(b.num_, a.den_, &right) ||
        (subtract ? __builtin_sub_overflow(left, right, &num) : __builtin_add_overflow(left, right, &num)) ||
        __builtin_mul_overflow(a.den_, b.den_, &den))
      return TooBig();
    return {num, den};
  }

  int64_t num_ = 0;
  int64_t den_ = kMissing;  // > 0: the value num_/den_; else kMissing or kTooBig
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
