// Tests for include/refund/money.h: currencies, exact ratios, rounding, parsing and splitting.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "refund/money.h"

namespace refund {
namespace {

using I128 = __int128;
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr I128 kI128Max = static_cast<I128>(~static_cast<unsigned __int128>(0) >> 1);
constexpr I128 kI128Min = -kI128Max - 1;

Currency Cny() { return *Currency::Find("CNY"); }
Currency Jpy() { return *Currency::Find("JPY"); }

// "nullopt" or the number, so a table row compares as one string.
std::string Show(std::optional<int64_t> value) {
  return value ? std::to_string(*value) : "nullopt";
}
std::string Show(const std::optional<Ratio>& value) {
  return value ? value->ToString() : "nullopt";
}
std::string Show(const std::vector<int64_t>& parts) {
  std::string text = "{";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) text += ',';
    text += std::to_string(parts[i]);
  }
  return text + "}";
}

TEST_CASE("money rounding modes are named as policies spell them") {
  struct Row { std::string_view name; Rounding rounding; };
  const Row rows[] = {{"half_up", Rounding::kHalfUp}, {"half_even", Rounding::kHalfEven},
                      {"floor", Rounding::kFloor}, {"ceil", Rounding::kCeil}};
  for (const Row& row : rows) {
    CAPTURE(row.name);
    CHECK(ParseRounding(row.name) == row.rounding);
    CHECK(RoundingName(row.rounding) == row.name);
  }
  for (std::string_view bad : {"", "HALF_UP", "half-up", "round", "truncate"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseRounding(bad).has_value());
  }
}

TEST_CASE("currencies of money come from the ISO 4217 table with their fraction digits") {
  struct Row { std::string_view code; int digits; };
  const Row rows[] = {{"CNY", 2}, {"USD", 2}, {"EUR", 2}, {"JPY", 0}, {"KRW", 0},
                      {"BHD", 3}, {"HKD", 2}, {"XXX", 0}};
  for (const Row& row : rows) {
    CAPTURE(row.code);
    std::optional<Currency> currency = Currency::Find(row.code);
    REQUIRE(currency.has_value());
    CHECK(currency->code() == row.code);
    CHECK(currency->digits() == row.digits);
  }
  for (std::string_view unknown : {"", "cny", "CN", "CNYY", "ZZZ", "RMB"}) {
    CAPTURE(unknown);
    CHECK_FALSE(Currency::Find(unknown).has_value());
  }
  CHECK(Cny() == *Currency::Find("CNY"));
  CHECK_FALSE(Cny() == Jpy());
  // "No currency", what a default Money holds, is the table's XXX.
  CHECK(Currency::None() == *Currency::Find("XXX"));
  CHECK(Currency::None().digits() == 0);
  CHECK(Money().currency().code() == "XXX");
}

TEST_CASE("every rounding mode rounds positive, negative and half ratios as documented") {
  struct Row {
    Ratio value;
    std::optional<int64_t> half_up, half_even, floor, ceil;
  };
  const std::optional<int64_t> none;
  const Row rows[] = {
      {Ratio(5, 2), 3, 2, 2, 3},        {Ratio(-5, 2), -3, -2, -3, -2},
      {Ratio(7, 2), 4, 4, 3, 4},        {Ratio(-7, 2), -4, -4, -4, -3},
      {Ratio(1, 2), 1, 0, 0, 1},        {Ratio(-1, 2), -1, 0, -1, 0},
      {Ratio(1, 3), 0, 0, 0, 1},        {Ratio(-1, 3), 0, 0, -1, 0},
      {Ratio(2, 3), 1, 1, 0, 1},        {Ratio(-2, 3), -1, -1, -1, 0},
      {Ratio(501, 1000), 1, 1, 0, 1},   {Ratio(-499, 1000), 0, 0, -1, 0},
      {Ratio(3), 3, 3, 3, 3},           {Ratio(-3), -3, -3, -3, -3},
      {Ratio(0), 0, 0, 0, 0},           {Ratio(kMax), kMax, kMax, kMax, kMax},
      {Ratio(kMin), kMin, kMin, kMin, kMin},
      // kMax + 1/2: kMax is odd, so half-even also goes up, past the 64-bit range.
      {Ratio(I128{kMax} * 2 + 1, 2), none, none, kMax, none},
      // kMin - 1/2: kMin is even, so half-even stays; half-up goes away from zero.
      {Ratio(I128{kMin} * 2 - 1, 2), none, kMin, none, kMin},
      {Ratio(I128{kMax} + 1), none, none, none, none},
      {Ratio(kI128Max, 3), none, none, none, none},
  };
  for (const Row& row : rows) {
    CAPTURE(row.value.ToString());
    CHECK(Show(row.value.Round(Rounding::kHalfUp)) == Show(row.half_up));
    CHECK(Show(row.value.Round(Rounding::kHalfEven)) == Show(row.half_even));
    CHECK(Show(row.value.Round(Rounding::kFloor)) == Show(row.floor));
    CHECK(Show(row.value.Round(Rounding::kCeil)) == Show(row.ceil));
    CHECK(Show(row.value.Floor()) == Show(row.floor));
    CHECK(Show(row.value.Ceil()) == Show(row.ceil));
  }
}

