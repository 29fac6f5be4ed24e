// Reading typed values out of the YAML mirror, with diagnostics at their exact place.
#include "engine/model/build_context.h"

#include <fmt/format.h>

#include "engine/money/decimal_text.h"
#include "engine/source/did_you_mean.h"
#include "engine/syntax/expr_parser.h"

namespace refund::model {
namespace {

// An optional sign, digits, and optionally `.` and zeros: a whole number, however many digits.
bool IsWholeNumberText(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view zeros = dot == std::string_view::npos ? "0" : text.substr(dot + 1);
  return !whole.empty() && whole.find_first_not_of("0123456789") == std::string_view::npos &&
         !zeros.empty() && zeros.find_first_not_of('0') == std::string_view::npos;
}

std::string KindName(const syntax::Node& node) {
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "nothing";
  return fmt::format("`{}`", node.text());
}

}  // namespace

void BuildContext::Report(const syntax::Node& at, Severity severity, std::string code,
                          std::string message, std::optional<std::string> help) {
  Diagnostic d = severity == Severity::kError ? syntax::ErrorAt(at, std::move(code), std::move(message))
                                              : syntax::WarningAt(at, std::move(code), std::move(message));
  d.help = std::move(help);
  diagnostics_.push_back(std::move(d));
}

SourceRef BuildContext::Ref(const syntax::Node& node) const {
  auto at = node.location();
  return {node.file().path(), at.line, at.column};
}

bool BuildContext::ExpectMap(const syntax::Node& node, std::string_view what) {
  if (node.IsMap()) return true;
  Error(node, "P103", fmt::format("expected {} (a map), got {}", what, KindName(node)));
  return false;
}

bool BuildContext::ExpectList(const syntax::Node& node, std::string_view what) {
  if (node.IsSequence()) return true;
  Error(node, "P103", fmt::format("expected {} (a list), got {}", what, KindName(node)));
  return false;
}

void BuildContext::CheckKeys(const syntax::Node& map, std::initializer_list<std::string_view> allowed) {
  std::vector<std::string> known(allowed.begin(), allowed.end());
  for (const auto& [key, value] : map.entries()) {
    const std::string& name = key.text();
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    Error(key, "P101", fmt::format("unknown key `{}`", name),
          DidYouMeanHelp(name, known)
              .value_or(fmt::format("expected one of: {}", fmt::join(known, ", "))));
  }
}

const syntax::Node* BuildContext::Require(const syntax::Node& map, std::string_view key,
                                          std::string_view what) {
  if (const syntax::Node* value = map.Find(key)) return value;
  Error(map, "P102", fmt::format("{} needs `{}`", what, key));
  return nullptr;
}

std::optional<std::string> BuildContext::Text(const syntax::Node& node, std::string_view what) {
  if (node.IsScalar()) return node.text();
  Error(node, "P103", fmt::format("expected {} (a text value), got {}", what, KindName(node)));
  return std::nullopt;
}

std::optional<int64_t> BuildContext::Integer(const syntax::Node& node, std::string_view what,
                                             const IntegerRange& range) {
  if (node.IsScalar() && IsWholeNumberText(node.text())) {
    // Digits past 128 bits make ParseDecimal fail: they are out of any range all the same.
    const std::optional<Ratio> value = Ratio::ParseDecimal(node.text());
    if (value && value->den() == 1 && value->num() >= range.min && value->num() <= range.max)
      return static_cast<int64_t>(value->num());
    Error(node, "P104", fmt::format("{} `{}` is out of range: expected {} to {}", range.name, node.text(),
                                    range.min, range.max));
    return std::nullopt;
  }
  Error(node, "P104", fmt::format("expected {} (a whole number), got {}", what, KindName(node)));
  return std::nullopt;
}

std::optional<bool> BuildContext::Boolean(const syntax::Node& node, std::string_view what) {
  if (node.IsScalar() && (node.text() == "true" || node.text() == "false"))
    return node.text() == "true";
  Error(node, "P104", fmt::format("expected {} (true or false), got {}", what, KindName(node)));
  return std::nullopt;
}

std::optional<Duration> BuildContext::DurationValue(const syntax::Node& node, std::string_view what,
                                                    std::string_view name) {
  // Exactly one duration literal; digits past 128 bits are out of range like any other excess.
  const std::string_view text = node.IsScalar() ? std::string_view(node.text()) : std::string_view();
  const size_t digits = std::min(text.find_first_not_of("0123456789."), text.size());
  const bool shaped = digits > 0 && digits + 1 == text.size() && std::string_view("dhms").find(text.back()) != std::string_view::npos &&
                      money::SplitDecimal(text.substr(0, digits));
  if (shaped) {
    const std::optional<Ratio> micros = syntax::ParseDurationText(text);
    if (micros && micros->den() == 1 && *micros <= Ratio(kMaxWindowLength.micros))
      return Duration{static_cast<int64_t>(micros->num())};
    if (!micros || *micros > Ratio(kMaxWindowLength.micros)) {
      Error(node, "P104", fmt::format("{} `{}` is out of range: at most `{}d`", name, text, kMaxWindowDays));
      return std::nullopt;
    }
  }
  Error(node, "P104", fmt::format("expected {} (a duration like `24h` or `7d`), got {}", what, KindName(node)));
  return std::nullopt;
}

std::vector<std::string> BuildContext::TextList(const syntax::Node& node, std::string_view what) {
  std::vector<std::string> out;
  if (node.IsNull()) return out;
  if (!ExpectList(node, what)) return out;
  for (const auto& item : node.items())
    if (auto text = Text(item, what)) out.push_back(*text);
  return out;
}

std::optional<Expr> BuildContext::Expression(const syntax::Node& node, Type want, const ExprScope& scope) {
  std::string text;
  if (node.IsScalar()) {
    text = node.text();
  } else {
    Error(node, "P103", fmt::format("expected an expression, got {}", KindName(node)));
    return std::nullopt;
  }
  std::vector<ExprIssue> issues;
  std::optional<Expr> expr = CompileExprText(text, want, scope, issues);
  if (expr) KeepTraceText(*expr);
  for (ExprIssue& issue : issues) {
    Diagnostic d = syntax::ErrorIn(node, issue.offset, issue.length, std::move(issue.code), std::move(issue.message));
    d.help = std::move(issue.help);
    diagnostics_.push_back(std::move(d));
  }
  return expr;
}

}  // namespace refund::model
