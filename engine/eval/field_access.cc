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

// The text fields, read in place; `handled` is false for a field that is not text.
std::optional<std::string_view> TextOf(FieldId id, const Scope& scope, bool& handled) {
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

Value At(Instant t) { return Value::Number(Type::kInstant, Ratio(t.micros)); }
Value At(const std::optional<Instant>& t) { return t ? At(*t) : Value::Missing(); }
Value Minor(int64_t minor) { return Value::Number(Type::kMoney, Ratio(minor)); }
Value Number(const std::optional<Ratio>& r) { return r ? Value::Number(Type::kNumber, *r) : Value::Missing(); }
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

Value ReadOrderField(FieldId id, const Order& o) {
  switch (id) {
    case FieldId::kCreatedAt: return At(o.created_at);
    case FieldId::kPaidAt: return At(o.paid_at);
    case FieldId::kPromotionRefundable:
      return o.promotion && o.promotion->refundable ? Value::Bool(*o.promotion->refundable) : Value::Missing();
    case FieldId::kAccountFlags: return List(o.account.flags);
    case FieldId::kRequestAt: return At(o.request.at);
    case FieldId::kRequestItems: return RequestedIds(o);
    default: return Value::Missing();
  }
}

Value ReadItemField(FieldId id, const Item& it) {
  switch (id) {
    case FieldId::kItemTags: return List(it.tags);
    case FieldId::kItemQuantity: return Value::Number(Type::kNumber, Ratio(it.quantity));
    case FieldId::kItemListPrice: return Minor(it.list_price.minor());
    case FieldId::kPaidCash: return Minor(it.paid.cash);
    case FieldId::kPaidStoredCard: return Minor(it.paid.stored_card);
    case FieldId::kPaidVoucher: return Minor(it.paid.voucher);
    case FieldId::kPaidCoupon: return Minor(it.paid.coupon);
    case FieldId::kTermStart: return it.term ? At(it.term->start) : Value::Missing();
    case FieldId::kTermEnd: return it.term ? At(it.term->end) : Value::Missing();
    case FieldId::kUsageUsed: return it.usage ? Number(it.usage->used) : Value::Missing();
    case FieldId::kUsageTotal: return it.usage ? Number(it.usage->total) : Value::Missing();
    default: return Value::Missing();
  }
}

Value ReadEntryField(FieldId id, const HistoryRefund& e) {
  switch (id) {
    case FieldId::kEntryAt: return At(e.at);
    default: return Value::Missing();
  }
}

}  // namespace

Value ReadField(int field, const Scope& scope) {
  FieldId id = FieldIds()[field];
  bool text = false;
  if (std::optional<std::string_view> t = TextOf(id, scope, text); text) return t ? Value::Text(*t) : Value::Missing();
  if (id >= FieldId::kEntryOrderId) return scope.entry ? ReadEntryField(id, *scope.entry) : Value::Missing();
  if (id >= FieldId::kItemId) return scope.item ? ReadItemField(id, *scope.item) : Value::Missing();
  return ReadOrderField(id, *scope.order);
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
  if (list.key_field < 0) return list.others;
  std::optional<std::string_view> key = ReadText(list.key_field, scope);
  if (!key) return list.others;
  auto it = list.by_value.find(*key);
  return it == list.by_value.end() ? list.others : it->second;
}

}  // namespace refund::eval
