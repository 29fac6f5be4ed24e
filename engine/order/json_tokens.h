// The JSON tokens of the subset ParseOrderFast (order_fast.cc) reads: a cursor over one text that
// reads a token at a time and says false where the text is anything it does not handle, so that
// the reader can give up. Internal to engine/order; the methods are inline because they are the
// innermost loop of reading orders.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/order/json_tree.h"
#include "engine/source/json_scan.h"
#include "engine/source/same_text.h"

namespace refund::order {

// The JSON tokens of the subset the fast reader handles. Each method skips white space, reads
// one token and returns false when the text there is not that token (the reader then gives up,
// so a failed read may leave the position anywhere).
class Tokens {
 public:
  explicit Tokens(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  // Whether only white space is left.
  bool AtEnd() { return Peek() == '\0' && p_ == end_; }

  // The next character, '\0' at the end.
  char Peek() {
    // Compact JSON has no white space between tokens: one comparison says so (JSON's white
    // space and the control characters it forbids outside strings are all <= ' ').
    if (p_ != end_ && static_cast<unsigned char>(*p_) > ' ') return *p_;
    SkipSpace();
    return p_ == end_ ? '\0' : *p_;
  }

  // Consumes `c` when it comes next.
  bool Take(char c) {
    if (Peek() != c) return false;
    ++p_;
    return true;
  }

  // Consumes `null` when it comes next: orders.md treats a null optional field as absent.
  bool Null() { return Word("null"); }

  bool Bool(bool& out) {
    out = Peek() == 't';
    return out ? Word("true") : Word("false");
  }

  // A string without escapes or control characters, as its bytes. Its other characters must
  // be well-formed UTF-8: outside strings the reader accepts only ASCII, so this checks the
  // UTF-8 of the whole text as orders.md requires.
  bool String(std::string_view& out) {
    if (!Take('"')) return false;
    const char* start = p_;
    for (;;) {
      SkipToStopByte();
      if (p_ == end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') break;
      if (c == '\\' || c < 0x20) return false;
      const size_t length = Utf8CharLength(std::string_view(p_, Left()), 0);  // c >= 0x80
      if (length == 0) return false;
      p_ += length;
    }
    out = std::string_view(start, static_cast<size_t>(p_ - start));
    ++p_;
    return true;
  }

  // Consumes the key `"name"` when it comes next, exactly so (keys are ASCII without escapes).
  // Objects mostly list their keys in a known order, so the reader tries the expected key this
  // way before it reads an arbitrary one.
  bool Key(std::string_view name) {
    if (Peek() != '"' || Left() < name.size() + 2 || p_[name.size() + 1] != '"' ||
        !SameText(std::string_view(p_ + 1, name.size()), name)) {
      return false;
    }
    p_ += name.size() + 2;
    return true;
  }

  // A JSON integer >= 0 of at most 18 digits, so that it fits int64: its digits as written.
  bool Count(std::string_view& digits) {
    SkipSpace();
    const char* start = p_;
    while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    const size_t count = static_cast<size_t>(p_ - start);
    if (count == 0 || count > 18 || (count > 1 && *start == '0')) return false;
    if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    digits = std::string_view(start, count);
    return true;
  }

  // The value of a field the order does not use: a string, an integer of either sign, a
  // boolean or null, as above. Objects, arrays and other numbers are left to the tree reader.
  bool SkipScalar() {
    std::string_view ignored;
    bool flag = false;
    switch (Peek()) {
      case '"': return String(ignored);
      case 't':
      case 'f': return Bool(flag);
      case 'n': return Null();
      case '-':
        ++p_;
        return p_ != end_ && *p_ >= '0' && *p_ <= '9' && Count(ignored);
      default: return Count(ignored);
    }
  }

 private:
  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }

  size_t Left() const { return static_cast<size_t>(end_ - p_); }

  // Moves to the first byte a string scan must stop at (a quote, a backslash, a control
  // character or a non-ASCII byte), or to the end.
  void SkipToStopByte() { p_ = SkipPlainJsonText(p_, end_); }

  bool Word(std::string_view word) {
    if (Peek() != word[0] || Left() < word.size() ||
        std::string_view(p_, word.size()) != word) {
      return false;
    }
    p_ += word.size();
    return true;
  }

  const char* p_;
  const char* end_;
};

}  // namespace refund::order
