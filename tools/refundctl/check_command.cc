// `refundctl check [--format text|json] [--werror] POLICY...`: load, check and compile each policy and print
// every diagnostic (sorted by place). Exit 1 when any policy has an error; 2 when a POLICY names
// nothing to load (missing, a directory without a policy, unreadable: one line on stderr).
#include <fmt/format.h>

#include <iostream>

#include "engine/compile/tree.h"
#include "refund/policy.h"
#include "tools/refundctl/commands.h"
#include "tools/refundctl/policy_input.h"

namespace refundctl {
namespace {

struct CheckOptions {
  std::vector<std::string> policies;
  std::string format = "text";
  bool dump = false;
  bool werror = false;
};

// `--dump`: the evaluation tree; for an effective-dated policy, every version's, earliest first,
// each under the date it comes into force.
void Dump(const refund::CompiledPolicy& compiled) {
  if (compiled.versions().empty()) {
    std::cout << refund::compile::DumpTree(compiled.model(), compiled.tree());
    return;
  }
  const char* anchor = compiled.anchor() == refund::VersionAnchor::kPaidAt ? "order.paid_at" : "request.at";
  for (const refund::PolicyVersion& version : compiled.versions()) {
    const refund::model::Policy& model = version.policy->model();
    const std::string from = model.zone ? model.zone->Format(version.effective_from).value_or(refund::FormatUtc(version.effective_from))
                                        : refund::FormatUtc(version.effective_from);
    std::cout << fmt::format("== version {}, in force from {} (by {})\n", model.version, from, anchor);
    std::cout << refund::compile::DumpTree(model, version.policy->tree());
  }
}

int RunCheck(const CheckOptions& options) {
  bool failed = false, unusable = false;
  for (const std::string& path : options.policies) {
    refund::CompileResult result = refund::CompilePolicy(path);
    if (result.path_unusable()) {
      PrintUnusablePath(result);
      unusable = true;
      continue;
    }
    size_t warnings = 0;
    for (refund::Diagnostic d : result.diagnostics()) {
      if (options.werror) d.severity = refund::Severity::kError;
      warnings += d.severity == refund::Severity::kWarning;
      if (options.format == "json") std::cout << refund::DiagnosticToJson(d) << "\n";
      else std::cout << refund::RenderDiagnostic(d);
    }
    failed = failed || !result.ok() || (options.werror && !result.diagnostics().empty());
    if (options.dump && result.ok()) Dump(result.value());
    if (options.format == "text") {
      size_t errors = result.diagnostics().size() - warnings;
      const bool ok = result.ok() && !(options.werror && !result.diagnostics().empty());
      std::cerr << path << ": " << (ok ? "ok" : "failed") << " (" << errors << " error"
                << (errors == 1 ? "" : "s") << ", " << warnings << " warning" << (warnings == 1 ? "" : "s") << ")\n";
    }
  }
  return unusable ? 2 : failed ? 1 : 0;
}

}  // namespace

void AddCheckCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* command = app.add_subcommand("check", "load, check and compile policies; print diagnostics");
  command->add_option("POLICY", options->policies, "policy directory or file")->required();
  command->add_option("--format", options->format, "text (default) or json (one diagnostic per line)")
      ->check(CLI::IsMember({"text", "json"}));
  command->add_flag("--dump", options->dump, "print the compiled evaluation tree");
  command->add_flag("--werror", options->werror, "treat warnings as errors (printed as errors, exit 1)");
  command->callback([options, &exit_code] { exit_code = RunCheck(*options); });
}

}  // namespace refundctl
