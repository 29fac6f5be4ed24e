// Finds the YAML nodes a model construct was built from, so that a check made on the model
// points at the exact token: a rule's `id`, a `when` expression, a sub-expression inside it.
#pragma once

#include <string>
#include <vector>

#include "engine/model/expr.h"
#include "engine/model/policy.h"
#include "engine/model/policy_builder.h"
#include "engine/syntax/node.h"
#include "engine/syntax/node_index.h"
#include "refund/diagnostics.h"

namespace refund::check {

class Locator {
 public:
  explicit Locator(const std::vector<model::PolicyDocument>& documents);

  // The map written at `where` (a rule, a table row, a window case); nullptr if none.
  const syntax::Node* Map(const model::SourceRef& where) const;
  // The value of the map entry whose key is written at `where` (a formula step, a formula).
  const syntax::Node* ValueOfKey(const model::SourceRef& where) const;
  // The value of `key` in the map written at `where`.
  const syntax::Node* Field(const model::SourceRef& where, const char* key) const;

  // A diagnostic underlining `expr` inside the expression scalar `node`; at `fallback` when
  // the node is unknown.
  Diagnostic In(const syntax::Node* node, const model::Expr& expr, Severity severity, std::string code,
                std::string message, const model::SourceRef& fallback) const;
  // A diagnostic underlining all of `node` (or at `fallback`).
  Diagnostic At(const syntax::Node* node, Severity severity, std::string code, std::string message,
                const model::SourceRef& fallback) const;
  // Underlines a rule's id.
  Diagnostic AtRule(const model::Rule& rule, Severity severity, std::string code, std::string message) const;

 private:
  syntax::NodeIndex index_;  // built once: each lookup is O(log n), never a walk of the tree
};

}  // namespace refund::check
