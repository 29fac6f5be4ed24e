// `refundctl diff --base P1 --candidate P2 [--format text|json|markdown|html] [--max-examples N]
// [--fail-on-change] [--jobs N] ORDERS`: what changes between two policies over a set of orders.
// Exit 1 when a policy does not compile, when any order is invalid under either policy (the report
// still says everything), or when anything changed under --fail-on-change: a decision, or whether
// an order is valid at all. Exit 2 when a POLICY or ORDERS names nothing usable.
#include <algorithm>
#include <iostream>

#include "engine/diff/diff_policies.h"
#include "engine/diff/diff_render.h"
#include "refund/policy.h"
#include "tools/refundctl/commands.h"
#include "tools/refundctl/number_options.h"
#include "tools/refundctl/output.h"
#include "tools/refundctl/policy_input.h"
#include "tools/refundctl/order_input.h"

namespace refundctl {
namespace {

constexpr uint64_t kMaxExamples = 1000;  // --max-examples: examples kept per list

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
  const int base_failed = ReportCompile(base);
  const int candidate_failed = ReportCompile(candidate);
  if (base_failed || candidate_failed) return std::max(base_failed, candidate_failed);
  std::unique_ptr<OrdersInput> in = OpenOrders(options.path);
  if (!in) return 2;
  refund::diff::DiffReport report = refund::diff::DiffPolicies(
      base.value(), candidate.value(), in->stream(), {.max_examples = options.max_examples, .jobs = options.jobs});
  if (!in->ReadToEnd()) return 1;
  if (options.format == "json") std::cout << refund::diff::RenderJson(report);
  else if (options.format == "markdown") std::cout << refund::diff::RenderMarkdown(report);
  else if (options.format == "html") std::cout << refund::diff::RenderHtml(report);
  else std::cout << refund::diff::RenderText(report);
  if (report.invalid > 0) return 1;
  return options.fail_on_change && refund::diff::AnyChange(report) ? 1 : 0;
}

}  // namespace

void AddDiffCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DiffCommandOptions>();
  CLI::App* command = app.add_subcommand("diff", "what changes between two policies over a set of orders");
  command->add_option("--base", options->base, "the policy in force (directory or file)")->required();
  command->add_option("--candidate", options->candidate, "the changed policy (directory or file)")->required();
  command->add_option("--format", options->format, "text (default), json, markdown or html")
      ->check(CLI::IsMember({"text", "json", "markdown", "html"}));
  command->add_option("--max-examples", options->max_examples, "examples per transition and per largest list, 0 to 1000 (default 5)")
      ->check(WholeNumber(0, kMaxExamples));
  command->add_flag("--fail-on-change", options->fail_on_change,
                    "exit 1 when any decision changed, or an order became valid or invalid");
  AddJobsOption(*command, options->jobs, "the report is identical whatever N");
  AddOrdersArgument(*command, options->path);
  command->callback([options, &exit_code] { exit_code = RunDiff(*options); });
}

}  // namespace refundctl
