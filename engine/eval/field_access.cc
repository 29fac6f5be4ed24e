// Reading order fields by schema index: the one place that maps a field path to the typed
// order's members. Each schema field is resolved once to a FieldId, so a read is a switch.
#include <algorithm>
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

// FieldId by schema index, made when the program starts (schema::Fields is a constexpr table,
// ready before any initialiser runs), so that readers index it with no initialisation guard.
const std::vector<FieldId> kFieldIds = [] {
  std::vector<FieldId> out;
  for (const schema::Field& f : schema::Fields()) out.push_back(Resolve(f.path));
  return out;
}();

const std::vector<FieldId>& FieldIds() { return kFieldIds; }

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

// A numeric field as the order stores it: a whole number (money in minor units, instants in
// microseconds, quantities) or an exact Ratio (usage). `type` stays kUnknown for a field that is
// not numeric. Inlined into its callers, like TextOf; nothing is copied but the one word.
struct StoredNumber {
  Type type = Type::kUnknown;
  bool present = false;
  int64_t whole = 0;
  const Ratio* exact = nullptr;  // when the field is stored as a Ratio
};

StoredNumber WholeField(Type type, bool present, int64_t value) { return {type, present, value, nullptr}; }
StoredNumber InstantField(const std::optional<Instant>& t) {
  return WholeField(Type::kInstant, t.has_value(), t ? t->micros : 0);
}
StoredNumber ExactField(const std::optional<Ratio>& r) { return {Type::kNumber, r.has_value(), 0, r ? &*r : nullptr}; }

[[gnu::always_inline]] inline StoredNumber NumberOf(FieldId id, const Scope& scope) {
  const Order& o = *scope.order;
  const Item* it = scope.item;
  const bool term = it && it->term;
  switch (id) {
    case FieldId::kCreatedAt: return InstantField(o.created_at);
    case FieldId::kPaidAt: return InstantField(o.paid_at);
    case FieldId::kRequestAt: return InstantField(o.request.at);
    case FieldId::kEntryAt: return scope.entry ? InstantField(scope.entry->at) : InstantField(std::nullopt);
    case FieldId::kTermStart: return term ? InstantField(it->term->start) : InstantField(std::nullopt);
    case FieldId::kTermEnd: return term ? InstantField(it->term->end) : InstantField(std::nullopt);
    case FieldId::kItemListPrice: return WholeField(Type::kMoney, it, it ? it->list_price.minor() : 0);
    case FieldId::kPaidCash: return WholeField(Type::kMoney, it, it ? it->paid.cash : 0);
    case FieldId::kPaidStoredCard: return WholeField(Type::kMoney, it, it ? it->paid.stored_card : 0);
    case FieldId::kPaidVoucher: return WholeField(Type::kMoney, it, it ? it->paid.voucher : 0);
    case FieldId::kPaidCoupon: return WholeField(Type::kMoney, it, it ? it->paid.coupon : 0);
    case FieldId::kItemQuantity: return WholeField(Type::kNumber, it, it ? it->quantity : 0);
    case FieldId::kUsageUsed: return it && it->usage ? ExactField(it->usage->used) : ExactField(std::nullopt);
    case FieldId::kUsageTotal: return it && it->usage ? ExactField(it->usage->total) : ExactField(std::nullopt);
    default: return {};
  }
}

Value List(const std::vector<std::string>& items) {
  Value v;
  v.type = Type::kStrings;
  v.present = true;
  for (const auto& s : items) v.list.push_back(s);
  return v;
}

// In the items' order; n log n in the request's size (IsRequested per item would be quadratic).
Value RequestedIds(const Order& o) {
  Value v = List({});
  if (!o.request.items_given) {  // every line when the request names none
    for (const Item& item : o.items) v.list.push_back(item.id);
    return v;
  }
  std::vector<int> named(o.request.items.begin(), o.request.items.end());
  std::sort(named.begin(), named.end());
  named.erase(std::unique(named.begin(), named.end()), named.end());
  for (int i : named)
    if (i >= 0 && static_cast<size_t>(i) < o.items.size()) v.list.push_back(o.items[i].id);
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
  if (const StoredNumber n = NumberOf(id, scope); n.type != Type::kUnknown)
    return n.present ? Value::Number(n.type, n.exact ? *n.exact : Ratio(n.whole)) : Value::Missing();
  return OtherField(id, scope);
}

// The typed readers below answer their own fields in a few instructions; any other field goes
// through ReadField here, out of line, so that their fast paths need no stack frame.
namespace {

[[gnu::noinline]] std::optional<Ratio> NumberFromValue(int field, const Scope& scope) {
  Value v = ReadField(field, scope);
  return v.present && v.type != Type::kString && v.type != Type::kStrings && v.type != Type::kBool
             ? std::optional<Ratio>(v.number) : std::nullopt;
}

[[gnu::noinline]] std::optional<std::string_view> TextFromValue(int field, const Scope& scope) {
  Value v = ReadField(field, scope);
  return v.present && v.type == Type::kString ? std::optional<std::string_view>(v.text) : std::nullopt;
}

}  // namespace

std::optional<Ratio> ReadNumber(int field, const Scope& scope) {
  if (const StoredNumber n = NumberOf(FieldIds()[field], scope); n.type != Type::kUnknown)
    return n.present ? std::optional<Ratio>(n.exact ? *n.exact : Ratio(n.whole)) : std::nullopt;
  return NumberFromValue(field, scope);
}

WordNumber ReadWordNumber(int field, const Scope& scope) {
  if (const StoredNumber n = NumberOf(FieldIds()[field], scope); n.type != Type::kUnknown)
    return !n.present ? WordNumber::Missing() : n.exact ? WordNumber::Of(*n.exact) : WordNumber::Whole(n.whole);
  return WordNumber::Of(NumberFromValue(field, scope));
}

std::optional<std::string_view> ReadText(int field, const Scope& scope) {
  bool text = false;
  std::optional<std::string_view> t = TextOf(FieldIds()[field], scope, text);
  return text ? t : TextFromValue(field, scope);
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
