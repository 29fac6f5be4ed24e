// Tests for engine/eval/numbers.h: the word lane gives exactly what Ratio gives, or says that it
// is too big; missing values stay missing in both lanes.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "engine/eval/numbers.h"

namespace refund::eval {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// "missing", or the exact value as Ratio writes it ("1.5", "-1/3").
std::string Show(const ExactNumber& n) { return n.missing() ? "missing" : n.ToRatio().ToString(); }

// The same for the word lane, and "too big"; ToRatio gives the normal form.
std::string Show(const WordNumber& n) {
  if (n.too_big()) return "too big";
  return Show(n.missing() ? ExactNumber::Missing() : ExactNumber::Of(n.ToRatio()));
}

WordNumber W(int64_t num, int64_t den = 1) { return WordNumber::Of(Ratio(num, den)); }
ExactNumber E(const WordNumber& w) { return w.present() ? ExactNumber::Of(w.ToRatio()) : ExactNumber::Missing(); }

bool FitsWords(const ExactNumber& n) {
  if (n.missing()) return false;
  const Ratio r = n.ToRatio();
  return r.num() >= kMin && r.num() <= kMax && r.den() <= kMax;
}

// Operands from every range the lane must handle: small counts and money, durations in
// microseconds, fractions, and values at the edges of 64 bits.
std::vector<WordNumber> Operands() {
  std::vector<WordNumber> out = {W(0), W(1), W(-1), W(2), W(3, 2), W(-3, 2), W(1, 3), W(86'400'000'000),
                                 W(31'536'000'000'000), W(365'000), W(kMax), W(kMin), W(kMax - 1), W(kMin + 1),
                                 W(kMax, 2), W(kMin, 3), W(1, kMax), W(-1, kMax), W(kMax, kMax - 1),
                                 W(int64_t{1} << 32), W(-(int64_t{1} << 32) - 1), W(3'037'000'499), W(3'037'000'500)};
  std::mt19937_64 rng(20261127);
  for (int i = 0; i < 150; ++i) {
    const int bits = 1 + static_cast<int>(rng() % 63);
    const int64_t num = static_cast<int64_t>(rng() >> (64 - bits)) * ((rng() & 1) ? -1 : 1);
    const int64_t den = (rng() % 3 == 0) ? 1 : 1 + static_cast<int64_t>(rng() >> (64 - 1 - rng() % 40));
    out.push_back(W(num, den));
  }
  return out;
}

}  // namespace

TEST_CASE("the word lane computes what Ratio computes, or says it is too big") {
  const std::vector<WordNumber> operands = Operands();
  int compared = 0, small_too_big = 0;
  auto small = [](const WordNumber& n) {
    const Ratio r = n.ToRatio();
    return r.num() > -(1 << 30) && r.num() < (1 << 30) && r.den() < (1 << 15);
  };
  for (const WordNumber& a : operands) {
    REQUIRE(a.present());
    for (const WordNumber& b : operands) {
      const struct {
        const char* name;
        WordNumber word;
        ExactNumber exact;
      } results[] = {
          {"+", WordNumber::Add(a, b), ExactNumber::Add(E(a), E(b))},
          {"-", WordNumber::Sub(a, b), ExactNumber::Sub(E(a), E(b))},
          {"*", WordNumber::Mul(a, b), ExactNumber::Mul(E(a), E(b))},
          {"/", WordNumber::Div(a, b), ExactNumber::Div(E(a), E(b))},
          {"max", WordNumber::Pick(a, b, true), ExactNumber::Pick(E(a), E(b), true)},
          {"min", WordNumber::Pick(a, b, false), ExactNumber::Pick(E(a), E(b), false)},
      };
      for (const auto& r : results) {
        INFO(Show(a), " ", r.name, " ", Show(b));
        if (r.word.too_big()) {
          small_too_big += small(a) && small(b);
          continue;
        }
        ++compared;
        CHECK(Show(r.word) == Show(r.exact));
      }
      CHECK(WordNumber::Compare(a, b) == ExactNumber::Compare(E(a), E(b)));
    }
  }
  // Operands under 2^30 over denominators under 2^15 never leave the lane.
  CHECK(small_too_big == 0);
  CHECK(compared > 100'000);
}

TEST_CASE("whole results that fit 64 bits are never too big") {
  const std::vector<WordNumber> operands = Operands();
  for (const WordNumber& a : operands)
    for (const WordNumber& b : operands) {
      if (a.ToRatio().den() != 1 || b.ToRatio().den() != 1) continue;
      INFO(Show(a), " and ", Show(b));
      for (const auto& [word, exact] : {std::pair{WordNumber::Add(a, b), ExactNumber::Add(E(a), E(b))},
                                        std::pair{WordNumber::Sub(a, b), ExactNumber::Sub(E(a), E(b))},
                                        std::pair{WordNumber::Mul(a, b), ExactNumber::Mul(E(a), E(b))}}) {
        if (FitsWords(exact)) CHECK(Show(word) == Show(exact));
        else CHECK(word.too_big());
      }
    }
}

TEST_CASE("the word lane rounds as Ratio does, in every mode") {
  for (const WordNumber& a : Operands())
    for (Rounding mode : {Rounding::kHalfUp, Rounding::kHalfEven, Rounding::kFloor, Rounding::kCeil}) {
      INFO(Show(a), " mode ", static_cast<int>(mode));
      CHECK(Show(WordNumber::Round(a, mode)) == Show(ExactNumber::Round(E(a), mode)));
    }
  CHECK(Show(WordNumber::Round(W(5, 2), Rounding::kHalfUp)) == "3");
  CHECK(Show(WordNumber::Round(W(-5, 2), Rounding::kHalfUp)) == "-3");
  CHECK(Show(WordNumber::Round(W(5, 2), Rounding::kHalfEven)) == "2");
  CHECK(Show(WordNumber::Round(W(-7, 3), Rounding::kFloor)) == "-3");
  CHECK(Show(WordNumber::Round(W(-7, 3), Rounding::kCeil)) == "-2");
}

TEST_CASE("missing values stay missing in the word lane; too big only when nothing is missing") {
  const WordNumber missing = WordNumber::Missing(), big = WordNumber::TooBig(), one = W(1);
  for (const WordNumber& r : {WordNumber::Add(missing, one), WordNumber::Sub(one, missing), WordNumber::Mul(missing, big),
                              WordNumber::Div(big, missing), WordNumber::Pick(missing, big, true),
                              WordNumber::Round(missing, Rounding::kHalfUp), WordNumber::Neg(missing)})
    CHECK(Show(r) == "missing");
  CHECK(Show(WordNumber::Div(one, W(0))) == "missing");  // division by zero, as Ratio::Div
  CHECK(Show(WordNumber::Add(big, one)) == "too big");
  CHECK(Show(WordNumber::Neg(W(kMin))) == "too big");
  CHECK(Show(WordNumber::Neg(W(-3, 4))) == "0.75");
  CHECK(Show(WordNumber::Of(Ratio(__int128{kMax} + 1))) == "too big");
  CHECK(Show(WordNumber::Of(std::optional<Ratio>())) == "missing");
  // Unreduced on the way, reduced at the end: 6/4 * 2/3 is 12/12, which is 1.
  CHECK(Show(WordNumber::Mul(WordNumber::Div(W(6), W(4)), W(2, 3))) == "1");
  CHECK(Show(WordNumber::Sub(W(3, 7), W(3, 7))) == "0");
  CHECK(Show(WordNumber::Div(W(0), W(-3, 7))) == "0");
  CHECK(WordNumber::Compare(WordNumber::Div(W(6), W(4)), W(3, 2)) == 0);
}

}  // namespace refund::eval
