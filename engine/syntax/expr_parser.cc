// Recursive-descent parser for policy expressions, lexing on demand so that a call such as
// `quota_blocked(no-reason-window)` can read its argument as a rule id.
#include "engine/syntax/expr_parser.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdint>
#include <utility>

#include "engine/model/limits.h"
#include "engine/money/decimal_text.h"
#include "refund/time.h"

namespace refund::syntax {
namespace {

using model::Expr;
using model::Function;
using model::Op;

constexpr int kMaxDepth = 64;
// The largest number literal: money written as a number becomes minor units, which must fit 64
// bits whatever the currency's digits, and every other number stays far from Ratio's 128 bits.
constexpr int64_t kMaxLiteral = INT64_MAX;

bool IsWordStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80) != 0;
}
bool IsWordChar(char c) {
  return IsWordStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '.';
}
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

struct Failure {
  ExprParseError error;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Expr ParseAll() {
    Expr e = ParseOr();
    SkipSpace();
    if (pos_ < text_.size()) Fail(pos_, 1, "unexpected `" + std::string(PeekWord()) + "`");
    return e;
  }

 private:
  [[noreturn]] void Fail(size_t offset, size_t length, std::string message) {
    throw Failure{{static_cast<int>(offset), static_cast<int>(length ? length : 1),
                   std::move(message)}};
  }

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  std::string_view PeekWord() {
    size_t end = pos_;
    while (end < text_.size() && !std::isspace(static_cast<unsigned char>(text_[end]))) ++end;
    return text_.substr(pos_, end - pos_);
  }
  // True (and consumes) when the next token is the keyword `word`.
  bool AcceptKeyword(std::string_view word) {
    SkipSpace();
    if (text_.substr(pos_, word.size()) != word) return false;
    size_t after = pos_ + word.size();
    if (after < text_.size() && IsWordChar(text_[after])) return false;
    pos_ = after;
    return true;
  }
  bool Accept(std::string_view symbol) {
    SkipSpace();
    if (text_.substr(pos_, symbol.size()) != symbol) return false;
    pos_ += symbol.size();
    return true;
  }
  void Expect(std::string_view symbol, std::string_view what) {
    if (!Accept(symbol)) {
      SkipSpace();
      Fail(pos_, 1, "expected " + std::string(what));
    }
  }

