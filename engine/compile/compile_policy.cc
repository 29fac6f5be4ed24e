// CompilePolicy: load the policy's files, build and check the model, and hand out the compiled
// policy (every version of a versioned directory, or the one `@VERSION` names); plus the order
// settings a policy contributes.
#include "engine/check/check_policy.h"
#include "engine/compile/tree.h"
#include "engine/compile/versions.h"
#include "engine/model/policy_builder.h"
#include "engine/syntax/policy_files.h"
#include "refund/policy.h"

namespace refund {

const std::string& CompiledPolicy::name() const { return model_->name; }
const std::string& CompiledPolicy::version() const { return model_->version; }
const std::string& CompiledPolicy::digest() const { return model_->digest; }

namespace {

// When a file could not be read or parsed, the other files are still checked, but problems
// that may only mean "defined in the file we could not read" are left out: they would be noise.
bool MayFollowFromAMissingFile(const Diagnostic& d) {
  static const char* kCodes[] = {"P102", "P106", "E204", "E209", "M301", "M303", "M304", "C403"};
  for (const char* code : kCodes)
    if (d.code == code) return true;
  return false;
}

void Append(std::vector<Diagnostic>& out, const std::vector<Diagnostic>& more, bool files_missing) {
  for (const Diagnostic& d : more)
    if (!files_missing || !MayFollowFromAMissingFile(d)) out.push_back(d);
}

}  // namespace

namespace compile {

CompiledWithDiagnostics CompileSinglePolicy(const std::string& path) {
  CompiledWithDiagnostics result;
  syntax::PolicySources sources = syntax::LoadPolicySources(path);
  result.diagnostics = sources.diagnostics;
  result.path_unusable = sources.root_unusable;
  const bool files_missing = HasErrors(sources.diagnostics);
  std::vector<model::PolicyDocument> documents;
  for (const syntax::SyntaxFile& file : sources.files)
    if (file.root) documents.push_back({&*file.root});
  if (!documents.empty()) {
    model::BuiltPolicy built = model::BuildPolicy(documents);
    Append(result.diagnostics, built.diagnostics, files_missing);
    std::vector<Diagnostic> checked = check::CheckPolicy(*built.model, documents);
    Append(result.diagnostics, checked, files_missing);
    if (built.policy && !HasErrors(checked) && !files_missing) {
      built.policy->digest = sources.digest;
      built.policy->root = path;
      auto tree = compile::CompileTree(*built.policy);
      result.policy = std::make_shared<const CompiledPolicy>(std::move(built.policy), std::move(tree));
    }
  }
  return result;
}

}  // namespace compile

CompileResult CompilePolicy(const std::string& path) {
  auto [directory, version] = compile::SplitVersionSuffix(path);
  compile::CompiledWithDiagnostics compiled = compile::HasVersionsFile(directory)
                                                  ? compile::CompileVersionedPolicy(directory)
                                                  : compile::CompileSinglePolicy(directory);
  if (version) compiled = compile::SelectVersion(std::move(compiled), *version, path);
  CompileResult result;
  result.policy_ = std::move(compiled.policy);
  result.diagnostics_ = std::move(compiled.diagnostics);
  result.path_unusable_ = compiled.path_unusable;
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
