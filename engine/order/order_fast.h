// The two readers behind ParseOrder, declared apart so that the tests and the fuzz target can
// hold one against the other: the one-pass reader of the common case and the tree reader that
// handles everything and words every error. ParseOrder is ParseOrderFast, else ParseOrderTree.
#pragma once

#include <optional>
#include <string_view>

#include "refund/order.h"

namespace refund::order {

// Reads a valid order straight from the text into an Order, in one pass, without a JSON tree.
// nullopt ("not handled") for every invalid order and for what it leaves to ParseOrderTree:
// strings with escapes, numbers other than plain integers, unknown fields holding objects or
// arrays, `items` before `currency`, more than a few unknown fields in one object. An order it
// returns equals ParseOrderTree's (tests/unit/order_fast_test.cc, tests/fuzz/fuzz_order.cc).
std::optional<Order> ParseOrderFast(std::string_view json, const OrderSettings& settings);
// The same into `order`, a default-constructed Order (ParseOrder reads into the one its result
// shares): true when handled; otherwise `order` holds whatever was read so far.
bool ParseOrderFast(std::string_view json, const OrderSettings& settings, Order& order);

// The general reader: a JSON tree (json_tree.h), then every rule of orders.md in orders.md
// order, the first defect reported with its JSON Pointer.
OrderResult ParseOrderTree(std::string_view json, const OrderSettings& settings);

}  // namespace refund::order
