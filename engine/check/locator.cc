// Model constructs -> the YAML nodes they were built from (see locator.h).
#include "engine/check/locator.h"

namespace refund::check {
namespace {

bool IsAt(const syntax::Node& node, const model::SourceRef& where) {
  return node.file().path() == where.file && node.location() == syntax::Location{where.line, where.column};
}

const syntax::Node* FindMap(const syntax::Node& node, const model::SourceRef& where, int depth) {
  if (depth > 64) return nullptr;
  if (node.IsMap() && IsAt(node, where)) return &node;
  for (const syntax::Node& item : node.items())
    if (auto* found = FindMap(item, where, depth + 1)) return found;
  for (const syntax::MapEntry& entry : node.entries())
    if (auto* found = FindMap(entry.value, where, depth + 1)) return found;
  return nullptr;
}

const syntax::Node* FindValueOfKey(const syntax::Node& node, const model::SourceRef& where, int depth) {
  if (depth > 64) return nullptr;
  for (const syntax::Node& item : node.items())
    if (auto* found = FindValueOfKey(item, where, depth + 1)) return found;
  for (const syntax::MapEntry& entry : node.entries()) {
    if (IsAt(entry.key, where)) return &entry.value;
    if (auto* found = FindValueOfKey(entry.value, where, depth + 1)) return found;
  }
  return nullptr;
}

}  // namespace

const syntax::Node* Locator::Map(const model::SourceRef& where) const {
  for (const model::PolicyDocument& doc : documents_)
    if (doc.root)
      if (auto* found = FindMap(*doc.root, where, 0)) return found;
  return nullptr;
}

const syntax::Node* Locator::ValueOfKey(const model::SourceRef& where) const {
  for (const model::PolicyDocument& doc : documents_)
    if (doc.root)
      if (auto* found = FindValueOfKey(*doc.root, where, 0)) return found;
  return nullptr;
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
