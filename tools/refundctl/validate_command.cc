// `refundctl validate [--policy P | --currency C --alias a=b ...] [ORDERS|-]`: reads orders as
// orders.md frames them and prints one line per record, {"line":N,"order_id":..,"ok":true} or the
// decisions.md error record. With --policy the orders are read with the settings `eval` uses
// (refund::OrderSettingsOf: the policy's currency and payment-type aliases, hence the canonical
// types that need a term), so validate accepts exactly what eval would decide. --policy with
// --currency or --alias is a usage error: the policy already says both. Exit 1 when any order is
// invalid, the policy does not compile or the input cannot be read to its end; 2 when POLICY or
// ORDERS names nothing usable (missing, a directory, a device, unreadable).
#include <iostream>

#include <nlohmann/json.hpp>

#include "refund/policy.h"
#include "tools/refundctl/commands.h"
#include "tools/refundctl/order_input.h"
#include "tools/refundctl/output.h"
#include "tools/refundctl/policy_input.h"

namespace refundctl {
namespace {

std::string OkRecordJson(int64_t line, const std::string& order_id) {
  nlohmann::ordered_json record;
  record["line"] = line;
  record["order_id"] = order_id;
  record["ok"] = true;
  return record.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

struct ValidateOptions {
  OrderInputOptions input;
  std::string policy;  // "" = no policy: --currency and --alias say what eval's policy would
};

int RunValidate(const ValidateOptions& validate) {
  const OrderInputOptions& options = validate.input;
  refund::OrderSettings settings;
  if (validate.policy.empty()) {
    settings = MakeOrderSettings(options);
  } else {
    if (!options.currency.empty() || !options.aliases.empty()) {
      std::cerr << "refundctl validate: --policy says the currency and the payment-type aliases; "
                   "drop --currency and --alias\n";
      return 2;
    }
    refund::CompileResult compiled = refund::CompilePolicy(validate.policy);
    if (int failed = ReportCompile(compiled)) return failed;
    settings = refund::OrderSettingsOf(compiled.value());
  }
  std::unique_ptr<OrdersInput> in = OpenOrders(options.path);
  if (!in) return 2;
  refund::OrderReader reader(in->stream());
  bool any_invalid = false;
  while (OutputOk()) {
    std::optional<refund::InputRecord> record = reader.Next();
    if (!record) break;
    if (record->error) {
      any_invalid = true;
      std::cout << refund::ErrorRecordToJson(record->number, std::nullopt, *record->error) << "\n";
      continue;
    }
    refund::OrderResult result = refund::ParseOrder(record->text, settings);
    if (result.ok()) {
      std::cout << OkRecordJson(record->number, result.value().id) << "\n";
    } else {
      any_invalid = true;
      std::cout << refund::ErrorRecordToJson(record->number, result.order_id(), result.error()) << "\n";
    }
  }
  if (!OutputOk()) return 1;  // main() says why
  if (!in->ReadToEnd()) return 1;
  return any_invalid ? 1 : 0;
}

}  // namespace

void AddValidateCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command = app.add_subcommand(
      "validate", "check orders against the order format; one JSON line per order on stdout");
  command->footer(
      "With --policy, an order is valid exactly when `eval --policy` would decide it: the policy's\n"
      "currency, its payment-type aliases and the terms their canonical types need are checked.\n"
      "Without --policy these checks cannot be made: the currency (unless --currency), aliased\n"
      "payment types (unless --alias), and the terms of aliased payment types.\n"
      "--policy with --currency or --alias is a usage error (exit 2).");
  command->add_option("--policy", options->policy,
                      "check orders as `eval --policy` reads them (its currency, aliases and terms)");
  AddOrderInputOptions(*command, options->input);
  command->callback([options, &exit_code] { exit_code = RunValidate(*options); });
}

}  // namespace refundctl
