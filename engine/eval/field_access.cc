// Reading order fields by schema index: the one place that maps a field path to the typed
// order's members.
#include <array>
#include <string_view>

#include "engine/eval/value.h"
#include "engine/schema/schema.h"

namespace refund::eval {
namespace {

using model::Type;

Value Instant_(Instant t) { return Value::Number(Type::kInstant, Ratio(t.micros)); }
Value OptInstant(const std::optional<Instant>& t) { return t ? Instant_(*t) : Value::Missing(); }
Value Money_(int64_t minor) { return Value::Number(Type::kMoney, Ratio(minor)); }
Value OptText(const std::optional<std::string>& s) { return s ? Value::Text(*s) : Value::Missing(); }
Value List(const std::vector<std::string>& items) {
  Value v;
  v.type = Type::kStrings;
  v.present = true;
  for (const auto& s : items) v.list.push_back(s);
  return v;
}

Value ReadOrderField(std::string_view p, const Order& o) {
  if (p == "order.id") return Value::Text(o.id);
  if (p == "order.status") return Value::Text(o.status);
  if (p == "order.order_type") return Value::Text(o.order_type);
  if (p == "order.payment_type") return Value::Text(o.payment_type);
  if (p == "order.converted_from") return OptText(o.converted_from);
  if (p == "order.created_at") return Instant_(o.created_at);
  if (p == "order.paid_at") return OptInstant(o.paid_at);
  if (p == "order.currency") return Value::Text(o.currency.code());
  if (p == "order.promotion.id") return o.promotion ? OptText(o.promotion->id) : Value::Missing();
  if (p == "order.promotion.refundable")
    return o.promotion && o.promotion->refundable ? Value::Bool(*o.promotion->refundable) : Value::Missing();
  if (p == "account.id") return Value::Text(o.account.id);
  if (p == "account.entity") return OptText(o.account.entity);
  if (p == "account.channel") return Value::Text(o.account.channel);
  if (p == "account.flags") return List(o.account.flags);
  if (p == "request.id") return OptText(o.request.id);
  if (p == "request.at") return Instant_(o.request.at);
  if (p == "request.reason") return OptText(o.request.reason);
  if (p == "request.items") {
    Value v = List({});
    for (size_t i = 0; i < o.items.size(); ++i)  // every line when the request names none
      if (o.IsRequested(static_cast<int>(i))) v.list.push_back(o.items[i].id);
    return v;
  }
  return Value::Missing();
}

Value ReadItemField(std::string_view p, const Item& it) {
  if (p == "item.id") return Value::Text(it.id);
  if (p == "item.product") return Value::Text(it.product);
  if (p == "item.kind") return Value::Text(it.kind);
  if (p == "item.parent") return OptText(it.parent);
  if (p == "item.tags") return List(it.tags);
  if (p == "item.quantity") return Value::Number(Type::kNumber, Ratio(it.quantity));
  if (p == "item.list_price") return Money_(it.list_price.minor());
  if (p == "item.paid.cash") return Money_(it.paid.cash);
  if (p == "item.paid.stored_card") return Money_(it.paid.stored_card);
  if (p == "item.paid.voucher") return Money_(it.paid.voucher);
  if (p == "item.paid.coupon") return Money_(it.paid.coupon);
  if (p == "item.term.start") return it.term ? Instant_(it.term->start) : Value::Missing();
  if (p == "item.term.end") return it.term ? Instant_(it.term->end) : Value::Missing();
  if (p == "item.usage.used")
    return it.usage && it.usage->used ? Value::Number(Type::kNumber, *it.usage->used) : Value::Missing();
  if (p == "item.usage.total")
    return it.usage && it.usage->total ? Value::Number(Type::kNumber, *it.usage->total) : Value::Missing();
  if (p == "item.state") return Value::Text(it.state);
  return Value::Missing();
}

Value ReadEntryField(std::string_view p, const HistoryRefund& e) {
  if (p == "refund.order_id") return Value::Text(e.order_id);
  if (p == "refund.product") return Value::Text(e.product);
  if (p == "refund.at") return Instant_(e.at);
  if (p == "refund.type") return Value::Text(e.type);
  return Value::Missing();
}

}  // namespace

Value ReadField(int field, const Scope& scope) {
  std::string_view path = schema::Fields()[field].path;
  if (path.starts_with("item.")) return scope.item ? ReadItemField(path, *scope.item) : Value::Missing();
  if (path.starts_with("refund.")) return scope.entry ? ReadEntryField(path, *scope.entry) : Value::Missing();
  return ReadOrderField(path, *scope.order);
}

}  // namespace refund::eval

namespace refund::eval {

const std::vector<int>& Candidates(const compile::RuleList& list, const Scope& scope) {
  if (list.key_field < 0) return list.others;
  Value key = ReadField(list.key_field, scope);
  if (!key.present) return list.others;
  auto it = list.by_value.find(key.text);
  return it == list.by_value.end() ? list.others : it->second;
}

}  // namespace refund::eval
