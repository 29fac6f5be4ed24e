// Mutations of a shipped policy's text for the policy-mutation fuzzer (fuzz_policy_mutation.cc)
// and its deterministic unit test (tests/unit/policy_mutation_test.cc): numbers, durations and
// money replaced by boundary values (0, -1, 2^63, 2^64, 10^12 days, huge decimals), words by
// empty or unknown ones, and lines or whole blocks (a key with everything indented under it, a
// list entry) deleted, duplicated or moved. Works on lines, so that what it makes is mostly
// YAML the engine reads: the interesting inputs pass the parser and reach check and eval.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace refund::fuzz {

// A stream of choices: the fuzzer's bytes first, then a splitmix64 sequence from `seed`.
class Choices {
 public:
  Choices(const uint8_t* data, size_t size, uint64_t seed) : data_(data), size_(size), state_(seed) {}
  // A number in [0, n), n > 0.
  size_t Next(size_t n) {
    uint64_t v;
    if (used_ + 2 <= size_) {
      v = uint64_t{data_[used_]} << 8 | data_[used_ + 1];
      used_ += 2;
    } else {
      state_ += 0x9E3779B97F4A7C15ull;
      uint64_t z = state_;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      v = z ^ (z >> 31);
    }
    return static_cast<size_t>(v % n);
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t used_ = 0;
  uint64_t state_;
};

inline constexpr const char* kBoundaryNumbers[] = {
    "0", "1", "-1", "101", "-101", "100%", "1000%", "0.5", "0.000001", "1000000", "1000001",
    "2147483648", "4294967301", "9223372036854775807", "9223372036854775808", "18446744073709551616",
    "99999999999999999999.99", "340282366920938463463374607431768211457",
    "0h", "1s", "3650000d", "3650001d", "1000000000000d", "9999999999999999999999d", "0.0000001s",
    "92233720368547758.07", "92233720368547758.08", "2026-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00+23:59"};
inline constexpr const char* kBoundaryWords[] = {
    "\"\"", "~", "[]", "{}", "unknown", "Mars/Olympus", "XXX", "JPY", "floor", "ceil", "half_even",
    "ever", "rolling", "same_day", "inclusive", "true", "false", "\"a\\u0000b\""};

class PolicyMutator {
 public:
  explicit PolicyMutator(std::string_view text) {
    for (size_t start = 0; start < text.size();) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      lines_.emplace_back(text.substr(start, end - start));
      start = end + 1;
    }
  }

  // Applies `count` mutations chosen by `choices`.
  void Mutate(Choices& choices, int count) {
    for (int i = 0; i < count && !lines_.empty(); ++i) {
      switch (choices.Next(8)) {
        case 0: case 1: case 2: ReplaceNumber(choices); break;
        case 3: ReplaceWord(choices); break;
        case 4: DeleteBlock(choices); break;
        case 5: DuplicateBlock(choices); break;
        case 6: MoveBlock(choices); break;
        default: lines_.erase(lines_.begin() + static_cast<long>(choices.Next(lines_.size()))); break;
      }
    }
  }

  std::string Text() const {
    std::string text;
    for (const std::string& line : lines_) text += line + "\n";
    return text;
  }

 private:
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
  static size_t Indent(const std::string& line) { return line.find_first_not_of(' '); }
  static bool Blank(const std::string& line) {
    const size_t at = Indent(line);
    return at == std::string::npos || line[at] == '#';
  }

  // Number-like tokens of a line (digits and dots, with a unit or `%` after): [begin, end).
  static std::vector<std::pair<size_t, size_t>> Numbers(const std::string& line) {
    std::vector<std::pair<size_t, size_t>> out;
    const size_t comment = line.find(" #");
    for (size_t i = 0; i < line.size() && i < comment;) {
      if (!IsDigit(line[i]) || (i > 0 && (std::isalnum(static_cast<unsigned char>(line[i - 1])) || line[i - 1] == '_'))) {
        ++i;
        continue;
      }
      size_t end = i;
      while (end < line.size() && (IsDigit(line[end]) || line[end] == '.')) ++end;
      if (end < line.size() && std::string_view("dhms%").find(line[end]) != std::string_view::npos) ++end;
      out.push_back({i, end});
      i = end;
    }
    return out;
  }

