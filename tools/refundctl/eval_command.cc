// `refundctl eval --policy P [--format jsonl|table] [--lang en|zh] [--jobs N] [ORDERS|-]`: one decision (or
// error record) per non-blank input line, in input order. Exit 1 when the policy does not
// compile or any order is invalid, 2 when POLICY or ORDERS names nothing usable. Lines are appended
// to one buffer per batch of records and written with one write per batch. When the reader of
// stdout goes away (`| head -1`) the default SIGPIPE ends the process at once, silently, as it
// does `cat`; with SIGPIPE ignored the failed write stops the loop (output.h: exit 1, one line).
// Output is block-buffered, except that whatever has been decided is written out before a read
// that may wait for input (a pipe or terminal with no complete line ready): `eval --policy P -`
// serves as a co-process, one decision line back for each order line written. --line-buffered
// writes after every line (on the calling thread: --jobs is then ignored).
#include <fmt/format.h>

#include <atomic>
#include <iostream>
#include <iterator>

#include "engine/parallel/ordered_records.h"
#include "refund/explain.h"
#include "refund/policy.h"
#include "tools/refundctl/commands.h"
#include "tools/refundctl/number_options.h"
#include "tools/refundctl/output.h"
#include "tools/refundctl/policy_input.h"
#include "tools/refundctl/order_input.h"

namespace refundctl {
namespace {

struct EvalCommandOptions {
  std::string policy;
  std::string format = "jsonl";
  std::string lang = "en";
  std::string path = "-";
  bool explain = false, trace = false;  // --explain, --trace: the decision's `explanation` object
  bool line_buffered = false;           // --line-buffered: write after every line
  int jobs = 1;                         // deciding threads; output is identical whatever the number
};

// Appends the table row of a decision, without its newline.
void AppendTableRow(const refund::Decision& d, std::string& out) {
  std::string_view reason = d.reasons.empty() ? std::string_view() : std::string_view(d.reasons.front().code);
  fmt::format_to(std::back_inserter(out), "{:<12} {:<15} {:>12} {:<7} {}", d.order_id, refund::OutcomeName(d.outcome),
                 refund::FormatMinor(d.refund_total, d.currency_digits), d.review ? "review" : "auto", reason);
}

// Writes `text` to stdout in one call; false when that or an earlier write failed.
bool Write(std::string_view text) {
  std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
  return OutputOk();
}

int RunEval(const EvalCommandOptions& options) {
  refund::CompileResult compiled = refund::CompilePolicy(options.policy);
  if (int failed = ReportCompile(compiled)) return failed;
  std::unique_ptr<OrdersInput> in = OpenOrders(options.path);
  if (!in) return 2;
  refund::OrderSettings settings = refund::OrderSettingsOf(compiled.value());
  refund::EvalOptions eval_options;
  eval_options.language = LanguageOf(options.lang);
  const bool table = options.format == "table";
  if (table) Write(fmt::format("{:<12} {:<15} {:>12} {:<7} {}\n", "order", "outcome", "refund", "route", "main reason"));
  refund::OrderReader reader(in->stream());
  std::atomic<bool> any_invalid = false;
  // One output line per record, appended to its batch's text on --jobs threads; the batches are
  // written in input order.
  auto decide = [&](const refund::InputRecord& record, std::string& out) {
    // Reused from line to line on each thread: reading and deciding an order then allocate
    // (almost) nothing.
    thread_local refund::Order order;
    thread_local refund::Decision decision;
    std::optional<refund::OrderResult> invalid =
        record.error ? refund::OrderResult::Invalid(std::nullopt, *record.error)
                     : refund::ParseOrderInto(record.text, settings, order);
    if (invalid) {
      any_invalid.store(true, std::memory_order_relaxed);
      if (table) fmt::format_to(std::back_inserter(out), "{:<12} {:<15} {}: {}", invalid->order_id().value_or("(line " + std::to_string(record.number) + ")"), "invalid", invalid->error().path, invalid->error().message);
      else refund::AppendErrorRecordJson(record.number, invalid->order_id(), invalid->error(), out);
      out += '\n';
      return;
    }
    refund::Evaluate(compiled.value(), order, eval_options, decision);
    if (table) AppendTableRow(decision, out);
    else if (options.explain || options.trace) out += refund::DecisionWithExplanation(compiled.value(), order, {.language = eval_options.language, .trace = options.trace});
    else refund::AppendDecisionJson(decision, out);
    out += '\n';
  };
  if (options.line_buffered) {
    refund::InputRecord record;
    std::string line;
    while (OutputOk() && reader.Next(record)) {
      line.clear();
      decide(record, line);
      Write(line);
      std::cout.flush();
    }
  } else {
    refund::parallel::ForEachBatchInOrder<std::string>(
        reader, options.jobs, decide, [](std::string& lines) { return Write(lines); },
        [] { std::cout.flush(); });
  }
  if (!OutputOk()) return 1;  // main() says why
  if (!in->ReadToEnd()) return 1;
  return any_invalid ? 1 : 0;
}

}  // namespace

void AddEvalCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<EvalCommandOptions>();
  CLI::App* command = app.add_subcommand("eval", "decide orders under a policy; one decision per input line");
  AddPolicyOption(*command, options->policy);
  command->add_option("--format", options->format, "jsonl (default) or table")->check(CLI::IsMember({"jsonl", "table"}));
  AddLanguageOption(*command, options->lang);
  command->add_flag("--explain", options->explain, "add each decision's explanation (JSON) as `explanation`");
  command->add_flag("--trace", options->trace, "add the explanation with the full evaluation trace, for policy authors");
  AddJobsOption(*command, options->jobs, "output is identical, in input order");
  command->add_flag("--line-buffered", options->line_buffered,
                    "write each decision as soon as it is made (one thread; --jobs is ignored)");
  AddOrdersArgument(*command, options->path);
  command->callback([options, &exit_code] { exit_code = RunEval(*options); });
}

}  // namespace refundctl
