// ParseJson (json_parser.h): a lexer for JSON's tokens and an iterative parser over them. The
// open containers are a stack of bytes, so depth costs one byte a level and no recursion; the
// listener decides how deep it lets a text go (ParseJsonTree stops at kMaxJsonDepth).
#include "engine/order/json_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "engine/source/json_scan.h"

namespace refund::order {
namespace {

enum class Token {
  kBeginObject, kEndObject, kBeginArray, kEndArray, kColon, kComma,
  kString, kNumber, kTrue, kFalse, kNull, kNul, kEnd, kError
};

std::string_view TokenName(Token token) {
  switch (token) {
    case Token::kBeginObject: return "'{'";
    case Token::kEndObject: return "'}'";
    case Token::kBeginArray: return "'['";
    case Token::kEndArray: return "']'";
    case Token::kColon: return "':'";
    case Token::kComma: return "','";
    case Token::kString: return "string literal";
    case Token::kNumber: return "number literal";
    case Token::kTrue: return "true literal";
    case Token::kFalse: return "false literal";
    case Token::kNull: return "null literal";
    case Token::kNul: return "NUL byte";
    case Token::kEnd: return "end of input";
    case Token::kError: return "<parse error>";
  }
  return "token";
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t code, std::string& out) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// Reads one token at a time. After kString, `text` holds the decoded string; after kNumber,
// `number` the token; after kError, `problem` says what is wrong at `error_byte`.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : begin_(text.data()), p_(begin_), end_(begin_ + text.size()) {}

  Token Next() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
    start_ = p_;
    if (p_ == end_) return Token::kEnd;
    switch (*p_) {
      case '{': ++p_; return Token::kBeginObject;
      case '}': ++p_; return Token::kEndObject;
      case '[': ++p_; return Token::kBeginArray;
      case ']': ++p_; return Token::kEndArray;
      case ':': ++p_; return Token::kColon;
      case ',': ++p_; return Token::kComma;
      case '"': return String();
      case 't': return Literal("true", Token::kTrue);
      case 'f': return Literal("false", Token::kFalse);
      case 'n': return Literal("null", Token::kNull);
      case '\0': return Token::kNul;
      default: return *p_ == '-' || IsDigit(*p_) ? Number() : Fail(p_, "invalid literal");
    }
  }

  size_t Offset(const char* at) const { return static_cast<size_t>(at - begin_); }
  // 1-based byte of the last token's start (the text's size + 1 at its end).
  size_t TokenByte() const { return Offset(start_) + 1; }

  std::string text;
  std::string_view number;
  std::string problem;
  size_t error_byte = 0;
  bool error_at_end = false;

 private:
  Token Fail(const char* at, std::string message) {
    problem = std::move(message);
    error_at_end = at == end_;
    error_byte = Offset(at) + 1;
    return Token::kError;
  }

  // Fail, for the escape reader: false.
  bool BadEscape(const char* at, std::string message) {
    Fail(at, std::move(message));
    return false;
  }

  Token Literal(std::string_view word, Token token) {
    const size_t left = static_cast<size_t>(end_ - p_);
    const size_t n = std::min(left, word.size());
    if (std::string_view(p_, n) != word.substr(0, n)) return Fail(p_, "invalid literal");
    if (n < word.size()) return Fail(end_, "invalid literal");  // cut short by the end
    p_ += word.size();
    return token;
  }

  // Advances over digits; false when there was none.
  bool Digits() {
    const char* from = p_;
    while (p_ != end_ && IsDigit(*p_)) ++p_;
    return p_ != from;
  }

