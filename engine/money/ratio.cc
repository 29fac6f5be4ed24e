// Ratio: exact rationals over 128-bit integers, checked for overflow, and their rounding.
#include <cassert>
#include <cstdint>
#include <limits>
#include <string>

#include "engine/money/decimal_text.h"
#include "engine/money/rounds_up.h"
#include "refund/money.h"

namespace refund {
namespace {

using money::RoundsUp;
using I128 = __int128;
using U128 = unsigned __int128;

constexpr I128 kI128Max = static_cast<I128>(~U128{0} >> 1);
constexpr U128 kLow64 = (U128{1} << 64) - 1;

// |v| as unsigned; exact for the most negative value too.
U128 Magnitude(I128 v) { return v < 0 ? U128{0} - static_cast<U128>(v) : static_cast<U128>(v); }

U128 Gcd(U128 a, U128 b) {
  if (((a | b) >> 64) == 0) {  // the usual case: 64-bit division is many times cheaper
    uint64_t x = static_cast<uint64_t>(a), y = static_cast<uint64_t>(b);
    while (y != 0) {
      uint64_t rest = x % y;
      x = y;
      y = rest;
    }
    return x;
  }
  while (b != 0) {
    U128 rest = a % b;
    a = b;
    b = rest;
  }
  return a;
}

bool FitsInt64(I128 v) { return v >= std::numeric_limits<int64_t>::min() && v <= std::numeric_limits<int64_t>::max(); }

// A 256-bit unsigned product as high and low halves.
struct Wide {
  U128 hi;
  U128 lo;
  friend bool operator<(const Wide& a, const Wide& b) {
    return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
  }
};

Wide MulWide(U128 a, U128 b) {
  U128 a0 = a & kLow64, a1 = a >> 64, b0 = b & kLow64, b1 = b >> 64;
  U128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  U128 mid = (p00 >> 64) + (p01 & kLow64) + (p10 & kLow64);  // < 3 * 2^64: no overflow
  return {p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64), (p00 & kLow64) | (mid << 64)};
}

std::string U128ToString(U128 v) {
  char reversed[40];  // 2^128 has 39 digits
  int n = 0;
  if ((v >> 64) == 0) {  // 64-bit division is many times cheaper
    uint64_t small = static_cast<uint64_t>(v);
    do reversed[n++] = static_cast<char>('0' + small % 10); while ((small /= 10) != 0);
  } else {
    do reversed[n++] = static_cast<char>('0' + static_cast<int>(v % 10)); while ((v /= 10) != 0);
  }
  std::string digits(static_cast<size_t>(n), '0');
  for (int i = 0; i < n; ++i) digits[i] = reversed[n - 1 - i];
  return digits;
}

// (10 * rem) / den and (10 * rem) % den for rem < den, without overflowing 128 bits.
U128 NextDecimalDigit(U128& rem, U128 den) {
  U128 acc = 0, digit = 0;
  for (int i = 0; i < 10; ++i) {
    if (acc >= den - rem) {
      acc -= den - rem;
      ++digit;
    } else {
      acc += rem;
    }
  }
  rem = acc;
  return digit;
}

// Whether den (> 0) divides a power of ten, i.e. has no prime factors but 2 and 5.
bool HasFiniteDecimal(U128 den) {
  while (den % 2 == 0) den /= 2;
  while (den % 5 == 0) den /= 5;
  return den == 1;
}

// sign * num / den, or nullopt when the sign cannot be moved onto the numerator.
std::optional<Ratio> MakeRatio(I128 num, I128 den) {
  if (den < 0 && (__builtin_sub_overflow(I128{0}, num, &num) ||
                  __builtin_sub_overflow(I128{0}, den, &den))) {
    return std::nullopt;
  }
  return Ratio(num, den);
}

}  // namespace

