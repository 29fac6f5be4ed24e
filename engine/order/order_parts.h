// The pieces ParseOrder is made of, one file each: the items (item_decoder.cc) and the checks
// that tie items together (item_links.cc: ids, parents, the requested lines).
#pragma once

#include <string>
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

// Resolves every `parent` to an index: it must name another item, and no item may be its own
// ancestor. Errors point at /items/N/parent.
bool LinkParents(FieldReader& reader, std::vector<Item>& items);

// Resolves `request.items` (a Node at /request/items) to indices: when present, non-empty,
// existing ids, each once.
bool ResolveRequestItems(FieldReader& reader, const Node& ids, const std::vector<Item>& items,
                         Request& request);

}  // namespace refund::order