TEST_CASE("a ratio is normalised to a positive denominator and coprime terms") {
  struct Row { Ratio value; I128 num, den; };
  const Row rows[] = {
      {Ratio(2, 4), 1, 2},     {Ratio(3, -6), -1, 2},  {Ratio(-4, -8), 1, 2},
      {Ratio(0, -5), 0, 1},    {Ratio(0), 0, 1},       {Ratio(), 0, 1},
      {Ratio(7), 7, 1},        {Ratio(10, 100), 1, 10},
      {Ratio(kI128Min, 2), kI128Min / 2, 1},  {Ratio(kI128Max, kI128Max), 1, 1},
      {Ratio(kI128Min, kI128Min), 1, 1},
  };
  for (const Row& row : rows) {
    CAPTURE(row.value.ToString());
    CHECK(row.value.num() == row.num);
    CHECK(row.value.den() == row.den);
  }
  CHECK(Ratio(2, 4) == Ratio(1, 2));
  CHECK(Ratio(-1, 2) == Ratio(1, -2));
  // Against std::gcd, for terms of every size below 2^63 (the 64-bit gcd) and, scaled, above 2^64.
  std::mt19937_64 random(17);
  for (int i = 0; i < 20000; ++i) {
    const int64_t a = static_cast<int64_t>(random() >> (1 + random() % 63));
    const int64_t b = static_cast<int64_t>(random() >> (2 + random() % 62)) + 1;
    const int64_t common = static_cast<int64_t>(random() % 1000) + 1;
    const int64_t g = std::gcd(a, b);
    CAPTURE(a);
    CAPTURE(b);
    const Ratio small(a, b), scaled(I128{a} * common, I128{b} * common);
    CHECK(small.num() == a / g);
    CHECK(small.den() == b / g);
    CHECK(scaled == small);
    CHECK(Ratio::Div(Ratio(a), Ratio(b)) == small);
  }
}

TEST_CASE("ratio comparison is exact even when cross products need 256 bits") {
  struct Row { Ratio a, b; bool less; };
  const Row rows[] = {
      {Ratio(1, 3), Ratio(1, 2), true},    {Ratio(1, 2), Ratio(1, 3), false},
      {Ratio(-1, 2), Ratio(-1, 3), true},  {Ratio(-1, 3), Ratio(-1, 2), false},
      {Ratio(-1, 2), Ratio(0), true},      {Ratio(0), Ratio(1, kI128Max), true},
      {Ratio(1, 2), Ratio(2, 4), false},   {Ratio(0), Ratio(0), false},
      // x / (x - 1) shrinks as x grows: these differ only far past 128 bits of cross product.
      {Ratio(kI128Max, kI128Max - 1), Ratio(kI128Max - 1, kI128Max - 2), true},
      {Ratio(kI128Max - 1, kI128Max - 2), Ratio(kI128Max, kI128Max - 1), false},
      {Ratio(-kI128Max, kI128Max - 1), Ratio(-(kI128Max - 1), kI128Max - 2), false},
      {Ratio(kI128Min, kI128Max), Ratio(-1), true},
  };
  for (const Row& row : rows) {
    CAPTURE(row.a.ToString());
    CAPTURE(row.b.ToString());
    CHECK((row.a < row.b) == row.less);
    CHECK((row.b > row.a) == row.less);
    CHECK((row.a >= row.b) == !row.less);
    CHECK((row.b <= row.a) == !row.less);
  }
  CHECK(Ratio(1, 2) <= Ratio(2, 4));
  CHECK(Ratio(1, 2) >= Ratio(2, 4));
}

