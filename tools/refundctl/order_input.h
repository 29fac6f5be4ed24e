// What every order-reading subcommand shares: the order options (--currency, --alias), the
// ORDERS argument (`-`, a regular file, a pipe or a FIFO). Error records come from
// refund::ErrorRecordToJson.
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

class OrderStreamBuffer;

// ORDERS, open for streaming. Reading goes straight to the descriptor (read(2)); a read that
// fails midway (an I/O error) ends the stream and is kept, so the command does not take a cut
// input for the whole of it.
class OrdersInput {
 public:
  OrdersInput(std::string path, int fd);
  ~OrdersInput();
  std::istream& stream() { return stream_; }
  // After reading: true when the input was read to its end; otherwise prints one line on stderr
  // naming ORDERS and why, and returns false (exit 1).
  bool ReadToEnd() const;

 private:
  std::string path_;
  std::unique_ptr<OrderStreamBuffer> buffer_;
  std::istream stream_;
};

// ORDERS opened, or nullptr after one line on stderr naming the path and why (exit 2): missing,
// a directory, a device or socket, unreadable. `-` is standard input (refused only when it is a
// directory).
std::unique_ptr<OrdersInput> OpenOrders(const std::string& path);

}  // namespace refundctl
