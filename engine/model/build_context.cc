// Reading typed values out of the YAML mirror, with diagnostics at their exact place.
#include "engine/model/build_context.h"

#include <fmt/format.h>

#include "engine/source/did_you_mean.h"
#include "engine/syntax/expr_parser.h"

namespace refund::model {
namespace {

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

std::optional<int64_t> BuildContext::Integer(const syntax::Node& node, std::string_view what) {
  if (node.IsScalar()) {
    auto value = Ratio::ParseDecimal(node.text());
    if (value && value->den() == 1) return static_cast<int64_t>(value->num());
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

std::optional<Duration> BuildContext::DurationValue(const syntax::Node& node, std::string_view what) {
  if (node.IsScalar()) {
    syntax::ParsedExpr parsed = syntax::ParseExpr(node.text());
    if (parsed.expr && parsed.expr->op == Op::kLiteral && parsed.expr->type == Type::kDuration)
      return Duration{static_cast<int64_t>(parsed.expr->literal.number.num())};
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