TEST_CASE("ratio arithmetic is exact") {
  CHECK(Show(Ratio::Add(Ratio(1, 3), Ratio(1, 6))) == "0.5");
  CHECK(Show(Ratio::Add(Ratio(-1, 3), Ratio(1, 3))) == "0");
  CHECK(Show(Ratio::Sub(Ratio(1, 2), Ratio(3, 4))) == "-0.25");
  CHECK(Show(Ratio::Sub(Ratio(1, 3), Ratio(1, 2))) == "-1/6");
  CHECK(Show(Ratio::Mul(Ratio(2, 3), Ratio(3, 4))) == "0.5");
  CHECK(Show(Ratio::Mul(Ratio(-2, 3), Ratio(0))) == "0");
  CHECK(Show(Ratio::Mul(Ratio(0), Ratio(kI128Min))) == "0");
  CHECK(Show(Ratio::Div(Ratio(1, 2), Ratio(-1, 4))) == "-2");
  CHECK(Show(Ratio::Div(Ratio(0), Ratio(-7, 3))) == "0");
  CHECK(Show(Ratio::Div(Ratio(-3, 5), Ratio(-9, 10))) == "2/3");
  CHECK(Show(Ratio::Div(Ratio(1), Ratio(0))) == "nullopt");
}

TEST_CASE("ratio arithmetic that overflows 128 bits returns nullopt") {
  const I128 two_to_70 = I128{1} << 70;
  CHECK(Show(Ratio::Add(Ratio(kI128Max), Ratio(1))) == "nullopt");
  CHECK(Show(Ratio::Add(Ratio(kI128Min), Ratio(-1))) == "nullopt");
  CHECK(Show(Ratio::Sub(Ratio(kI128Min), Ratio(1))) == "nullopt");
  CHECK(Show(Ratio::Sub(Ratio(0), Ratio(kI128Min))) == "nullopt");
  // Coprime denominators near 2^70 need a 2^140 common denominator.
  CHECK(Show(Ratio::Add(Ratio(1, two_to_70), Ratio(1, two_to_70 + 1))) == "nullopt");
  CHECK(Show(Ratio::Mul(Ratio(kI128Max), Ratio(2))) == "nullopt");
  CHECK(Show(Ratio::Mul(Ratio(1, two_to_70), Ratio(1, two_to_70 + 1))) == "nullopt");
  CHECK(Show(Ratio::Div(Ratio(kI128Max), Ratio(1, 2))) == "nullopt");
  CHECK(Show(Ratio::Div(Ratio(1), Ratio(kI128Min))) == "nullopt");
  // Results that fit are found even when the naive products would not.
  CHECK(Show(Ratio::Mul(Ratio(kI128Max, 3), Ratio(3, kI128Max))) == "1");
  CHECK(Show(Ratio::Add(Ratio(kI128Max - 1), Ratio(1))) == Ratio(kI128Max).ToString());
  CHECK(Show(Ratio::Div(Ratio(kI128Min), Ratio(kI128Min))) == "1");
}

TEST_CASE("decimal literals parse to exact ratios") {
  struct Row { std::string_view text; std::string value; };
  const Row rows[] = {
      {"1.5", "1.5"},    {"-3", "-3"},    {"0.10", "0.1"},    {"+2", "2"},
      {"007.10", "7.1"}, {"0", "0"},      {"-0", "0"},        {"-0.125", "-0.125"},
      {"0.3", "0.3"},    {"12", "12"},
      {"0.10000000000000000000000000000000000000000000", "0.1"},  // trailing zeros are free
      {"170141183460469231731687303715884105727", Ratio(kI128Max).ToString()},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    CHECK(Show(Ratio::ParseDecimal(row.text)) == row.value);
  }
  CHECK(Ratio::ParseDecimal("0.3") == Ratio(3, 10));
  for (std::string_view bad : {"", "1.", ".5", "-.5", "1e3", "1,000", "--1", "+-1", "-", "+",
                               "abc", " 1", "1 ", "1.2.3", "0x10",
                               "170141183460469231731687303715884105728",  // 2^127
                               "0.000000000000000000000000000000000000000001"}) {
    CAPTURE(bad);
    CHECK(Show(Ratio::ParseDecimal(bad)) == "nullopt");
  }
}