void Ratio::Normalize(__int128 den) {
  assert(den != 0);
  const I128 num = num_;
  U128 g = Gcd(Magnitude(num), Magnitude(den));
  U128 n = Magnitude(num) / g, d = Magnitude(den) / g;
  bool negative = num != 0 && ((num < 0) != (den < 0));
  assert(d <= static_cast<U128>(kI128Max));
  assert(n <= static_cast<U128>(kI128Max) + (negative ? 1 : 0));
  num_ = negative ? static_cast<I128>(U128{0} - n) : static_cast<I128>(n);
  den_ = static_cast<I128>(d);
}

std::optional<Ratio> Ratio::Add(const Ratio& a, const Ratio& b) {
  if (a.den_ == 1 && b.den_ == 1) {  // whole numbers: the common case
    I128 num;
    if (__builtin_add_overflow(a.num_, b.num_, &num)) return std::nullopt;
    return Ratio(num);
  }
  I128 g = static_cast<I128>(Gcd(static_cast<U128>(a.den_), static_cast<U128>(b.den_)));
  I128 left, right, num, den;
  if (__builtin_mul_overflow(a.num_, b.den_ / g, &left) ||
      __builtin_mul_overflow(b.num_, a.den_ / g, &right) ||
      __builtin_add_overflow(left, right, &num) ||
      __builtin_mul_overflow(a.den_, b.den_ / g, &den)) {
    return std::nullopt;
  }
  return Ratio(num, den);
}

std::optional<Ratio> Ratio::Sub(const Ratio& a, const Ratio& b) {
  I128 negated;
  if (__builtin_sub_overflow(I128{0}, b.num_, &negated)) return std::nullopt;
  return Add(a, Ratio(negated, b.den_));
}

std::optional<Ratio> Ratio::Mul(const Ratio& a, const Ratio& b) {
  if (a.den_ == 1 && b.den_ == 1) {
    I128 num;
    if (__builtin_mul_overflow(a.num_, b.num_, &num)) return std::nullopt;
    return Ratio(num);
  }
  // Cross-reduce first so that results which fit are never lost to intermediate overflow.
  I128 g1 = static_cast<I128>(Gcd(Magnitude(a.num_), static_cast<U128>(b.den_)));
  I128 g2 = static_cast<I128>(Gcd(Magnitude(b.num_), static_cast<U128>(a.den_)));
  I128 num, den;
  if (__builtin_mul_overflow(a.num_ / g1, b.num_ / g2, &num) ||
      __builtin_mul_overflow(a.den_ / g2, b.den_ / g1, &den)) {
    return std::nullopt;
  }
  return Ratio(num, den);
}

std::optional<Ratio> Ratio::Div(const Ratio& a, const Ratio& b) {
  if (b.num_ == 0) return std::nullopt;
  if (a.num_ == 0) return Ratio();
  if (a.den_ == 1 && b.den_ == 1 && FitsInt64(a.num_) && FitsInt64(b.num_)) {
    // Whole numbers that fit 64 bits (durations over a day, money over a count): the quotient in
    // lowest terms with 64-bit division, which is many times cheaper than 128-bit.
    const int64_t x = static_cast<int64_t>(a.num_), y = static_cast<int64_t>(b.num_);
    const uint64_t mx = x < 0 ? 0 - static_cast<uint64_t>(x) : static_cast<uint64_t>(x);
    const uint64_t my = y < 0 ? 0 - static_cast<uint64_t>(y) : static_cast<uint64_t>(y);
    const uint64_t g = static_cast<uint64_t>(Gcd(mx, my));
    Ratio r;
    r.num_ = static_cast<I128>(mx / g);
    if ((x < 0) != (y < 0)) r.num_ = -r.num_;
    r.den_ = static_cast<I128>(my / g);
    return r;
  }
  I128 g1 = static_cast<I128>(Gcd(Magnitude(a.num_), Magnitude(b.num_)));
  I128 g2 = static_cast<I128>(Gcd(static_cast<U128>(a.den_), static_cast<U128>(b.den_)));
  I128 num, den;
  if (__builtin_mul_overflow(a.num_ / g1, b.den_ / g2, &num) ||
      __builtin_mul_overflow(a.den_ / g2, b.num_ / g1, &den)) {
    return std::nullopt;
  }
  return MakeRatio(num, den);
}

