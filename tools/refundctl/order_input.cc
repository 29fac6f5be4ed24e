// Order input for subcommands: options -> OrderSettings, and opening ORDERS.
#include "tools/refundctl/order_input.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

namespace refundctl {

void AddOrderInputOptions(CLI::App& command, OrderInputOptions& options) {
  command.add_option("--currency", options.currency,
                     "the policy's currency (ISO 4217): orders in another currency are invalid");
  command.add_option("--alias", options.aliases,
                     "a payment-type alias, e.g. postpaid=pay_as_you_go (repeatable)")
      ->type_name("ALIAS=CANONICAL")
      ->expected(1)  // one value per --alias, so a following ORDERS is not taken as an alias
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command.add_option("orders", options.path, "orders as JSON Lines or one JSON array; - for stdin")
      ->type_name("ORDERS");
}

refund::OrderSettings MakeOrderSettings(const OrderInputOptions& options) {
  refund::OrderSettings settings;
  if (!options.currency.empty()) {
    settings.currency = refund::Currency::Find(options.currency);
    if (!settings.currency) {
      throw CLI::ValidationError("--currency", "unknown currency `" + options.currency + "`");
    }
  }
  for (const std::string& alias : options.aliases) {
    size_t eq = alias.find('=');
    if (eq == 0 || eq == std::string::npos || eq + 1 == alias.size()) {
      throw CLI::ValidationError("--alias", "expected ALIAS=CANONICAL, got `" + alias + "`");
    }
    settings.payment_type_aliases[alias.substr(0, eq)] = alias.substr(eq + 1);
  }
  return settings;
}

std::unique_ptr<std::istream> OpenOrders(const std::string& path) {
  if (path == "-") return std::make_unique<std::istream>(std::cin.rdbuf());
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) {
    std::cerr << "refundctl: cannot open " << path << ": " << std::strerror(errno) << "\n";
    return nullptr;
  }
  return file;
}

}  // namespace refundctl
