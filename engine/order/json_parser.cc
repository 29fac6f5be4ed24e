// ParseJson (json_parser.h): a lexer for JSON's tokens and an iterative parser over them. The
// open containers are a stack of bytes, so depth costs one byte a level and no recursion; the
// listener decides how deep it lets a text go (ParseJsonTree stops at kMaxJsonDepth).
#include "engine/order/json_parser.h"

#include <fmt/format.h>

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

// For `return Failed(Fail(...))`: the failure already recorded, as a bool.
template <typename T>
bool Failed(T) { return false; }

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
// `number` the token; after kError, `problem` says what is wrong at `error_at`.
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
    if (p_ == end_) return Failed(Fail(p_, "invalid string: missing closing quote"));
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
      default: return Failed(Fail(at, "invalid string: forbidden character after backslash"));
    }
    int32_t unit = HexUnit();
    if (unit < 0) return Failed(Fail(at, "invalid string: '\\u' must be followed by 4 hex digits"));
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return Failed(Fail(at, "invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF"));
    }
    uint32_t code = static_cast<uint32_t>(unit);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      int32_t low = -1;
      if (end_ - p_ >= 2 && p_[0] == '\\' && p_[1] == 'u') {
        p_ += 2;
        low = HexUnit();
      }
      if (low < 0xDC00 || low > 0xDFFF) {
        return Failed(Fail(at, "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF"));
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
  JsonParseStatus Syntax(Token token, std::string_view context, std::string_view expected) {
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
    return JsonParseStatus::kSyntaxError;
  }

  // Reads `"key" :` when `token` is the key; false with the error set otherwise.
  bool Member(Token token) {
    if (token != Token::kString) return Failed(Syntax(token, "object key", "string literal"));
    if (!events_.Key(lexer_.text)) {
      stopped_ = true;
      return false;
    }
    token = lexer_.Next();
    if (token != Token::kColon) return Failed(Syntax(token, "object separator", "':'"));
    return true;
  }

  Lexer lexer_;
  JsonEvents& events_;
  JsonSyntaxError& error_;
  std::string open_;  // the open containers, innermost last: '{' or '['
  bool stopped_ = false;
};

JsonParseStatus Parser::Run() {
  constexpr auto kStopped = JsonParseStatus::kStopped;
  Token token = lexer_.Next();
  for (;;) {
    // A value starts at `token`.
    bool scalar = true;
    switch (token) {
      case Token::kBeginObject:
        if (!events_.StartObject()) return kStopped;
        token = lexer_.Next();
        if (token == Token::kEndObject) {
          if (!events_.EndObject()) return kStopped;
          break;
        }
        open_ += '{';
        if (!Member(token)) return stopped_ ? kStopped : JsonParseStatus::kSyntaxError;
        token = lexer_.Next();
        continue;
      case Token::kBeginArray:
        if (!events_.StartArray()) return kStopped;
        token = lexer_.Next();
        if (token == Token::kEndArray) {
          if (!events_.EndArray()) return kStopped;
          break;
        }
        open_ += '[';
        continue;
      case Token::kString: scalar = events_.String(lexer_.text); break;
      case Token::kNumber: scalar = events_.Number(lexer_.number); break;
      case Token::kTrue: scalar = events_.Bool(true); break;
      case Token::kFalse: scalar = events_.Bool(false); break;
      case Token::kNull: scalar = events_.Null(); break;
      default: return Syntax(token, "value", "'[', '{', or a literal");
    }
    if (!scalar) return kStopped;
    // After a value: close what ends here, then find where the next value starts.
    for (;;) {
      token = lexer_.Next();
      if (open_.empty()) {
        if (token != Token::kEnd) return Syntax(token, "value", "end of input");
        return JsonParseStatus::kDone;
      }
      const bool in_object = open_.back() == '{';
      if (token == Token::kComma) {
        token = lexer_.Next();
        if (in_object) {
          if (!Member(token)) return stopped_ ? kStopped : JsonParseStatus::kSyntaxError;
          token = lexer_.Next();
        }
        break;
      }
      if (token != (in_object ? Token::kEndObject : Token::kEndArray)) {
        return Syntax(token, in_object ? "object" : "array", in_object ? "'}'" : "']'");
      }
      open_.pop_back();
      if (!(in_object ? events_.EndObject() : events_.EndArray())) return kStopped;
    }
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
