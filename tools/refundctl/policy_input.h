// What the policy-reading subcommands (eval, explain, diff) share: compiling a POLICY with its
// problems reported on stderr, and the --policy, --lang and ORDERS arguments.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "refund/policy.h"

namespace refundctl {

// Prints the compile's errors (every diagnostic when it failed) to stderr; true when it compiled.
bool ReportCompile(const refund::CompileResult& compiled);

void AddPolicyOption(CLI::App& command, std::string& policy);
void AddLanguageOption(CLI::App& command, std::string& lang);
void AddOrdersArgument(CLI::App& command, std::string& path);
refund::Language LanguageOf(const std::string& lang);

}  // namespace refundctl
