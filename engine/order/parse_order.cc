// ParseOrder: one JSON text -> a typed, validated Order (orders.md), or the first defect found
// as an OrderError. The one-pass reader (order_fast.cc) takes the common case; everything else,
// every error included, goes to the tree reader here. It checks fields in orders.md order;
// items live in item_decoder.cc and the cross-item rules in item_links.cc. No exception leaves
// this file.
#include <fmt/format.h>

#include <algorithm>
#include <new>

#include "engine/order/order_fast.h"
#include "engine/order/order_parts.h"
#include "refund/order.h"

namespace refund {

OrderResult OrderResult::Valid(Order order) {
  return Valid(std::make_shared<const Order>(std::move(order)));
}

OrderResult OrderResult::Valid(std::shared_ptr<const Order> order) {
  OrderResult result;
  result.order_id_ = order->id;
  result.order_ = std::move(order);
  return result;
}

OrderResult OrderResult::Invalid(std::optional<std::string> order_id, OrderError error) {
  OrderResult result;
  result.order_id_ = std::move(order_id);
  result.error_ = std::move(error);
  return result;
}

bool Order::RequestNames(int index) const {
  return std::find(request.items.begin(), request.items.end(), index) != request.items.end();
}

namespace order {

std::string CanonicalPaymentType(const OrderSettings& settings, std::string_view payment_type) {
  auto alias = settings.payment_type_aliases.find(payment_type);
  return alias == settings.payment_type_aliases.end() ? std::string(payment_type) : alias->second;
}

std::optional<Currency> OrderCurrency(std::string_view code, const OrderSettings& settings,
                                      std::string* why) {
  auto fail = [why](std::string message) -> std::optional<Currency> {
    if (why != nullptr) *why = std::move(message);
    return std::nullopt;
  };
  bool shape = code.size() == 3 && std::all_of(code.begin(), code.end(),
                                               [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!shape) {
    return fail(fmt::format("expected three capital letters (ISO 4217), got {}", Quote(code)));
  }
  std::optional<Currency> currency = Currency::Find(code);
  if (!currency) return fail(fmt::format("unknown currency {}", Quote(code)));
  if (settings.currency && !(*settings.currency == *currency)) {
    return fail(fmt::format("expected the policy's currency {}, got {}",
                            settings.currency->code(), Quote(code)));
  }
  return currency;
}

namespace {

bool ReadCurrency(FieldReader& reader, const Node& node, const OrderSettings& settings,
                  Currency& out) {
  std::string code;
  if (!reader.Require(node) || !reader.String(node, code)) return false;
  std::string why;
  std::optional<Currency> currency = OrderCurrency(code, settings, &why);
  if (!currency) return reader.Fail(node.path, std::move(why));
  out = *currency;
  return true;
}

// id, status, order_type, payment_type, converted_from, created_at, paid_at, currency.
bool ReadHeader(FieldReader& reader, const Node& root, const OrderSettings& settings,
                Order& order) {
  Node id = root.Field("id"), status = root.Field("status"), type = root.Field("payment_type");
  Node created = root.Field("created_at"), paid = root.Field("paid_at");
  order.order_type = "new";
  bool ok = reader.Require(id) && reader.String(id, order.id) && reader.Require(status) &&
            reader.Enum(status, "order.status", order.status) &&
            reader.Enum(root.Field("order_type"), "order.order_type", order.order_type) &&
            reader.Require(type) && reader.String(type, order.payment_type_as_sent) &&
            reader.String(root.Field("converted_from"), order.converted_from) &&
            reader.Require(created) && reader.Time(created, order.created_at) &&
            reader.Time(paid, order.paid_at);
  if (!ok) return false;
  if (!order.paid_at && order.status != "unpaid") {
    return reader.Fail(paid.path, fmt::format("missing required field: a {} order needs paid_at",
                                              order.status));
  }
  order.payment_type = CanonicalPaymentType(settings, order.payment_type_as_sent);
  if (order.converted_from) {
    order.converted_from = CanonicalPaymentType(settings, *order.converted_from);
  }
  return ReadCurrency(reader, root.Field("currency"), settings, order.currency);
}

bool ReadPromotion(FieldReader& reader, const Node& node, std::optional<Promotion>& out) {
  if (!node.present()) return true;
  if (!reader.ExpectKind(node, JsonKind::kObject)) return false;
  Promotion promotion;
  if (!reader.String(node.Field("id"), promotion.id)) return false;
  if (!reader.Bool(node.Field("refundable"), promotion.refundable)) return false;
  out = promotion;
  return true;
}

bool ReadAccount(FieldReader& reader, const Node& node, Account& account) {
  if (!reader.Require(node) || !reader.ExpectKind(node, JsonKind::kObject)) return false;
  Node id = node.Field("id");
  return reader.Require(id) && reader.String(id, account.id) &&
         reader.String(node.Field("entity"), account.entity) &&
         reader.Enum(node.Field("channel"), "account.channel", account.channel) &&
         reader.Strings(node.Field("flags"), account.flags);
}

bool ReadRequest(FieldReader& reader, const Node& node, const std::vector<Item>& items,
                 Request& request) {
  if (!reader.Require(node) || !reader.ExpectKind(node, JsonKind::kObject)) return false;
  Node at = node.Field("at");
  return reader.String(node.Field("id"), request.id) && reader.Require(at) &&
         reader.Time(at, request.at) &&
         ResolveRequestItems(reader, node.Field("items"), items, request) &&
         reader.String(node.Field("reason"), request.reason);
}

bool ReadHistoryRefund(FieldReader& reader, const Node& node, HistoryRefund& out) {
  if (!reader.Require(node) || !reader.ExpectKind(node, JsonKind::kObject)) return false;
  Node order_id = node.Field("order_id"), product = node.Field("product");
  Node at = node.Field("at"), type = node.Field("type");
  return reader.Require(order_id) && reader.String(order_id, out.order_id) &&
         reader.Require(product) && reader.String(product, out.product) &&
         reader.Require(at) && reader.Time(at, out.at) && reader.Require(type) &&
         reader.Enum(type, "refund.type", out.type);
}

bool ReadHistory(FieldReader& reader, const Node& node, std::vector<HistoryRefund>& out) {
  if (!node.present()) return true;
  if (!reader.ExpectKind(node, JsonKind::kObject)) return false;
  Node refunds = node.Field("refunds");
  if (!reader.ExpectKind(refunds, JsonKind::kArray) || !refunds.present()) return !reader.failed();
  if (refunds.value->elements.size() > kMaxHistoryRefunds) {
    return reader.Fail(refunds.path, fmt::format("history holds at most {} refunds, got {}", kMaxHistoryRefunds,
                                                 refunds.value->elements.size()));
  }
  for (size_t i = 0; i < refunds.value->elements.size(); ++i) {
    HistoryRefund refund;
    if (!ReadHistoryRefund(reader, refunds.Element(i), refund)) return false;
    out.push_back(std::move(refund));
  }
  return true;
}

bool ReadOrder(FieldReader& reader, const Node& root, const OrderSettings& settings, Order& order) {
  if (!ReadHeader(reader, root, settings, order)) return false;
  if (!ReadPromotion(reader, root.Field("promotion"), order.promotion)) return false;
  if (!ReadAccount(reader, root.Field("account"), order.account)) return false;
  ItemContext context{order.currency, order.payment_type};
  if (!ReadItems(reader, root.Field("items"), context, order.items)) return false;
  if (!CheckPaidSum(reader, order.items, order.currency)) return false;
  if (!LinkParents(reader, order.items)) return false;
  if (!ReadRequest(reader, root.Field("request"), order.items, order.request)) return false;
  return ReadHistory(reader, root.Field("history"), order.history);
}

}  // namespace

OrderResult ParseOrderTree(std::string_view json, const OrderSettings& settings) {
  try {
    JsonTreeResult tree = ParseJsonTree(json);
    if (!tree.root) {
      return OrderResult::Invalid(tree.root_id, {tree.error_path, tree.error_message});
    }
    FieldReader reader;
    Order parsed;
    if (!ReadOrder(reader, Node{&*tree.root, ""}, settings, parsed)) {
      return OrderResult::Invalid(tree.root_id, reader.error());
    }
    return OrderResult::Valid(std::move(parsed));
  } catch (const std::bad_alloc&) {  // a huge line; never a user error
    return OrderResult::Invalid(std::nullopt, {"", "cannot read order: out of memory"});
  } catch (const std::exception&) {  // no library's words reach an error record
    return OrderResult::Invalid(std::nullopt, {"", "cannot read order"});
  }
}

}  // namespace order

namespace {

// `order` as a default Order, but with the memory of its lists kept (not their contents).
void ClearKeepingMemory(Order& order) {
  std::vector<Item> items = std::move(order.items);
  std::vector<HistoryRefund> history = std::move(order.history);
  std::vector<int> requested = std::move(order.request.items);
  items.clear();
  history.clear();
  requested.clear();
  order = Order();
  order.items = std::move(items);
  order.history = std::move(history);
  order.request.items = std::move(requested);
}

}  // namespace

std::optional<OrderResult> ParseOrderInto(std::string_view json, const OrderSettings& settings, Order& order) {
  try {
    ClearKeepingMemory(order);
    if (order::ParseOrderFast(json, settings, order)) return std::nullopt;
  } catch (const std::exception&) {
    // Out of memory on a huge line: the tree reader below words the error record.
  }
  OrderResult result = order::ParseOrderTree(json, settings);
  if (!result.ok()) return result;
  order = result.value();  // an order only the tree reader reads (rare)
  return std::nullopt;
}

OrderResult ParseOrder(std::string_view json, const OrderSettings& settings) {
  try {
    // Read straight into the order the result shares, rather than moving a finished one
    // there. When the fast reader gives up, the partly read order is dropped. `for_overwrite`
    // default-initialises, as `Order order;` does: every member has its own initialiser, and
    // value-initialising would first zero the whole Order for nothing.
    auto order = std::make_shared_for_overwrite<Order>();
    if (order::ParseOrderFast(json, settings, *order)) return OrderResult::Valid(std::move(order));
  } catch (const std::exception&) {
    // Out of memory on a huge line: the tree reader below words the error record.
  }
  return order::ParseOrderTree(json, settings);
}

}  // namespace refund
