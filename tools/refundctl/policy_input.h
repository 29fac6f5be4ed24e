// What the policy-reading subcommands share: compiling a POLICY with its problems reported on
// stderr, and the --policy, --lang and ORDERS arguments.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "refund/policy.h"

namespace refundctl {

// The exit code of a compile, its problems printed to stderr: 0 when it compiled; 2 when the
// path names nothing to load (one line per problem: the path and why, see PrintUnusablePath);
// 1 when the policy is broken (every diagnostic).
int ReportCompile(const refund::CompileResult& compiled);
// For a compile whose path_unusable(): its errors as single lines, `refundctl: policy `x` not
// found; did you mean `y`?`.
void PrintUnusablePath(const refund::CompileResult& compiled);

void AddPolicyOption(CLI::App& command, std::string& policy);
void AddLanguageOption(CLI::App& command, std::string& lang);
void AddOrdersArgument(CLI::App& command, std::string& path);
refund::Language LanguageOf(const std::string& lang);

}  // namespace refundctl
