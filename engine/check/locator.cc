// Model constructs -> the YAML nodes they were built from (see locator.h).
#include "engine/check/locator.h"

namespace refund::check {
namespace {

std::vector<const syntax::Node*> Roots(const std::vector<model::PolicyDocument>& documents) {
  std::vector<const syntax::Node*> roots;
  for (const model::PolicyDocument& doc : documents) roots.push_back(doc.root);
  return roots;
}

}  // namespace

Locator::Locator(const std::vector<model::PolicyDocument>& documents) : index_(Roots(documents)) {}

const syntax::Node* Locator::Map(const model::SourceRef& where) const {
  return index_.MapAt(where.file, where.line, where.column);
}

const syntax::Node* Locator::ValueOfKey(const model::SourceRef& where) const {
  return index_.ValueOfKeyAt(where.file, where.line, where.column);
}

const syntax::Node* Locator::Field(const model::SourceRef& where, const char* key) const {
  const syntax::Node* map = Map(where);
  return map ? map->Find(key) : nullptr;
}

Diagnostic Locator::In(const syntax::Node* node, const model::Expr& expr, Severity severity, std::string code,
                       std::string message, const model::SourceRef& fallback) const {
  if (!node || !node->IsScalar()) return At(node, severity, std::move(code), std::move(message), fallback);
  const size_t offset = std::min<size_t>(expr.offset, node->text().size());
  const size_t length = std::min<size_t>(expr.length, node->text().size() - offset);
  return severity == Severity::kError ? syntax::ErrorIn(*node, offset, length, std::move(code), std::move(message))
                                      : syntax::WarningIn(*node, offset, length, std::move(code), std::move(message));
}

Diagnostic Locator::At(const syntax::Node* node, Severity severity, std::string code, std::string message,
                       const model::SourceRef& fallback) const {
  if (!node) return model::DiagnosticAt(fallback, severity, std::move(code), std::move(message));
  return severity == Severity::kError ? syntax::ErrorAt(*node, std::move(code), std::move(message))
                                      : syntax::WarningAt(*node, std::move(code), std::move(message));
}

Diagnostic Locator::AtRule(const model::Rule& rule, Severity severity, std::string code, std::string message) const {
  return At(Field(rule.where, "id"), severity, std::move(code), std::move(message), rule.where);
}

}  // namespace refund::check
