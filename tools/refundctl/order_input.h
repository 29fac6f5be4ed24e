// What every order-reading subcommand shares: the order options (--currency, --alias), the
// ORDERS argument (a file or `-`). Error records come from refund::ErrorRecordToJson.
#pragma once

#include <istream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "refund/order.h"

namespace refundctl {

struct OrderInputOptions {
  std::string currency;              // "" = any currency
  std::vector<std::string> aliases;  // "alias=canonical"
  std::string path = "-";            // "-" = standard input
};

// Registers --currency, --alias and the optional ORDERS positional on `command`.
void AddOrderInputOptions(CLI::App& command, OrderInputOptions& options);

// The settings the options describe; throws CLI::ValidationError (a usage error) when the
// currency is unknown or an alias is not `alias=canonical`.
refund::OrderSettings MakeOrderSettings(const OrderInputOptions& options);

// The stream to read orders from, or nullptr after printing why to stderr (exit 2).
std::unique_ptr<std::istream> OpenOrders(const std::string& path);

}  // namespace refundctl