TEST_CASE("ratio text is the shortest exact decimal, or num/den when there is none") {
  struct Row { Ratio value; std::string text; };
  const Row rows[] = {
      {Ratio(0), "0"},         {Ratio(5), "5"},           {Ratio(-5), "-5"},
      {Ratio(1, 2), "0.5"},    {Ratio(-1, 8), "-0.125"},  {Ratio(1, 3), "1/3"},
      {Ratio(-7, 3), "-7/3"},  {Ratio(123, 100), "1.23"}, {Ratio(1, 625), "0.0016"},
      {Ratio(kI128Min), "-170141183460469231731687303715884105728"},
      {Ratio(1, kI128Max), "1/170141183460469231731687303715884105727"},
  };
  for (const Row& row : rows) CHECK(row.value.ToString() == row.text);
  // Values whose numerator and denominator fit 64 bits (the denominator below 2^64 / 10) take a
  // 64-bit path, the others 128-bit arithmetic. Texts around the boundary, from Python's decimal:
  const Row boundary[] = {
      {Ratio(1, I128{1} << 60), "0.000000000000000000867361737988403547205962240695953369140625"},
      {Ratio(-3, I128{1} << 59), "-0.00000000000000000520417042793042128323577344417572021484375"},
      {Ratio(7, I128{7450580596923828125}), "0.000000000000000000939524096"},  // 5^27: 128-bit
      {Ratio(1, I128{1} << 61), "0.0000000000000000004336808689942017736029811203479766845703125"},
      {Ratio(123456789, I128{137438953472000}), "0.0000008982663639471866190433502197265625"},
      {Ratio(-(I128{1} << 63) + 1, I128{1441151880758558720}),
       "-6.3999999999999999993061106096092771622352302074432373046875"},
  };
  for (const Row& row : boundary) CHECK(row.value.ToString() == row.text);
  // And short decimals of every size read back as the value they print.
  std::mt19937_64 random(11);
  for (int i = 0; i < 20000; ++i) {
    I128 den = 1;
    for (int k = static_cast<int>(random() % 13); k > 0; --k) den *= 2;
    for (int k = static_cast<int>(random() % 13); k > 0; --k) den *= 5;
    const I128 num = static_cast<I128>(static_cast<int64_t>(random())) >> (random() % 63);
    const Ratio value(num, den);
    CAPTURE(value.ToString());
    CHECK(Ratio::ParseDecimal(value.ToString()) == value);
  }
  // 1/2^126 has 126 fraction digits; digits are produced without 128-bit overflow.
  std::string tiny = Ratio(1, I128{1} << 126).ToString();
  CHECK(tiny.size() == 128);
  CHECK(tiny.substr(0, 3) == "0.0");
  CHECK(tiny.back() == '5');
}

TEST_CASE("money strings of orders.md parse to minor units") {
  struct Row { std::string_view text; Currency currency; int64_t minor; };
  const Currency bhd = *Currency::Find("BHD");
  const Row rows[] = {
      {"12.5", Cny(), 1250},    {"300", Cny(), 30000},     {"0", Cny(), 0},
      {"007.10", Cny(), 710},   {"3650.00", Cny(), 365000}, {"0.01", Cny(), 1},
      {"0.00", Cny(), 0},       {"300", Jpy(), 300},        {"0", Jpy(), 0},
      {"1.234", bhd, 1234},     {"1.2", bhd, 1200},
      {"92233720368547758.07", Cny(), kMax},
      {"9223372036854775807", Jpy(), kMax},
      {"0000000000000000000000000001", Jpy(), 1},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    std::string error;
    std::optional<Money> money = Money::Parse(row.text, row.currency, &error);
    REQUIRE_MESSAGE(money.has_value(), error);
    CHECK(money->minor() == row.minor);
    CHECK(money->currency() == row.currency);
    CHECK(error.empty());
  }
}

