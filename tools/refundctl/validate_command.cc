// `refundctl validate [--currency C] [--alias a=b ...] [ORDERS|-]`: reads orders as orders.md
// frames them and prints one line per record, {"line":N,"order_id":..,"ok":true} or the
// decisions.md error record. Exit 1 when any order is invalid or the input cannot be read to its
// end, 2 when ORDERS names nothing usable (missing, a directory, a device, unreadable).
#include <iostream>

#include <nlohmann/json.hpp>

#include "refund/policy.h"
#include "tools/refundctl/commands.h"
#include "tools/refundctl/order_input.h"
#include "tools/refundctl/output.h"

namespace refundctl {
namespace {

std::string OkRecordJson(int64_t line, const std::string& order_id) {
  nlohmann::ordered_json record;
  record["line"] = line;
  record["order_id"] = order_id;
  record["ok"] = true;
  return record.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

int RunValidate(const OrderInputOptions& options) {
  refund::OrderSettings settings = MakeOrderSettings(options);
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
  auto options = std::make_shared<OrderInputOptions>();
  CLI::App* command = app.add_subcommand(
      "validate", "check orders against the order format; one JSON line per order on stdout");
  AddOrderInputOptions(*command, *options);
  command->callback([options, &exit_code] { exit_code = RunValidate(*options); });
}

}  // namespace refundctl
