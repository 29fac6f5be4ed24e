// The order vocabulary: every field path a policy may read, with its type and doc (orders.md).
// Shared by check (policies are checked against it), compile and order parsing.
#pragma once

#include <span>
#include <string_view>

namespace refund::schema {

enum class FieldType {
  kString,       // free text: ids, product codes, kinds
  kEnum,         // one of `values`
  kPaymentType,  // a billing method, resolved through the policy's aliases
  kStrings,      // an array of strings: tags, flags
  kInstant,      // an RFC 3339 timestamp
  kMoney,        // a decimal string in the order's currency
  kNumber,       // an exact non-negative number: quantities, usage
  kBool,
  kRecords,      // an array of records (history.refunds); its fields are listed with `[]`
};

// One readable field. `path` is how a policy names it: `order.status`, `item.kind`,
// `item.paid.cash`, `account.flags`, `request.at`, `history.refunds`, and the fields of one
// history entry as `refund.at`, `refund.product`, ...
struct Field {
  std::string_view path;
  FieldType type;
  bool required;                          // always present in a valid order
  std::span<const std::string_view> values;  // for kEnum
  std::string_view doc;
};

// Every field, in orders.md order.
std::span<const Field> Fields();
// nullptr when no field has that path.
const Field* FindField(std::string_view path);

// The canonical billing methods of orders.md, and those whose lines must carry a `term`.
std::span<const std::string_view> CanonicalPaymentTypes();
bool PaymentTypeRequiresTerm(std::string_view canonical);

std::string_view FieldTypeName(FieldType type);

}  // namespace refund::schema