TEST_CASE("money strings that break orders.md are rejected with the reason") {
  struct Row { std::string_view text; Currency currency; std::string error; };
  const std::string like = "expected a decimal string like \"12.50\"";
  const Row rows[] = {
      {"12.", Cny(), like + " with digits after `.`, got `12.`"},
      {".5", Cny(), like + " with digits before `.`, got `.5`"},
      {"+1", Cny(), like + " without a sign, got `+1`"},
      {"-1", Cny(), like + " without a sign, got `-1`"},
      {"1e3", Cny(), like + " without an exponent, got `1e3`"},
      {"1E3", Cny(), like + " without an exponent, got `1E3`"},
      {"1,000.00", Cny(), like + " without digit separators, got `1,000.00`"},
      {"1_000", Cny(), like + " without digit separators, got `1_000`"},
      {" 1", Cny(), like + " without spaces, got ` 1`"},
      {"1 ", Cny(), like + " without spaces, got `1 `"},
      {"", Cny(), like + ", got an empty string"},
      {"abc", Cny(), like + ", got `abc`"},
      {"1.2.3", Cny(), like + ", got `1.2.3`"},
      {"12.345", Cny(), "at most 2 fraction digits for CNY, got `12.345`"},
      {"12.500", Cny(), "at most 2 fraction digits for CNY, got `12.500`"},
      {"12.5", Jpy(), "at most 0 fraction digits for JPY (whole units only), got `12.5`"},
      {"12.0", Jpy(), "at most 0 fraction digits for JPY (whole units only), got `12.0`"},
      {"92233720368547758.08", Cny(),
       "`92233720368547758.08` is too large: CNY amounts are at most 92233720368547758.07"},
      {"9223372036854775808", Jpy(),
       "`9223372036854775808` is too large: JPY amounts are at most 9223372036854775807"},
      {"100000000000000000000000000000000000000000000000000", Jpy(),
       "`1000000000000000000000000000000000000000...` is too large: JPY amounts are at most "
       "9223372036854775807"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    std::string error;
    CHECK_FALSE(Money::Parse(row.text, row.currency, &error).has_value());
    CHECK(error == row.error);
    CHECK_FALSE(Money::Parse(row.text, row.currency).has_value());  // no error sink needed
  }
}

// Money::Parse reads short amounts in one pass and the rest the general way: around the
// boundary between the two (18 digits once padded to the currency's), with and without a
// fraction, every result must be the exact decimal value in minor units, or a failure exactly
// when the text breaks orders.md or does not fit.
TEST_CASE("money strings parse to their exact value on both sides of the short-amount path") {
  std::vector<std::string> texts = {"0", "00", "1", "1.", ".1", "1..2", "1.2.", "01.50", "1a",
                                    "a1", "1.a", "1.5x", "", ".", "-0", "1 "};
  for (size_t length = 14; length <= 21; ++length) {
    for (char lead : {'1', '9'}) {
      std::string whole(length, lead == '1' ? '0' : '9');
      whole.front() = lead;
      texts.push_back(whole);
      for (size_t fraction = 1; fraction <= 4; ++fraction) {
        texts.push_back(whole.substr(0, length - fraction) + "." + whole.substr(length - fraction));
        texts.push_back(whole + "." + std::string(fraction, '7'));
      }
    }
  }
  texts.push_back("9223372036854775807");
  texts.push_back("92233720368547758.07");
  texts.push_back("922337203685477.5807");
  for (const char* code : {"JPY", "CNY", "BHD"}) {
    const Currency currency = *Currency::Find(code);
    for (const std::string& text : texts) {
      CAPTURE(code);
      CAPTURE(text);
      // The reference: the shape of orders.md, then the exact value scaled to minor units.
      const size_t dot = text.find('.');
      const size_t fraction = dot == std::string::npos ? 0 : text.size() - dot - 1;
      std::optional<int64_t> expected;
      const bool shape = !text.empty() && text.find_first_not_of("0123456789.") == std::string::npos &&
                         std::count(text.begin(), text.end(), '.') <= 1 && text.front() != '.' &&
                         text.back() != '.';
      if (shape && fraction <= static_cast<size_t>(currency.digits())) {
        I128 scale = 1;
        for (int i = 0; i < currency.digits(); ++i) scale *= 10;
        std::optional<Ratio> minor = Ratio::Mul(*Ratio::ParseDecimal(text), Ratio(scale));
        REQUIRE(minor.has_value());
        REQUIRE(minor->den() == 1);
        if (minor->num() <= kMax) expected = static_cast<int64_t>(minor->num());
      }
      std::string error;
      std::optional<Money> money = Money::Parse(text, currency, &error);
      CHECK(Show(money ? std::optional<int64_t>(money->minor()) : std::nullopt) == Show(expected));
      CHECK(error.empty() == money.has_value());
    }
  }
}

TEST_CASE("money addition and subtraction detect 64-bit overflow") {
  const Money one(1, Cny()), max(kMax, Cny()), min(kMin, Cny());
  CHECK(Money(150, Cny()).Plus(Money(250, Cny()))->minor() == 400);
  CHECK(Money(150, Cny()).Minus(Money(250, Cny()))->minor() == -100);
  CHECK(max.Minus(one)->minor() == kMax - 1);
  CHECK_FALSE(max.Plus(one).has_value());
  CHECK_FALSE(min.Minus(one).has_value());
  CHECK_FALSE(min.Plus(Money(-1, Cny())).has_value());
  CHECK_FALSE(Money(0, Cny()).Minus(min).has_value());
  CHECK(max.Plus(min)->minor() == -1);
}

TEST_CASE("money times a ratio is exact and rounded once") {
  // The header's example: 3650.00 * (10/365 * 3/2) = 150.00.
  Money price = *Money::Parse("3650.00", Cny());
  Ratio factor = *Ratio::Mul(Ratio(10, 365), Ratio(3, 2));
  CHECK(price.MulRatio(factor, Rounding::kHalfUp)->minor() == 15000);

  struct Row { int64_t minor; Ratio factor; Rounding rounding; std::optional<int64_t> result; };
  const Row rows[] = {
      {1001, Ratio(1, 2), Rounding::kHalfUp, 501},
      {1001, Ratio(1, 2), Rounding::kHalfEven, 500},
      {1001, Ratio(1, 2), Rounding::kFloor, 500},
      {1001, Ratio(1, 2), Rounding::kCeil, 501},
      {-1001, Ratio(1, 2), Rounding::kHalfUp, -501},
      {-1001, Ratio(1, 2), Rounding::kHalfEven, -500},
      {-1001, Ratio(1, 2), Rounding::kFloor, -501},
      {-1001, Ratio(1, 2), Rounding::kCeil, -500},
      {100, Ratio(1, 3), Rounding::kHalfUp, 33},
      {100, Ratio(2, 3), Rounding::kHalfUp, 67},
      {kMax, Ratio(1), Rounding::kHalfUp, kMax},
      {kMax, Ratio(2), Rounding::kHalfUp, std::nullopt},
      {kMax, Ratio(-1), Rounding::kHalfUp, -kMax},
      {kMin, Ratio(-1), Rounding::kHalfUp, std::nullopt},
      {kMax, Ratio(kI128Max), Rounding::kFloor, std::nullopt},  // the 128-bit product overflows
      {kMax, Ratio(I128{1} << 100, (I128{1} << 100) + 1), Rounding::kFloor, std::nullopt},
      {kMax, Ratio(I128{1} << 60, (I128{1} << 60) + 1), Rounding::kFloor, kMax - 8},
  };
  for (const Row& row : rows) {
    CAPTURE(row.minor);
    CAPTURE(row.factor.ToString());
    CAPTURE(RoundingName(row.rounding));
    std::optional<Money> product = Money(row.minor, Cny()).MulRatio(row.factor, row.rounding);
    CHECK(Show(product ? std::optional<int64_t>(product->minor()) : std::nullopt) ==
          Show(row.result));
  }
}

TEST_CASE("a proportional split of money rounds each part; the last weighted part takes the rest") {
  struct Row {
    int64_t total;
    std::vector<int64_t> weights;
    Rounding rounding;
    std::string parts;
  };
  const Row rows[] = {
      {1, {1, 1}, Rounding::kHalfUp, "{1,0}"},  // both halves round up; the last takes the rest
      {1, {1, 1}, Rounding::kHalfEven, "{0,1}"},
      {1, {1, 1}, Rounding::kFloor, "{0,1}"},
      {1, {1, 1}, Rounding::kCeil, "{1,0}"},
      {100, {1, 1, 1}, Rounding::kHalfUp, "{33,33,34}"},
      {100, {1, 2, 0}, Rounding::kHalfUp, "{33,67,0}"},
      {100, {0, 1, 0, 1}, Rounding::kHalfUp, "{0,50,0,50}"},
      {10, {0, 0, 0}, Rounding::kHalfUp, "{10,0,0}"},  // all weights zero: the first takes all
      {0, {1, 2}, Rounding::kHalfUp, "{0,0}"},
      {7, {5}, Rounding::kCeil, "{7}"},
      {7, {0}, Rounding::kCeil, "{7}"},
      {-100, {1, 1, 1}, Rounding::kHalfUp, "{-33,-33,-34}"},
      {-1, {1, 1}, Rounding::kHalfUp, "{-1,0}"},
      {-1, {1, 1}, Rounding::kFloor, "{-1,0}"},
      {-1, {1, 1}, Rounding::kCeil, "{0,-1}"},
      {1, {1, 1, 1}, Rounding::kCeil, "{1,0,0}"},  // a part never takes more than is left
      {-1, {1, 1, 1}, Rounding::kFloor, "{-1,0,0}"},
      {5, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, Rounding::kHalfUp, "{1,1,1,1,1,0,0,0,0,0}"},
      {kMax, {kMax, kMax}, Rounding::kHalfUp, "{4611686018427387904,4611686018427387903}"},
      {kMin, {kMax, kMax, kMax}, Rounding::kFloor,
       "{-3074457345618258603,-3074457345618258603,-3074457345618258602}"},
      {365000, {2900, 365, 200}, Rounding::kHalfUp, "{305483,38449,21068}"},
      {5, {}, Rounding::kHalfUp, "{}"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.total);
    CAPTURE(Show(row.weights));
    CAPTURE(RoundingName(row.rounding));
    CHECK(Show(Money::SplitProportionally(row.total, row.weights, row.rounding)) == row.parts);
  }
}

TEST_CASE("a proportional split of money always sums to the total exactly") {
  const std::vector<std::vector<int64_t>> weight_sets = {
      {1}, {1, 1}, {1, 2, 3}, {0, 3, 0, 7, 0}, {1, 1, 1, 1, 1, 1, 1}, {999, 1}, {1, 999},
      {2900, 365, 200}, {kMax, 1, kMax}, {5, 0}};
  const int64_t totals[] = {0, 1, 2, 3, 7, 99, 100, 101, 12345, -1, -7, -12345, kMax, kMin};
  for (Rounding rounding : {Rounding::kHalfUp, Rounding::kHalfEven, Rounding::kFloor,
                            Rounding::kCeil}) {
    for (const std::vector<int64_t>& weights : weight_sets) {
      for (int64_t total : totals) {
        std::vector<int64_t> parts = Money::SplitProportionally(total, weights, rounding);
        REQUIRE(parts.size() == weights.size());
        __int128 sum = 0;
        for (size_t i = 0; i < parts.size(); ++i) {
          sum += parts[i];
          CHECK((weights[i] == 0 ? parts[i] == 0 : true));
          CHECK((total >= 0 ? parts[i] >= 0 : parts[i] <= 0));
        }
        CHECK(sum == total);
      }
    }
  }
}

TEST_CASE("money formats minor units with the currency's fraction digits") {
  struct Row { int64_t minor; int digits; std::string text; };
  const Row rows[] = {
      {0, 2, "0.00"},       {1, 2, "0.01"},          {-1, 2, "-0.01"},
      {-1205, 2, "-12.05"}, {285000, 2, "2850.00"},  {10, 2, "0.10"},
      {5, 0, "5"},          {-5, 0, "-5"},           {0, 0, "0"},
      {1234, 3, "1.234"},   {-1, 3, "-0.001"},
      {kMax, 2, "92233720368547758.07"},  {kMin, 2, "-92233720368547758.08"},
      {kMin, 0, "-9223372036854775808"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.minor);
    CHECK(FormatMinor(row.minor, row.digits) == row.text);
  }
  CHECK(Money(285000, Cny()).ToString() == "2850.00");
  CHECK(Money(-710, Cny()).ToString() == "-7.10");
  CHECK(Money(0, Cny()).ToString() == "0.00");
  CHECK(Money(300, Jpy()).ToString() == "300");
  CHECK(Money().ToString() == "0");
  CHECK(Money().currency().code() == "XXX");
}

TEST_CASE("money compares by minor units") {
  CHECK(Money(100, Cny()) == Money(100, Cny()));
  CHECK(Money(99, Cny()) < Money(100, Cny()));
  CHECK(Money(-1, Cny()) < Money(0, Cny()));
  CHECK(Money(7, Cny()).ToRatio() == Ratio(7));
}

}  // namespace
}  // namespace refund