std::optional<Ratio> Ratio::ParseDecimal(std::string_view text) {
  bool negative = !text.empty() && text.front() == '-';
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  std::optional<money::DecimalText> parts = money::SplitDecimal(text);
  if (!parts) return std::nullopt;
  std::string_view fraction = parts->fraction;
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  I128 num = 0, den = 1;
  for (std::string_view digits : {parts->whole, fraction}) {
    for (char c : digits) {
      if (__builtin_mul_overflow(num, 10, &num) || __builtin_add_overflow(num, c - '0', &num)) {
        return std::nullopt;
      }
    }
  }
  for (size_t i = 0; i < fraction.size(); ++i) {
    if (__builtin_mul_overflow(den, 10, &den)) return std::nullopt;
  }
  return Ratio(negative ? -num : num, den);
}

std::optional<int64_t> Ratio::Round(Rounding rounding) const {
  if (den_ == 1) {
    if (!FitsInt64(num_)) return std::nullopt;
    return static_cast<int64_t>(num_);
  }
  if (FitsInt64(num_) && FitsInt64(den_)) {  // 64-bit division; the same steps as below
    const int64_t num = static_cast<int64_t>(num_), den = static_cast<int64_t>(den_);
    int64_t floor = num / den, rem = num % den;
    if (rem < 0) {
      floor -= 1;
      rem += den;
    }
    if (rem != 0 && RoundsUp(rounding, floor, rem, den)) floor += 1;
    return floor;
  }
  I128 floor = num_ / den_, rem = num_ % den_;
  if (rem < 0) {
    floor -= 1;
    rem += den_;
  }
  if (rem != 0 && RoundsUp(rounding, floor, rem, den_)) floor += 1;
  if (floor < std::numeric_limits<int64_t>::min() || floor > std::numeric_limits<int64_t>::max()) {
    return std::nullopt;
  }
  return static_cast<int64_t>(floor);
}

std::string Ratio::ToString() const {
  constexpr I128 kSmallDen = std::numeric_limits<uint64_t>::max() / 10;  // so that 10 * rem fits
  if (FitsInt64(num_) && num_ != std::numeric_limits<int64_t>::min() && den_ <= kSmallDen) {
    // The same text with 64-bit arithmetic: numbers in policies and orders are this small.
    uint64_t magnitude = static_cast<uint64_t>(num_ < 0 ? -num_ : num_), den = static_cast<uint64_t>(den_);
    std::string text = num_ < 0 ? "-" : "";
    if (!HasFiniteDecimal(den)) return text + U128ToString(magnitude) + "/" + U128ToString(den);
    text += U128ToString(magnitude / den);
    uint64_t rem = magnitude % den;
    if (rem != 0) text += '.';
    while (rem != 0) {
      rem *= 10;
      text += static_cast<char>('0' + rem / den);
      rem %= den;
    }
    return text;
  }
  U128 magnitude = Magnitude(num_), den = static_cast<U128>(den_);
  std::string text = num_ < 0 ? "-" : "";
  if (!HasFiniteDecimal(den)) return text + U128ToString(magnitude) + "/" + U128ToString(den);
  text += U128ToString(magnitude / den);
  U128 rem = magnitude % den;
  if (rem != 0) text += '.';
  while (rem != 0) text += static_cast<char>('0' + static_cast<int>(NextDecimalDigit(rem, den)));
  return text;
}

bool Ratio::LessCrossMultiplied(const Ratio& a, const Ratio& b) {
  // a.num / a.den < b.num / b.den  <=>  a.num * b.den < b.num * a.den (denominators are > 0).
  if (a.Sign() != b.Sign()) return a.Sign() < b.Sign();
  if (a.Sign() == 0) return false;
  Wide left = MulWide(Magnitude(a.num_), static_cast<U128>(b.den_));
  Wide right = MulWide(Magnitude(b.num_), static_cast<U128>(a.den_));
  return a.Sign() > 0 ? left < right : right < left;
}

}  // namespace refund
