// CompilePolicy: load the policy's files, build and check the model, and hand out the compiled
// policy; plus the order settings a policy contributes.
#include "engine/check/check_policy.h"
#include "engine/compile/tree.h"
#include "engine/model/policy_builder.h"
#include "engine/syntax/policy_files.h"
#include "refund/policy.h"

namespace refund {

const std::string& CompiledPolicy::name() const { return model_->name; }
const std::string& CompiledPolicy::version() const { return model_->version; }
const std::string& CompiledPolicy::digest() const { return model_->digest; }

CompileResult CompilePolicy(const std::string& path) {
  CompileResult result;
  syntax::PolicySources sources = syntax::LoadPolicySources(path);
  result.diagnostics_ = sources.diagnostics;
  std::vector<model::PolicyDocument> documents;
  for (const syntax::SyntaxFile& file : sources.files)
    documents.push_back({file.root ? &*file.root : nullptr});
  if (!documents.empty() && !HasErrors(sources.diagnostics)) {
    model::BuiltPolicy built = model::BuildPolicy(documents);
    result.diagnostics_.insert(result.diagnostics_.end(), built.diagnostics.begin(), built.diagnostics.end());
    std::vector<Diagnostic> checked = check::CheckPolicy(*built.model, documents);
    result.diagnostics_.insert(result.diagnostics_.end(), checked.begin(), checked.end());
    if (built.policy && !HasErrors(checked)) {
      built.policy->digest = sources.digest;
      built.policy->root = path;
      auto tree = compile::CompileTree(*built.policy);
      result.policy_ = std::make_shared<const CompiledPolicy>(std::move(built.policy), std::move(tree));
    }
  }
  SortDiagnostics(result.diagnostics_);
  return result;
}

OrderSettings OrderSettingsOf(const CompiledPolicy& policy) {
  OrderSettings settings;
  settings.currency = policy.model().currency;
  for (const auto& [alias, canonical] : policy.model().aliases) settings.payment_type_aliases[alias] = canonical;
  return settings;
}

}  // namespace refund