  Expr Node(Op op, size_t offset, std::vector<Expr> args) {
    Expr e;
    e.op = op;
    e.offset = static_cast<int>(offset);
    e.length = static_cast<int>(pos_ - offset);
    e.args = std::move(args);
    return e;
  }

  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser) : p(parser) {
      if (++p.depth_ > kMaxDepth) p.Fail(p.pos_, 1, "expression nested too deeply");
    }
    ~DepthGuard() { --p.depth_; }
  };
  // Each operator of a left-associative chain (`a and b and c`, `x + y - z`) puts the tree one
  // level deeper, and every later stage walks the tree recursively: a chain counts against the
  // same depth budget as parentheses, one level per operator.
  struct ChainGuard {
    Parser& p;
    int levels = 0;
    explicit ChainGuard(Parser& parser) : p(parser) {}
    void Deeper() {
      ++levels;
      if (++p.depth_ > kMaxDepth) p.Fail(p.pos_, 1, "expression nested too deeply");
    }
    ~ChainGuard() { p.depth_ -= levels; }
  };

  Expr ParseOr() {
    DepthGuard guard(*this);
    SkipSpace();
    size_t start = pos_;
    Expr left = ParseAnd();
    ChainGuard chain(*this);
    while (AcceptKeyword("or")) {
      chain.Deeper();
      left = Node(Op::kOr, start, {std::move(left), ParseAnd()});
    }
    return left;
  }
  Expr ParseAnd() {
    SkipSpace();
    size_t start = pos_;
    Expr left = ParseNot();
    ChainGuard chain(*this);
    while (AcceptKeyword("and")) {
      chain.Deeper();
      left = Node(Op::kAnd, start, {std::move(left), ParseNot()});
    }
    return left;
  }
  Expr ParseNot() {
    DepthGuard guard(*this);
    SkipSpace();
    size_t start = pos_;
    if (AcceptKeyword("not")) return Node(Op::kNot, start, {ParseNot()});
    return ParseComparison();
  }

  Expr ParseComparison() {
    SkipSpace();
    size_t start = pos_;
    Expr left = ParseSum();
    static const std::pair<std::string_view, Op> kOps[] = {
        {"==", Op::kEq}, {"!=", Op::kNe}, {"<=", Op::kLe},
        {">=", Op::kGe}, {"<", Op::kLt},  {">", Op::kGt}};
    for (const auto& [symbol, op] : kOps) {
      if (Accept(symbol)) return Node(op, start, {std::move(left), ParseSum()});
    }
    if (AcceptKeyword("in")) return Node(Op::kIn, start, {std::move(left), ParseList()});
    size_t before_not = pos_;
    if (AcceptKeyword("not")) {
      if (AcceptKeyword("in")) return Node(Op::kNotIn, start, {std::move(left), ParseList()});
      pos_ = before_not;
    }
    if (AcceptKeyword("has_any")) return Node(Op::kHasAny, start, {std::move(left), ParseList()});
    if (AcceptKeyword("has")) return Node(Op::kHas, start, {std::move(left), ParsePrimary()});
    return left;
  }

  Expr ParseSum() {
    SkipSpace();
    size_t start = pos_;
    Expr left = ParseProduct();
    ChainGuard chain(*this);
    for (;;) {
      const Op op = Accept("+") ? Op::kAdd : Accept("-") ? Op::kSub : Op::kLiteral;
      if (op == Op::kLiteral) return left;
      chain.Deeper();
      left = Node(op, start, {std::move(left), ParseProduct()});
    }
  }
  Expr ParseProduct() {
    SkipSpace();
    size_t start = pos_;
    Expr left = ParseUnary();
    ChainGuard chain(*this);
    for (;;) {
      const Op op = Accept("*") ? Op::kMul : Accept("/") ? Op::kDiv : Op::kLiteral;
      if (op == Op::kLiteral) return left;
      chain.Deeper();
      left = Node(op, start, {std::move(left), ParseUnary()});
    }
  }
  Expr ParseUnary() {
    DepthGuard guard(*this);
    SkipSpace();
    size_t start = pos_;
    if (Accept("-")) return Node(Op::kNeg, start, {ParseUnary()});
    return ParsePrimary();
  }

  Expr ParsePrimary() {
    DepthGuard guard(*this);
    SkipSpace();
    size_t start = pos_;
    if (pos_ >= text_.size()) Fail(pos_, 1, "expected a value, got the end of the expression");
    char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      Expr inner = ParseOr();
      Expect(")", "`)`");
      return inner;
    }
    if (c == '[') return ParseList();
    if (c == '"' || c == '\'') return ParseString();
    if (IsDigit(c)) return ParseNumberLike();
    if (IsWordStart(c)) return ParseWord();
    Fail(start, 1, "unexpected `" + std::string(1, c) + "`");
  }

  Expr ParseString() {
    size_t start = pos_;
    char quote = text_[pos_++];
    std::string value;
    while (pos_ < text_.size() && text_[pos_] != quote) value += text_[pos_++];
    if (pos_ >= text_.size()) Fail(start, pos_ - start, "unterminated string");
    ++pos_;
    Expr e = Node(Op::kLiteral, start, {});
    e.type = model::Type::kString;
    e.literal.text = std::move(value);
    return e;
  }

  // A list literal of strings: `[domain, "stored_value_card", trial]`.
  Expr ParseList() {
    SkipSpace();
    size_t start = pos_;
    Expect("[", "a list like `[a, b]`");
    Expr e = Node(Op::kLiteral, start, {});
    e.type = model::Type::kStrings;
    if (!Accept("]")) {
      do {
        if (e.literal.list.size() == model::kMaxListEntries)
          Fail(pos_, 1, fmt::format("too many entries in one list: at most {}", model::kMaxListEntries));
        Expr element = ParsePrimary();
        if (element.op != Op::kLiteral || element.type != model::Type::kString)
          Fail(element.offset, element.length, "a list holds words or quoted strings");
        e.literal.list.push_back(element.literal.text);
      } while (Accept(","));
      Expect("]", "`,` or `]`");
    }
    e.length = static_cast<int>(pos_ - start);
    return e;
  }

  // 12, 2.5, 10%, 24h, 7d, 30m, 15s, or a timestamp 2025-08-19T00:00:00+08:00. Numbers are at
  // most kMaxLiteral and durations at most model::kMaxWindowLength (E201 with the range beyond).
  Expr ParseNumberLike() {
    size_t start = pos_;
    if (pos_ + 4 < text_.size() && text_[pos_ + 4] == '-' && IsDigit(text_[pos_ + 3]))
      return ParseTimestampLiteral();
    while (pos_ < text_.size() && (IsDigit(text_[pos_]) || text_[pos_] == '.')) ++pos_;
    std::string_view digits = text_.substr(start, pos_ - start);
    if (!money::SplitDecimal(digits)) Fail(start, digits.size(), "invalid number `" + std::string(digits) + "`");
    Expr e = Node(Op::kLiteral, start, {});
    char unit = pos_ < text_.size() ? text_[pos_] : '\0';
    bool unit_ends = pos_ + 1 >= text_.size() || !IsWordChar(text_[pos_ + 1]);
    if ((unit == 'h' || unit == 'd' || unit == 'm' || unit == 's') && unit_ends) {
      ++pos_;
      const std::string_view written = text_.substr(start, pos_ - start);
      const std::optional<Ratio> micros = ParseDurationText(written);
      if (!micros || *micros > Ratio(model::kMaxWindowLength.micros))
        Fail(start, written.size(),
             fmt::format("duration `{}` is out of range: at most `{}d`", written, model::kMaxWindowDays));
      if (micros->den() != 1) Fail(start, written.size(), "invalid duration");
      e.type = model::Type::kDuration;
      e.literal.number = *micros;
      e.length = static_cast<int>(pos_ - start);
      return e;
    }
    const std::optional<Ratio> number = Ratio::ParseDecimal(digits);
    if (!number || *number > Ratio(kMaxLiteral))
      Fail(start, digits.size(), fmt::format("number `{}` is out of range: at most `{}`", digits, kMaxLiteral));
    if (unit == '%') {
      ++pos_;
      e.type = model::Type::kNumber;
      e.literal.number = *Ratio::Div(*number, Ratio(100));
      e.literal_is_percent = true;
    } else {
      if (pos_ < text_.size() && IsWordChar(text_[pos_]))
        Fail(start, PeekWordFrom(start).size(), "invalid number `" + std::string(PeekWordFrom(start)) + "` (durations are written like `24h` or `7d`)");
      e.type = model::Type::kNumber;
      e.literal.number = *number;
      e.literal_is_untyped_number = true;
    }
    e.length = static_cast<int>(pos_ - start);
    return e;
  }
  std::string_view PeekWordFrom(size_t from) {
    size_t end = from;
    while (end < text_.size() && (IsWordChar(text_[end]) || text_[end] == '%')) ++end;
    return text_.substr(from, end - from);
  }

  Expr ParseTimestampLiteral() {
    size_t start = pos_;
    while (pos_ < text_.size() && (IsDigit(text_[pos_]) || std::string_view("-:+.TtZz").find(text_[pos_]) != std::string_view::npos))
      ++pos_;
    std::string error;
    auto instant = ParseTimestamp(text_.substr(start, pos_ - start), &error);
    if (!instant) Fail(start, pos_ - start, error);
    Expr e = Node(Op::kLiteral, start, {});
    e.type = model::Type::kInstant;
    e.literal.number = Ratio(instant->micros);
    return e;
  }

  Expr ParseWord() {
    size_t start = pos_;
    while (pos_ < text_.size()) {
      if (IsWordChar(text_[pos_])) ++pos_;
      else if (text_.substr(pos_, 3) == "[]." ) pos_ += 3;
      else break;
    }
    std::string word(text_.substr(start, pos_ - start));
    if (word == "true" || word == "false") {
      Expr e = Node(Op::kLiteral, start, {});
      e.type = model::Type::kBool;
      e.literal.boolean = word == "true";
      return e;
    }
    static const char* kKeywords[] = {"and", "or", "not", "in", "has", "has_any"};
    for (const char* k : kKeywords)
      if (word == k) Fail(start, word.size(), "expected a value, got keyword `" + word + "`");
    const size_t end = pos_;
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '(') return ParseCall(start, word);
    pos_ = end;  // the word's length must not take in the spaces after it
    Expr e = Node(Op::kPath, start, {});
    e.name = std::move(word);
    if (e.name.find('.') == std::string::npos) {
      // A bare word: a formula step, a builtin, or an enum value; the model decides.
      e.op = Op::kLiteral;
      e.type = model::Type::kString;
      e.literal.text = e.name;
      e.literal_is_bare = true;
    }
    return e;
  }

  Expr ParseCall(size_t start, const std::string& name) {
    Function function = FindFunction(name);
    if (function == Function::kNone) Fail(start, name.size(), "unknown function `" + name + "`");
    ++pos_;  // '('
    Expr e = Node(Op::kCall, start, {});
    e.function = function;
    if (function == Function::kInside || function == Function::kQuotaBlocked) {
      SkipSpace();
      size_t arg = pos_;
      while (pos_ < text_.size() && (IsWordChar(text_[pos_]) || text_[pos_] == '-')) ++pos_;
      if (pos_ == arg) Fail(arg, 1, "expected a name");
      e.name = std::string(text_.substr(arg, pos_ - arg));
      e.literal.number = Ratio(static_cast<int64_t>(arg));  // where the name starts
    } else if (!Accept(")")) {
      do e.args.push_back(ParseOr());
      while (Accept(","));
      Expect(")", "`,` or `)`");
      e.length = static_cast<int>(pos_ - start);
      return e;
    } else {
      e.length = static_cast<int>(pos_ - start);
      return e;
    }
    Expect(")", "`)`");
    e.length = static_cast<int>(pos_ - start);
    return e;
  }

  std::string_view text_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

