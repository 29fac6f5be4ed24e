// `refundctl check [--format text|json] POLICY...`: load, check and compile each policy and print
// every diagnostic (sorted by place). Exit 1 when any policy has an error.
#include <iostream>

#include "engine/compile/tree.h"
#include "refund/policy.h"
#include "tools/refundctl/commands.h"

namespace refundctl {
namespace {

struct CheckOptions {
  std::vector<std::string> policies;
  std::string format = "text";
  bool dump = false;
};

int RunCheck(const CheckOptions& options) {
  bool failed = false;
  for (const std::string& path : options.policies) {
    refund::CompileResult result = refund::CompilePolicy(path);
    size_t warnings = 0;
    for (const refund::Diagnostic& d : result.diagnostics()) {
      warnings += d.severity == refund::Severity::kWarning;
      if (options.format == "json") std::cout << refund::DiagnosticToJson(d) << "\n";
      else std::cout << refund::RenderDiagnostic(d);
    }
    failed = failed || !result.ok();
    if (options.dump && result.ok())
      std::cout << refund::compile::DumpTree(result.value().model(), result.value().tree());
    if (options.format == "text") {
      size_t errors = result.diagnostics().size() - warnings;
      std::cerr << path << ": " << (result.ok() ? "ok" : "failed") << " (" << errors << " error"
                << (errors == 1 ? "" : "s") << ", " << warnings << " warning" << (warnings == 1 ? "" : "s") << ")\n";
    }
  }
  return failed ? 1 : 0;
}

}  // namespace

void AddCheckCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* command = app.add_subcommand("check", "load, check and compile policies; print diagnostics");
  command->add_option("POLICY", options->policies, "policy directory or file")->required();
  command->add_option("--format", options->format, "text (default) or json (one diagnostic per line)")
      ->check(CLI::IsMember({"text", "json"}));
  command->add_flag("--dump", options->dump, "print the compiled evaluation tree");
  command->callback([options, &exit_code] { exit_code = RunCheck(*options); });
}

}  // namespace refundctl
