// The pieces ParseOrder is made of, one file each: the items (item_decoder.cc), the checks
// that tie items together (item_links.cc: ids, parents, the requested lines, the paid sum) and
// the header rules both readers share (parse_order.cc). The one-pass reader (order_fast.cc)
// calls the same checks as the tree reader; only the tree reader's errors are ever shown.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/order/field_reader.h"
#include "refund/order.h"

namespace refund::order {

// What reading an item needs from the rest of the order.
struct ItemContext {
  Currency currency;
  std::string payment_type;  // canonical; decides whether a line needs a `term`
};

// Reads `items` (required, non-empty) into `out`, checking every value and that ids are unique.
bool ReadItems(FieldReader& reader, const Node& items, const ItemContext& context,
               std::vector<Item>& out);

// Whether no two items share an id (ReadItems checks this as it reads, to name the first).
bool ItemIdsUnique(const std::vector<Item>& items);

// Resolves every `parent` to an index: it must name another item, and no item may be its own
// ancestor. Errors point at /items/N/parent.
bool LinkParents(FieldReader& reader, std::vector<Item>& items);

// Resolves `request.items` (a Node at /request/items) to indices: when present, non-empty,
// existing ids, each once.
bool ResolveRequestItems(FieldReader& reader, const Node& ids, const std::vector<Item>& items,
                         Request& request);
// The same for ids already read as strings, the array at JSON Pointer `path`.
bool ResolveRequestItems(FieldReader& reader, std::string_view path,
                         std::span<const std::string_view> ids, const std::vector<Item>& items,
                         Request& request);

// Every amount the engine adds up is at most what the order paid in all tenders: refuses an
// order whose payments overflow int64 together, naming the first amount that tips it over.
bool CheckPaidSum(FieldReader& reader, const std::vector<Item>& items, Currency currency);

// `payment_type` through the policy's aliases.
std::string CanonicalPaymentType(const OrderSettings& settings, std::string_view payment_type);

// The currency `code` names when it is three capital letters, in ISO 4217 and the policy's;
// else nullopt and, when `why` is given, the error message.
std::optional<Currency> OrderCurrency(std::string_view code, const OrderSettings& settings,
                                      std::string* why = nullptr);

}  // namespace refund::order