namespace {

constexpr std::pair<std::string_view, Function> kFunctions[] = {
    {"ceil", Function::kCeil},       {"floor", Function::kFloor},
    {"round", Function::kRound},     {"max", Function::kMax},
    {"min", Function::kMin},         {"if", Function::kIf},
    {"exists", Function::kExists},   {"inside", Function::kInside},
    {"quota_blocked", Function::kQuotaBlocked},
    {"floor_hour", Function::kFloorHour}, {"ceil_hour", Function::kCeilHour}};

}  // namespace

model::Function FindFunction(std::string_view name) {
  for (const auto& [n, f] : kFunctions)
    if (n == name) return f;
  return Function::kNone;
}

std::string_view FunctionName(model::Function function) {
  for (const auto& [n, f] : kFunctions)
    if (f == function) return n;
  return "function";
}

std::optional<Ratio> ParseDurationText(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  const int64_t scale = unit == 'd' ? kMicrosPerDay : unit == 'h' ? kMicrosPerHour
                        : unit == 'm' ? 60 * kMicrosPerSecond : unit == 's' ? kMicrosPerSecond : 0;
  text.remove_suffix(1);
  if (scale == 0 || !money::SplitDecimal(text)) return std::nullopt;
  const std::optional<Ratio> number = Ratio::ParseDecimal(text);
  return number ? Ratio::Mul(*number, Ratio(scale)) : std::nullopt;
}

ParsedExpr ParseExpr(std::string_view text) {
  ParsedExpr result;
  try {
    result.expr = Parser(text).ParseAll();
  } catch (const Failure& failure) {
    result.error = failure.error;
  }
  return result;
}

}  // namespace refund::syntax
