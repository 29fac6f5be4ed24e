// refundctl: the command-line front of the engine. It only wires subcommands together: each
// lives in its own file (see commands.h). Usage errors exit 2, `--help` exits 0.
#include <iostream>

#include "tools/refundctl/commands.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  CLI::App app{"refundctl: refund policies and the orders they decide", "refundctl"};
  app.require_subcommand(1);
  int exit_code = 0;
  refundctl::AddValidateCommand(app, exit_code);
  refundctl::AddCheckCommand(app, exit_code);
  refundctl::AddEvalCommand(app, exit_code);
  refundctl::AddTestCommand(app, exit_code);
  refundctl::AddGenCommand(app, exit_code);
  refundctl::AddDiffCommand(app, exit_code);
  refundctl::AddExplainCommand(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return exit_code;
}
