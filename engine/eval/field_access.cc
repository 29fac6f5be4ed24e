// Reading order fields by schema index: the one place that maps a field path to the typed
// order's members. Each schema field is resolved once to a FieldId, so a read is a switch.
#include <string_view>
#include <vector>

#include "engine/eval/value.h"
#include "engine/schema/schema.h"

namespace refund::eval {
namespace {

using model::Type;

enum class FieldId : uint8_t {
  kUnknown,
  kOrderId, kStatus, kOrderType, kPaymentType, kConvertedFrom, kCreatedAt, kPaidAt, kCurrency,
  kPromotionId, kPromotionRefundable,
  kAccountId, kAccountEntity, kAccountChannel, kAccountFlags,
  kRequestId, kRequestAt, kRequestReason, kRequestItems,
  kItemId, kItemProduct, kItemKind, kItemParent, kItemTags, kItemQuantity, kItemListPrice,
  kPaidCash, kPaidStoredCard, kPaidVoucher, kPaidCoupon, kTermStart, kTermEnd, kUsageUsed,
  kUsageTotal, kItemState,
  kEntryOrderId, kEntryProduct, kEntryAt, kEntryType,
};

FieldId Resolve(std::string_view path) {
  static const std::pair<std::string_view, FieldId> kPaths[] = {
      {"order.id", FieldId::kOrderId}, {"order.status", FieldId::kStatus},
      {"order.order_type", FieldId::kOrderType}, {"order.payment_type", FieldId::kPaymentType},
      {"order.converted_from", FieldId::kConvertedFrom}, {"order.created_at", FieldId::kCreatedAt},
      {"order.paid_at", FieldId::kPaidAt}, {"order.currency", FieldId::kCurrency},
      {"order.promotion.id", FieldId::kPromotionId}, {"order.promotion.refundable", FieldId::kPromotionRefundable},
      {"account.id", FieldId::kAccountId}, {"account.entity", FieldId::kAccountEntity},
      {"account.channel", FieldId::kAccountChannel}, {"account.flags", FieldId::kAccountFlags},
      {"request.id", FieldId::kRequestId}, {"request.at", FieldId::kRequestAt},
      {"request.reason", FieldId::kRequestReason}, {"request.items", FieldId::kRequestItems},
      {"item.id", FieldId::kItemId}, {"item.product", FieldId::kItemProduct}, {"item.kind", FieldId::kItemKind},
      {"item.parent", FieldId::kItemParent}, {"item.tags", FieldId::kItemTags},
      {"item.quantity", FieldId::kItemQuantity}, {"item.list_price", FieldId::kItemListPrice},
      {"item.paid.cash", FieldId::kPaidCash}, {"item.paid.stored_card", FieldId::kPaidStoredCard},
      {"item.paid.voucher", FieldId::kPaidVoucher}, {"item.paid.coupon", FieldId::kPaidCoupon},
      {"item.term.start", FieldId::kTermStart}, {"item.term.end", FieldId::kTermEnd},
      {"item.usage.used", FieldId::kUsageUsed}, {"item.usage.total", FieldId::kUsageTotal},
      {"item.state", FieldId::kItemState},
      {"refund.order_id", FieldId::kEntryOrderId}, {"refund.product", FieldId::kEntryProduct},
      {"refund.at", FieldId::kEntryAt}, {"refund.type", FieldId::kEntryType}};
  for (const auto& [p, id] : kPaths)
    if (p == path) return id;
  return FieldId::kUnknown;
}

// FieldId by schema index.
const std::vector<FieldId>& FieldIds() {
  static const std::vector<FieldId> ids = [] {
    std::vector<FieldId> out;
    for (const schema::Field& f : schema::Fields()) out.push_back(Resolve(f.path));
    return out;
  }();
  return ids;
}

std::optional<std::string_view> Opt(const std::optional<std::string>& s) {
  return s ? std::optional<std::string_view>(*s) : std::nullopt;
}

// The text fields, read in place; `handled` is false for a field that is not text. Inlined into
// its callers: it is the innermost step of most conditions.
[[gnu::always_inline]] inline std::optional<std::string_view> TextOf(FieldId id, const Scope& scope, bool& handled) {
  handled = true;
  const Order& o = *scope.order;
  const Item* it = scope.item;
  const HistoryRefund* e = scope.entry;
  switch (id) {
    case FieldId::kOrderId: return o.id;
    case FieldId::kStatus: return o.status;
    case FieldId::kOrderType: return o.order_type;
    case FieldId::kPaymentType: return o.payment_type;
    case FieldId::kConvertedFrom: return Opt(o.converted_from);
    case FieldId::kCurrency: return o.currency.code();
    case FieldId::kPromotionId: return o.promotion ? Opt(o.promotion->id) : std::nullopt;
    case FieldId::kAccountId: return o.account.id;
    case FieldId::kAccountEntity: return Opt(o.account.entity);
    case FieldId::kAccountChannel: return o.account.channel;
    case FieldId::kRequestId: return Opt(o.request.id);
    case FieldId::kRequestReason: return Opt(o.request.reason);
    case FieldId::kItemId: return it ? std::optional<std::string_view>(it->id) : std::nullopt;
    case FieldId::kItemProduct: return it ? std::optional<std::string_view>(it->product) : std::nullopt;
    case FieldId::kItemKind: return it ? std::optional<std::string_view>(it->kind) : std::nullopt;
    case FieldId::kItemParent: return it ? Opt(it->parent) : std::nullopt;
    case FieldId::kItemState: return it ? std::optional<std::string_view>(it->state) : std::nullopt;
    case FieldId::kEntryOrderId: return e ? std::optional<std::string_view>(e->order_id) : std::nullopt;
    case FieldId::kEntryProduct: return e ? std::optional<std::string_view>(e->product) : std::nullopt;
    case FieldId::kEntryType: return e ? std::optional<std::string_view>(e->type) : std::nullopt;
    default: handled = false; return std::nullopt;
  }
}

std::optional<Ratio> Micros(Instant t) { return Ratio(t.micros); }
std::optional<Ratio> Micros(const std::optional<Instant>& t) { return t ? Micros(*t) : std::nullopt; }

// The numeric fields (money in minor units, instants in microseconds, numbers), read in place;
// `type` stays kUnknown for a field that is not numeric. Inlined into its callers, like TextOf.
[[gnu::always_inline]] inline std::optional<Ratio> NumberOf(FieldId id, const Scope& scope, Type& type) {
  const Order& o = *scope.order;
  const Item* it = scope.item;
  switch (id) {
    case FieldId::kCreatedAt: type = Type::kInstant; return Micros(o.created_at);
    case FieldId::kPaidAt: type = Type::kInstant; return Micros(o.paid_at);
    case FieldId::kRequestAt: type = Type::kInstant; return Micros(o.request.at);
    case FieldId::kEntryAt: type = Type::kInstant; return scope.entry ? Micros(scope.entry->at) : std::nullopt;
    case FieldId::kTermStart: type = Type::kInstant; return it && it->term ? Micros(it->term->start) : std::nullopt;
    case FieldId::kTermEnd: type = Type::kInstant; return it && it->term ? Micros(it->term->end) : std::nullopt;
    case FieldId::kItemListPrice: type = Type::kMoney; return it ? std::optional<Ratio>(it->list_price.minor()) : std::nullopt;
    case FieldId::kPaidCash: type = Type::kMoney; return it ? std::optional<Ratio>(it->paid.cash) : std::nullopt;
    case FieldId::kPaidStoredCard: type = Type::kMoney; return it ? std::optional<Ratio>(it->paid.stored_card) : std::nullopt;
    case FieldId::kPaidVoucher: type = Type::kMoney; return it ? std::optional<Ratio>(it->paid.voucher) : std::nullopt;
    case FieldId::kPaidCoupon: type = Type::kMoney; return it ? std::optional<Ratio>(it->paid.coupon) : std::nullopt;
    case FieldId::kItemQuantity: type = Type::kNumber; return it ? std::optional<Ratio>(it->quantity) : std::nullopt;
    case FieldId::kUsageUsed: type = Type::kNumber; return it && it->usage ? it->usage->used : std::nullopt;
    case FieldId::kUsageTotal: type = Type::kNumber; return it && it->usage ? it->usage->total : std::nullopt;
    default: return std::nullopt;
  }
}

Value List(const std::vector<std::string>& items) {
  Value v;
  v.type = Type::kStrings;
  v.present = true;
  for (const auto& s : items) v.list.push_back(s);
  return v;
}

Value RequestedIds(const Order& o) {
  Value v = List({});
  for (size_t i = 0; i < o.items.size(); ++i)  // every line when the request names none
    if (o.IsRequested(static_cast<int>(i))) v.list.push_back(o.items[i].id);
  return v;
}

// The fields that are neither text nor numbers: a flag and the lists.
Value OtherField(FieldId id, const Scope& scope) {
  const Order& o = *scope.order;
  switch (id) {
    case FieldId::kPromotionRefundable:
      return o.promotion && o.promotion->refundable ? Value::Bool(*o.promotion->refundable) : Value::Missing();
    case FieldId::kAccountFlags: return List(o.account.flags);
    case FieldId::kRequestItems: return RequestedIds(o);
    case FieldId::kItemTags: return scope.item ? List(scope.item->tags) : Value::Missing();
    default: return Value::Missing();
  }
}

}  // namespace

Value ReadField(int field, const Scope& scope) {
  FieldId id = FieldIds()[field];
  bool text = false;
  if (std::optional<std::string_view> t = TextOf(id, scope, text); text) return t ? Value::Text(*t) : Value::Missing();
  Type type = Type::kUnknown;
  if (std::optional<Ratio> n = NumberOf(id, scope, type); type != Type::kUnknown)
    return n ? Value::Number(type, *n) : Value::Missing();
  return OtherField(id, scope);
}

std::optional<Ratio> ReadNumber(int field, const Scope& scope) {
  Type type = Type::kUnknown;
  std::optional<Ratio> n = NumberOf(FieldIds()[field], scope, type);
  if (type != Type::kUnknown) return n;
  Value v = ReadField(field, scope);
  return v.present && v.type != Type::kString && v.type != Type::kStrings && v.type != Type::kBool
             ? std::optional<Ratio>(v.number) : std::nullopt;
}

std::optional<std::string_view> ReadText(int field, const Scope& scope) {
  bool text = false;
  std::optional<std::string_view> t = TextOf(FieldIds()[field], scope, text);
  if (text) return t;
  Value v = ReadField(field, scope);
  return v.present && v.type == Type::kString ? std::optional<std::string_view>(v.text) : std::nullopt;
}

const std::vector<std::string>* ReadStoredList(int field, const Scope& scope) {
  switch (FieldIds()[field]) {
    case FieldId::kAccountFlags: return &scope.order->account.flags;
    case FieldId::kItemTags: return scope.item ? &scope.item->tags : nullptr;
    default: return nullptr;
  }
}

const std::vector<int>& Candidates(const compile::RuleList& list, const Scope& scope) {
  const compile::Dispatch* node = &list.dispatch;
  while (!node->leaf()) node = &node->Branch(ReadText(node->key_field, scope));
  return node->candidates;
}

}  // namespace refund::eval
