// YAML mirror -> checked policy model. Reports every problem of every file in one run.
#pragma once

#include <memory>
#include <vector>

#include "engine/model/policy.h"
#include "engine/syntax/node.h"
#include "refund/diagnostics.h"

namespace refund::model {

struct PolicyDocument {
  const syntax::Node* root = nullptr;  // a parsed file of the policy (root file first)
};

struct BuiltPolicy {
  std::shared_ptr<Policy> policy;  // null when an error was reported
  // Always set: what could be built, for the check stage to analyse (constructs with an error
  // are left out or have no expression).
  std::shared_ptr<const Policy> model;
  std::vector<Diagnostic> diagnostics;
};

BuiltPolicy BuildPolicy(const std::vector<PolicyDocument>& documents);

// The placeholders `{name}` a message may use, for the given kind of construct.
enum class MessageSite { kOrderRule, kItemRule, kNote, kReview, kScore };

}  // namespace refund::model
