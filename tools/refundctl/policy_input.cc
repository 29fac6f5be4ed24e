// Policy arguments shared by subcommands (see policy_input.h).
#include "tools/refundctl/policy_input.h"

#include <iostream>

namespace refundctl {

bool ReportCompile(const refund::CompileResult& compiled) {
  for (const refund::Diagnostic& d : compiled.diagnostics())
    if (!compiled.ok() || d.severity == refund::Severity::kError) std::cerr << refund::RenderDiagnostic(d);
  return compiled.ok();
}

void AddPolicyOption(CLI::App& command, std::string& policy) {
  command.add_option("--policy", policy, "policy directory or file (POLICY@VERSION for one version)")->required();
}

void AddLanguageOption(CLI::App& command, std::string& lang) {
  command.add_option("--lang", lang, "language of messages and explanations: en (default) or zh")
      ->check(CLI::IsMember({"en", "zh"}));
}

void AddOrdersArgument(CLI::App& command, std::string& path) {
  command.add_option("ORDERS", path, "orders file (JSON Lines or a JSON array), or - for stdin");
}

refund::Language LanguageOf(const std::string& lang) {
  return lang == "zh" ? refund::Language::kZh : refund::Language::kEn;
}

}  // namespace refundctl