  Token Number() {
    const char* from = p_;
    if (*p_ == '-') ++p_;
    if (p_ != end_ && *p_ == '0') {
      ++p_;
    } else if (!Digits()) {
      return Fail(p_, "invalid number; expected digit after '-'");
    }
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (!Digits()) return Fail(p_, "invalid number; expected digit after '.'");
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      const bool sign = p_ != end_ && (*p_ == '+' || *p_ == '-');
      if (sign) ++p_;
      if (!Digits()) {
        return Fail(p_, sign ? "invalid number; expected digit after exponent sign"
                             : "invalid number; expected '+', '-', or digit after exponent");
      }
    }
    number = std::string_view(from, static_cast<size_t>(p_ - from));
    return Token::kNumber;
  }

  // `\uXXXX` at p_ (past the backslash and `u`): its code unit, or -1.
  int32_t HexUnit() {
    if (end_ - p_ < 4) return -1;
    int32_t unit = 0;
    for (int i = 0; i < 4; ++i) {
      const int digit = HexValue(p_[i]);
      if (digit < 0) return -1;
      unit = unit * 16 + digit;
    }
    p_ += 4;
    return unit;
  }

  // The escape at p_ (the backslash) appended to `text`; false after Fail.
  bool Escape() {
    const char* at = p_++;
    if (p_ == end_) return BadEscape(p_, "invalid string: missing closing quote");
    const char c = *p_++;
    switch (c) {
      case '"': text += '"'; return true;
      case '\\': text += '\\'; return true;
      case '/': text += '/'; return true;
      case 'b': text += '\b'; return true;
      case 'f': text += '\f'; return true;
      case 'n': text += '\n'; return true;
      case 'r': text += '\r'; return true;
      case 't': text += '\t'; return true;
      case 'u': break;
      default: return BadEscape(at, "invalid string: forbidden character after backslash");
    }
    int32_t unit = HexUnit();
    if (unit < 0) return BadEscape(at, "invalid string: '\\u' must be followed by 4 hex digits");
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return BadEscape(at, "invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF");
    }
    uint32_t code = static_cast<uint32_t>(unit);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      int32_t low = -1;
      if (end_ - p_ >= 2 && p_[0] == '\\' && p_[1] == 'u') {
        p_ += 2;
        low = HexUnit();
      }
      if (low < 0xDC00 || low > 0xDFFF) {
        return BadEscape(at, "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF");
      }
      code = 0x10000 + ((static_cast<uint32_t>(unit) - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00);
    }
    AppendUtf8(code, text);
    return true;
  }

  // A string; *p_ is its opening quote. Bytes of 0x80 and up are taken as they are.
  Token String() {
    text.clear();
    const char* run = ++p_;  // the plain bytes not yet copied
    for (;;) {
      p_ = SkipPlainJsonText(p_, end_);
      if (p_ == end_) return Fail(end_, "invalid string: missing closing quote");
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') break;
      if (c >= 0x80) {
        ++p_;
        continue;
      }
      if (c < 0x20) {
        return Fail(p_, fmt::format("invalid string: control character U+{:04X} must be escaped", c));
      }
      text.append(run, p_);
      if (!Escape()) return Token::kError;
      run = p_;
    }
    text.append(run, p_);
    ++p_;
    return Token::kString;
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  const char* start_ = nullptr;
};

class Parser {
 public:
  Parser(std::string_view text, JsonEvents& events, JsonSyntaxError& error)
      : lexer_(text), events_(events), error_(error) {}

  JsonParseStatus Run();

 private:
  // Where a step leaves the parse: at the start of a value (`token`), past a whole value (or,
  // at the root, at the end of the text), or stopped (status_ says how).
  enum class Step { kNextValue, kValueDone, kFailed };

  Step StartValue(Token& token);
  Step AfterValue(Token& token);

  Step Stop() {
    status_ = JsonParseStatus::kStopped;
    return Step::kFailed;
  }

  Step Syntax(Token token, std::string_view context, std::string_view expected) {
    if (token == Token::kError) {
      error_.byte = lexer_.error_byte;
      error_.at_end = lexer_.error_at_end;
      error_.message = fmt::format("syntax error while parsing {} - {}", context, lexer_.problem);
    } else {
      error_.byte = lexer_.TokenByte();
      error_.at_end = token == Token::kEnd;
      error_.message = fmt::format("syntax error while parsing {} - unexpected {}; expected {}",
                                   context, TokenName(token), expected);
    }
    status_ = JsonParseStatus::kSyntaxError;
    return Step::kFailed;
  }

