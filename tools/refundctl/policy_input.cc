// Policy arguments shared by subcommands (see policy_input.h).
#include "tools/refundctl/policy_input.h"

#include <iostream>

namespace refundctl {

void PrintUnusablePath(const refund::CompileResult& compiled) {
  for (const refund::Diagnostic& d : compiled.diagnostics()) {
    if (d.severity != refund::Severity::kError) continue;
    std::cerr << "refundctl: " << d.message;
    if (d.help) std::cerr << "; " << *d.help;
    std::cerr << "\n";
  }
}

int ReportCompile(const refund::CompileResult& compiled) {
  if (compiled.path_unusable()) {
    PrintUnusablePath(compiled);
    return 2;
  }
  for (const refund::Diagnostic& d : compiled.diagnostics())
    if (!compiled.ok() || d.severity == refund::Severity::kError) std::cerr << refund::RenderDiagnostic(d);
  return compiled.ok() ? 0 : 1;
}

void AddPolicyOption(CLI::App& command, std::string& policy) {
  command.add_option("--policy", policy, "policy directory or file (POLICY@VERSION for one version)")->required();
}

void AddLanguageOption(CLI::App& command, std::string& lang) {
  command.add_option("--lang", lang, "language of messages and explanations: en (default) or zh")
      ->check(CLI::IsMember({"en", "zh"}));
}

void AddOrdersArgument(CLI::App& command, std::string& path) {
  command.add_option("ORDERS", path, "orders: a file, a pipe or FIFO (JSON Lines or a JSON array), or - for stdin");
}

refund::Language LanguageOf(const std::string& lang) {
  return lang == "zh" ? refund::Language::kZh : refund::Language::kEn;
}

}  // namespace refundctl