  void ReplaceNumber(Choices& choices) {
    std::vector<std::pair<size_t, size_t>> all;  // (line, token index) flattened
    std::vector<std::vector<std::pair<size_t, size_t>>> tokens(lines_.size());
    for (size_t l = 0; l < lines_.size(); ++l) {
      if (Blank(lines_[l])) continue;
      tokens[l] = Numbers(lines_[l]);
      for (size_t t = 0; t < tokens[l].size(); ++t) all.push_back({l, t});
    }
    if (all.empty()) return;
    const auto [l, t] = all[choices.Next(all.size())];
    const auto [begin, end] = tokens[l][t];
    const char* value = kBoundaryNumbers[choices.Next(std::size(kBoundaryNumbers))];
    lines_[l].replace(begin, end - begin, value);
  }

  // The value after `key: ` on a line that has one.
  void ReplaceWord(Choices& choices) {
    std::vector<size_t> candidates;
    for (size_t l = 0; l < lines_.size(); ++l) {
      const size_t colon = lines_[l].find(": ");
      if (!Blank(lines_[l]) && colon != std::string::npos && colon + 2 < lines_[l].size()) candidates.push_back(l);
    }
    if (candidates.empty()) return;
    std::string& line = lines_[candidates[choices.Next(candidates.size())]];
    line.replace(line.find(": ") + 2, std::string::npos, kBoundaryWords[choices.Next(std::size(kBoundaryWords))]);
  }

  // A block: a non-blank line and the lines after it indented deeper (or list entries of it).
  std::pair<size_t, size_t> Block(Choices& choices) const {
    const size_t begin = choices.Next(lines_.size());
    if (Blank(lines_[begin])) return {begin, begin + 1};
    size_t indent = Indent(lines_[begin]);
    if (lines_[begin].compare(indent, 2, "- ") == 0) indent += 1;  // a list entry's map is deeper
    size_t end = begin + 1;
    while (end < lines_.size() && (Blank(lines_[end]) || Indent(lines_[end]) > indent)) ++end;
    return {begin, end};
  }

  void DeleteBlock(Choices& choices) {
    const auto [begin, end] = Block(choices);
    lines_.erase(lines_.begin() + static_cast<long>(begin), lines_.begin() + static_cast<long>(end));
  }

  void DuplicateBlock(Choices& choices) {
    const auto [begin, end] = Block(choices);
    if (end - begin > 200) return;
    std::vector<std::string> copy(lines_.begin() + static_cast<long>(begin), lines_.begin() + static_cast<long>(end));
    lines_.insert(lines_.begin() + static_cast<long>(end), copy.begin(), copy.end());
  }

  // Moves a block before another line of the same indentation.
  void MoveBlock(Choices& choices) {
    const auto [begin, end] = Block(choices);
    const size_t indent = Indent(lines_[begin]);
    std::vector<std::string> block(lines_.begin() + static_cast<long>(begin), lines_.begin() + static_cast<long>(end));
    lines_.erase(lines_.begin() + static_cast<long>(begin), lines_.begin() + static_cast<long>(end));
    std::vector<size_t> targets;
    for (size_t l = 0; l < lines_.size(); ++l)
      if (!Blank(lines_[l]) && Indent(lines_[l]) == indent) targets.push_back(l);
    const size_t at = targets.empty() ? begin : targets[choices.Next(targets.size())];
    lines_.insert(lines_.begin() + static_cast<long>(std::min(at, lines_.size())), block.begin(), block.end());
  }

  std::vector<std::string> lines_;
};

}  // namespace refund::fuzz
