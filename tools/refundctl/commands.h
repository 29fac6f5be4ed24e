// The subcommands of refundctl, one file each (validate_command.cc, ...). Each Add*Command
// registers its subcommand, its options and `--help` on `app`; when the subcommand runs it sets
// `exit_code` (0 ok, 1 bad input or failed check, 2 usage error; see shared spec cli.md).
// A new subcommand is one new file plus one line in main.cc.
#pragma once

#include <CLI/CLI.hpp>

namespace refundctl {

void AddValidateCommand(CLI::App& app, int& exit_code);
void AddCheckCommand(CLI::App& app, int& exit_code);
void AddEvalCommand(CLI::App& app, int& exit_code);
void AddTestCommand(CLI::App& app, int& exit_code);
void AddGenCommand(CLI::App& app, int& exit_code);
void AddDiffCommand(CLI::App& app, int& exit_code);
void AddExplainCommand(CLI::App& app, int& exit_code);

}  // namespace refundctl
