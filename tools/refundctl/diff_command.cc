// `refundctl diff --base P1 --candidate P2 [--format text|json|markdown|html] [--max-examples N]
// [--fail-on-change] [--jobs N] ORDERS`: what changes between two policies over a set of orders.
// Exit 1 when a policy does not compile, or when anything changed under --fail-on-change.
#include <iostream>

#include "engine/diff/diff_policies.h"
#include "engine/diff/diff_render.h"
#include "refund/policy.h"
#include "tools/refundctl/commands.h"
#include "tools/refundctl/policy_input.h"
#include "tools/refundctl/order_input.h"

namespace refundctl {
namespace {

struct DiffCommandOptions {
  std::string base;
  std::string candidate;
  std::string format = "text";
  size_t max_examples = 5;
  bool fail_on_change = false;
  int jobs = 1;  // evaluating threads; the report is the same whatever the number
  std::string path = "-";
};

int RunDiff(const DiffCommandOptions& options) {
  refund::CompileResult base = refund::CompilePolicy(options.base);
  refund::CompileResult candidate = refund::CompilePolicy(options.candidate);
  if (!ReportCompile(base) || !ReportCompile(candidate)) return 1;
  std::unique_ptr<std::istream> in = OpenOrders(options.path);
  if (!in) return 2;
  refund::diff::DiffReport report =
      refund::diff::DiffPolicies(base.value(), candidate.value(), *in, {.max_examples = options.max_examples, .jobs = options.jobs});
  if (options.format == "json") std::cout << refund::diff::RenderJson(report);
  else if (options.format == "markdown") std::cout << refund::diff::RenderMarkdown(report);
  else if (options.format == "html") std::cout << refund::diff::RenderHtml(report);
  else std::cout << refund::diff::RenderText(report);
  std::cout.flush();
  return options.fail_on_change && report.changed > 0 ? 1 : 0;
}

}  // namespace

void AddDiffCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DiffCommandOptions>();
  CLI::App* command = app.add_subcommand("diff", "what changes between two policies over a set of orders");
  command->add_option("--base", options->base, "the policy in force (directory or file)")->required();
  command->add_option("--candidate", options->candidate, "the changed policy (directory or file)")->required();
  command->add_option("--format", options->format, "text (default), json, markdown or html")
      ->check(CLI::IsMember({"text", "json", "markdown", "html"}));
  command->add_option("--max-examples", options->max_examples, "examples per transition and per largest list (default 5)");
  command->add_flag("--fail-on-change", options->fail_on_change, "exit 1 when any decision changed");
  command->add_option("--jobs", options->jobs, "evaluate on N threads (default 1); the report is identical whatever N")
      ->check(CLI::PositiveNumber);
  AddOrdersArgument(*command, options->path);
  command->callback([options, &exit_code] { exit_code = RunDiff(*options); });
}

}  // namespace refundctl