  // Reads `"key" :` from `token` on, and moves `token` to the member's value.
  Step Member(Token& token) {
    if (token != Token::kString) return Syntax(token, "object key", "string literal");
    if (!events_.Key(lexer_.text)) return Stop();
    token = lexer_.Next();
    if (token != Token::kColon) return Syntax(token, "object separator", "':'");
    token = lexer_.Next();
    return Step::kNextValue;
  }

  Lexer lexer_;
  JsonEvents& events_;
  JsonSyntaxError& error_;
  std::string open_;  // the open containers, innermost last: '{' or '['
  JsonParseStatus status_ = JsonParseStatus::kDone;
};

JsonParseStatus Parser::Run() {
  Token token = lexer_.Next();
  for (;;) {
    Step step = StartValue(token);
    if (step == Step::kNextValue) continue;  // a container opened: `token` starts its first value
    if (step == Step::kValueDone) step = AfterValue(token);
    if (step == Step::kFailed) return status_;
    if (step == Step::kValueDone) return JsonParseStatus::kDone;  // the root value and the text ended
  }
}

Parser::Step Parser::StartValue(Token& token) {
  const bool object = token == Token::kBeginObject;
  switch (token) {
    case Token::kBeginObject:
    case Token::kBeginArray:
      if (!(object ? events_.StartObject() : events_.StartArray())) return Stop();
      token = lexer_.Next();
      if (token == (object ? Token::kEndObject : Token::kEndArray)) {
        return (object ? events_.EndObject() : events_.EndArray()) ? Step::kValueDone : Stop();
      }
      open_ += object ? '{' : '[';
      return object ? Member(token) : Step::kNextValue;
    case Token::kString: return events_.String(lexer_.text) ? Step::kValueDone : Stop();
    case Token::kNumber: return events_.Number(lexer_.number) ? Step::kValueDone : Stop();
    case Token::kTrue: return events_.Bool(true) ? Step::kValueDone : Stop();
    case Token::kFalse: return events_.Bool(false) ? Step::kValueDone : Stop();
    case Token::kNull: return events_.Null() ? Step::kValueDone : Stop();
    default: return Syntax(token, "value", "'[', '{', or a literal");
  }
}

// After a value: closes the containers that end here, then moves `token` to the next value.
Parser::Step Parser::AfterValue(Token& token) {
  for (;;) {
    token = lexer_.Next();
    if (open_.empty()) {
      return token == Token::kEnd ? Step::kValueDone : Syntax(token, "value", "end of input");
    }
    const bool object = open_.back() == '{';
    if (token == Token::kComma) {
      token = lexer_.Next();
      return object ? Member(token) : Step::kNextValue;
    }
    if (token != (object ? Token::kEndObject : Token::kEndArray)) {
      return Syntax(token, object ? "object" : "array", object ? "'}'" : "']'");
    }
    open_.pop_back();
    if (!(object ? events_.EndObject() : events_.EndArray())) return Stop();
  }
}

// Accepts every event.
class NoEvents : public JsonEvents {
 public:
  bool Null() override { return true; }
  bool Bool(bool) override { return true; }
  bool Number(std::string_view) override { return true; }
  bool String(std::string&) override { return true; }
  bool Key(std::string&) override { return true; }
  bool StartObject() override { return true; }
  bool EndObject() override { return true; }
  bool StartArray() override { return true; }
  bool EndArray() override { return true; }
};

}  // namespace

JsonParseStatus ParseJson(std::string_view text, JsonEvents& events, JsonSyntaxError& error) {
  return Parser(text, events, error).Run();
}

std::optional<JsonSyntaxError> CheckJsonSyntax(std::string_view text) {
  NoEvents events;
  JsonSyntaxError error;
  if (ParseJson(text, events, error) == JsonParseStatus::kSyntaxError) return error;
  return std::nullopt;
}

}  // namespace refund::order
