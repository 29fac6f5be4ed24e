// The order vocabulary table: every field path of orders.md that a policy may read, with its
// type, whether a valid order always has it (defaults count as present) and a one-line doc.
// The enumerated values here are also what engine/order accepts, so the two cannot drift.
#include "engine/schema/schema.h"

#include <array>

namespace refund::schema {
namespace {

constexpr std::array<std::string_view, 4> kStatus = {"unpaid", "paid", "cancelled", "refunded"};
constexpr std::array<std::string_view, 4> kOrderType = {"new", "renewal", "upgrade", "downgrade"};
constexpr std::array<std::string_view, 2> kChannel = {"direct", "reseller"};
constexpr std::array<std::string_view, 5> kItemState = {"active", "not_started", "released",
                                                        "expired", "failed"};
constexpr std::array<std::string_view, 4> kRefundType = {"no_reason", "partial", "full",
                                                         "cancel"};
constexpr std::array<std::string_view, 5> kCanonical = {
    "subscription", "pay_as_you_go", "resource_plan", "reserved_instance", "savings_plan"};
constexpr std::array<std::string_view, 4> kNeedTerm = {"subscription", "resource_plan",
                                                       "reserved_instance", "savings_plan"};

using T = FieldType;
constexpr std::span<const std::string_view> kNone;

constexpr Field kFields[] = {  // constant-initialised: readable from any static initialiser
    {"order.id", T::kString, true, kNone, "order id"},
    {"order.status", T::kEnum, true, kStatus, "order state now"},
    {"order.order_type", T::kEnum, true, kOrderType,
     "how the order came about (default new)"},
    {"order.payment_type", T::kPaymentType, true, kNone,
     "billing method, canonical after the policy's aliases"},
    {"order.converted_from", T::kPaymentType, false, kNone,
     "billing method before conversion, canonical after the policy's aliases"},
    {"order.created_at", T::kInstant, true, kNone, "when the order was placed"},
    {"order.paid_at", T::kInstant, false, kNone,
     "when payment completed; present unless the order is unpaid"},
    {"order.currency", T::kString, true, kNone, "ISO 4217 code of every amount of the order"},
    {"order.promotion.id", T::kString, false, kNone, "promotion id"},
    {"order.promotion.refundable", T::kBool, false, kNone,
     "false marks a no-refund promotion"},
    {"account.id", T::kString, true, kNone, "account id"},
    {"account.entity", T::kString, false, kNone, "real-name entity owning the account"},
    {"account.channel", T::kEnum, true, kChannel, "how the account buys (default direct)"},
    {"account.flags", T::kStrings, true, kNone,
     "risk or state markers (empty when absent)"},
    {"item.id", T::kString, true, kNone, "line id, unique within the order"},
    {"item.product", T::kString, true, kNone, "product code"},
    {"item.kind", T::kString, true, kNone,
     "what the line is (instance, disk, image, plan, ...)"},
    {"item.parent", T::kString, false, kNone, "id of the item this line is attached to"},
    {"item.tags", T::kStrings, true, kNone,
     "markers "
     "(empty when absent)"},
    {"item.quantity", T::kNumber, true, kNone, "informational count (default 1)"},
    {"item.list_price", T::kMoney, true, kNone, "list price of the line for its whole term"},
    {"item.paid.cash", T::kMoney, true, kNone, "paid in cash (0 when absent)"},
    {"item.paid.stored_card", T::kMoney, true, kNone, "paid by stored-value card (0 when absent)"},
    {"item.paid.voucher", T::kMoney, true, kNone, "paid by voucher (0 when absent)"},
    {"item.paid.coupon", T::kMoney, true, kNone, "paid by coupon (0 when absent)"},
    {"item.term.start", T::kInstant, false, kNone, "start of the service period paid for"},
    {"item.term.end", T::kInstant, false, kNone,
     "end of the service period paid for (after start)"},
    {"item.usage.used", T::kNumber, false, kNone, "amount of a plan or pack used; 0 = never used"},
    {"item.usage.total", T::kNumber, false, kNone, "amount a plan or pack holds"},
    {"item.state", T::kEnum, true, kItemState,
     "line state (default active); failed = provisioning failed"},
    {"request.id", T::kString, false, kNone, "request id (idempotency key)"},
    {"request.at", T::kInstant, true, kNone, "when the refund is requested: the only \"now\""},
    {"request.items", T::kStrings, true, kNone,
     "ids of the requested lines, in request order (every line when absent)"},
    {"request.reason", T::kString, false, kNone, "the customer's words"},
    {"history.refunds", T::kRecords, true, kNone,
     "the account's earlier refunds, any order (empty when absent)"},
    {"refund.order_id", T::kString, true, kNone, "order of an earlier refund"},
    {"refund.product", T::kString, true, kNone, "product code of an earlier refund"},
    {"refund.at", T::kInstant, true, kNone, "when the earlier refund happened"},
    {"refund.type", T::kEnum, true, kRefundType, "kind of the earlier refund"},
};

}  // namespace

std::span<const Field> Fields() { return kFields; }

const Field* FindField(std::string_view path) {
  for (const Field& field : kFields) {
    if (field.path == path) return &field;
  }
  return nullptr;
}

std::span<const std::string_view> CanonicalPaymentTypes() { return kCanonical; }

bool PaymentTypeRequiresTerm(std::string_view canonical) {
  for (std::string_view type : kNeedTerm) {
    if (type == canonical) return true;
  }
  return false;
}

std::string_view FieldTypeName(FieldType type) {
  switch (type) {
    case T::kString: return "string";
    case T::kEnum: return "enum";
    case T::kPaymentType: return "payment_type";
    case T::kStrings: return "strings";
    case T::kInstant: return "instant";
    case T::kMoney: return "money";
    case T::kNumber: return "number";
    case T::kBool: return "bool";
    case T::kRecords: return "records";
  }
  return "unknown";
}

}  // namespace refund::schema
