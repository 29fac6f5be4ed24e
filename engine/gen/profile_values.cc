// Scalar shapes of a profile (see profile_values.h).
#include "engine/gen/profile_values.h"

#include <fmt/format.h>

#include <cctype>

namespace refund::gen {
namespace {

// Digits only, optionally signed, at most 18 digits.
std::optional<int64_t> ParseInteger(std::string_view text) {
  bool negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

// Splits "15min" into 15 and "min".
std::optional<std::pair<int64_t, std::string_view>> NumberAndUnit(std::string_view text) {
  size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  std::optional<int64_t> number = ParseInteger(text.substr(0, i));
  if (!number) return std::nullopt;
  return std::pair{*number, text.substr(i)};
}

}  // namespace

void ValueReader::Bad(const syntax::Node& node, std::string message) {
  diagnostics_.push_back(syntax::ErrorAt(node, "G003", std::move(message)));
}

const syntax::Node* ValueReader::Field(const syntax::Node& map, const char* key, bool required) {
  const syntax::Node* node = map.IsMap() ? map.Find(key) : nullptr;
  if (!node && required) diagnostics_.push_back(syntax::ErrorAt(map, "G002", fmt::format("missing key `{}`", key)));
  return node;
}

std::string ValueReader::Text(const syntax::Node& node) {
  if (!node.IsScalar()) Bad(node, fmt::format("expected a scalar, found a {}", node.KindName()));
  return node.text();
}

std::optional<int64_t> ValueReader::Integer(const syntax::Node& node) {
  std::optional<int64_t> value = node.IsScalar() ? ParseInteger(node.text()) : std::nullopt;
  if (!value) Bad(node, fmt::format("expected an integer, got `{}`", node.text()));
  return value;
}

std::optional<int64_t> ValueReader::Money(const syntax::Node& node, const Currency& currency) {
  std::string error;
  std::optional<refund::Money> money = refund::Money::Parse(node.text(), currency, &error);
  if (!money) Bad(node, fmt::format("bad amount `{}`: {}", node.text(), error));
  return money ? std::optional<int64_t>(money->minor()) : std::nullopt;
}

std::optional<int64_t> ValueReader::Seconds(const syntax::Node& node) {
  auto parts = NumberAndUnit(node.text());
  if (parts) {
    auto [n, unit] = *parts;
    if (unit == "s") return n;
    if (unit == "min") return n * 60;
    if (unit == "h") return n * 3600;
    if (unit == "d") return n * 86400;
  }
  Bad(node, fmt::format("expected a duration like `90s`, `15min`, `2h` or `7d`, got `{}`", node.text()));
  return std::nullopt;
}

std::optional<TermLength> ValueReader::Term(const syntax::Node& node) {
  auto parts = NumberAndUnit(node.text());
  if (parts && parts->first > 0 && parts->second == "mo") return TermLength{parts->first, 0};
  if (parts && parts->first > 0 && parts->second == "y") return TermLength{parts->first * 12, 0};
  std::optional<int64_t> seconds = Seconds(node);
  if (seconds && *seconds <= 0) Bad(node, "a term must be longer than zero");
  return seconds && *seconds > 0 ? std::optional<TermLength>(TermLength{0, *seconds}) : std::nullopt;
}

std::optional<int64_t> ValueReader::Instant(const syntax::Node& node) {
  std::string error;
  std::optional<refund::Instant> at = ParseTimestamp(node.text(), &error);
  if (!at) Bad(node, fmt::format("bad timestamp `{}`: {}", node.text(), error));
  return at ? std::optional<int64_t>(at->micros / kMicrosPerSecond) : std::nullopt;
}

Choice<std::string> ValueReader::Weights(const syntax::Node& node) {
  Choice<std::string> choice;
  if (!node.IsMap()) return Bad(node, "expected a map of `value: weight`"), choice;
  for (const syntax::MapEntry& entry : node.entries()) {
    std::optional<int64_t> weight = Integer(entry.value);
    if (weight && *weight < 0) Bad(entry.value, "a weight cannot be negative");
    if (weight && *weight >= 0) choice.Add(entry.key.text(), *weight);
  }
  if (choice.empty()) Bad(node, "at least one weight must be positive");
  return choice;
}

std::vector<Chance> ValueReader::Chances(const syntax::Node& node) {
  std::vector<Chance> chances;
  if (!node.IsMap()) return Bad(node, "expected a map of `value: percent`"), chances;
  for (const syntax::MapEntry& entry : node.entries()) {
    std::optional<int64_t> percent = Integer(entry.value);
    if (percent && (*percent < 0 || *percent > 100)) Bad(entry.value, "a percent is between 0 and 100");
    else if (percent) chances.push_back({entry.key.text(), *percent});
  }
  return chances;
}

std::vector<std::string> ValueReader::Texts(const syntax::Node& node) {
  std::vector<std::string> texts;
  if (!node.IsSequence()) return Bad(node, "expected a list"), texts;
  for (const syntax::Node& item : node.items()) texts.push_back(Text(item));
  return texts;
}

}  // namespace refund::gen
