// refundctl: the command-line front of the engine. It only wires subcommands together: each
// lives in its own file (see commands.h). Usage errors exit 2, `--help` exits 0. Every byte of
// standard output goes through one checked buffer (output.h): a failed write exits 1.
#include <csignal>
#include <iostream>

#include "tools/refundctl/build_info.h"
#include "tools/refundctl/commands.h"
#include "tools/refundctl/output.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  // A file size limit (ulimit -f) makes a write fail with EFBIG, reported like any failed write,
  // instead of killing the process with SIGXFSZ halfway through a file.
  std::signal(SIGXFSZ, SIG_IGN);
  refundctl::CheckedStdout out;
  CLI::App app{"refundctl: refund policies and the orders they decide", "refundctl"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(refundctl::kVersionLine), "print the version, git revision and build type");
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
    exit_code = app.exit(e) == 0 ? 0 : 2;
  } catch (const std::exception& e) {  // e.g. out of memory: a clean failure, never an abort
    std::cerr << "refundctl: " << e.what() << "\n";
    exit_code = 1;
  }
  return refundctl::FinishOutput(exit_code);
}
