// `refundctl explain --policy P [--lang en|zh] [--order ID] [--format text|markdown|json] [--trace]
// [ORDERS|-]`: for each order (or only the one with id ID), its explanation: text for a
// terminal, Markdown for a ticket, one JSON object per line for a UI. Invalid orders print their
// error record; exit 1 when the policy does not compile or any order is invalid, 2 when POLICY or
// ORDERS names nothing usable.
#include <iostream>

#include "refund/explain.h"
#include "tools/refundctl/commands.h"
#include "tools/refundctl/number_options.h"
#include "tools/refundctl/output.h"
#include "tools/refundctl/policy_input.h"
#include "tools/refundctl/order_input.h"

namespace refundctl {
namespace {

struct ExplainCommandOptions {
  std::string policy;
  std::string lang = "en";
  std::string format = "text";
  std::string order;
  std::string path = "-";
  bool trace = false;
  int width = 80;
};

int RunExplain(const ExplainCommandOptions& options) {
  refund::CompileResult compiled = refund::CompilePolicy(options.policy);
  if (int failed = ReportCompile(compiled)) return failed;
  std::unique_ptr<OrdersInput> in = OpenOrders(options.path);
  if (!in) return 2;
  refund::OrderSettings settings = refund::OrderSettingsOf(compiled.value());
  refund::ExplainOptions explain;
  explain.language = LanguageOf(options.lang);
  explain.format = options.format == "markdown" ? refund::ExplainFormat::kMarkdown
                   : options.format == "json"   ? refund::ExplainFormat::kJson
                                                : refund::ExplainFormat::kText;
  explain.trace = options.trace;
  explain.width = options.width;
  refund::OrderReader reader(in->stream());
  bool any_invalid = false, first = true, found = options.order.empty();
  while (OutputOk()) {
    std::optional<refund::InputRecord> record = reader.Next();
    if (!record) break;
    refund::OrderResult order = record->error ? refund::OrderResult::Invalid(std::nullopt, *record->error)
                                              : refund::ParseOrder(record->text, settings);
    if (!options.order.empty() && order.order_id() != options.order) continue;
    found = true;
    if (!order.ok()) {
      any_invalid = true;
      std::cout << refund::ErrorRecordToJson(record->number, order.order_id(), order.error()) << "\n";
      continue;
    }
    if (!first && explain.format != refund::ExplainFormat::kJson) std::cout << "\n";
    first = false;
    std::cout << refund::Explain(compiled.value(), order.value(), explain);
    if (explain.format == refund::ExplainFormat::kJson) std::cout << "\n";
  }
  if (!OutputOk()) return 1;  // main() says why
  if (!in->ReadToEnd()) return 1;
  if (!found) {
    std::cerr << "refundctl: no order `" << options.order << "` in the input\n";
    return 1;
  }
  return any_invalid ? 1 : 0;
}

}  // namespace

void AddExplainCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExplainCommandOptions>();
  CLI::App* command = app.add_subcommand("explain", "explain decisions for support staff: summary, ledger, what would change them");
  AddPolicyOption(*command, options->policy);
  AddLanguageOption(*command, options->lang);
  command->add_option("--format", options->format, "text (default), markdown or json")
      ->check(CLI::IsMember({"text", "markdown", "json"}));
  command->add_option("--order", options->order, "explain only the order with this id");
  command->add_flag("--trace", options->trace, "add the full evaluation trace for policy authors");
  command->add_option("--width", options->width, "text: wrap at this many columns, 20 to 1000 (default 80)")
      ->check(WholeNumber(20, 1000));
  AddOrdersArgument(*command, options->path);
  command->callback([options, &exit_code] { exit_code = RunExplain(*options); });
}

}  // namespace refundctl
