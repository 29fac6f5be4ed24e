// Reads the `items` array of an order: every field of one line, its tenders, term and usage,
// and the rules that hold across lines while reading (non-empty, unique ids).
#include <fmt/format.h>

#include <map>

#include "engine/order/order_parts.h"
#include "engine/schema/schema.h"

namespace refund::order {
namespace {

bool ReadPaid(FieldReader& reader, const Node& paid, Currency currency, Tenders& out) {
  if (!reader.Require(paid) || !reader.ExpectKind(paid, JsonKind::kObject)) return false;
  return reader.MoneyMinor(paid.Field("cash"), currency, out.cash) &&
         reader.MoneyMinor(paid.Field("stored_card"), currency, out.stored_card) &&
         reader.MoneyMinor(paid.Field("voucher"), currency, out.voucher) &&
         reader.MoneyMinor(paid.Field("coupon"), currency, out.coupon);
}

bool ReadTerm(FieldReader& reader, const Node& node, const ItemContext& context,
              std::optional<Term>& out) {
  if (!node.present()) {
    if (!schema::PaymentTypeRequiresTerm(context.payment_type)) return true;
    return reader.Fail(node.path, fmt::format("missing required field: lines of payment type {} "
                                              "need a term", context.payment_type));
  }
  if (!reader.ExpectKind(node, JsonKind::kObject)) return false;
  Node start = node.Field("start");
  Node end = node.Field("end");
  Term term;
  if (!reader.Require(start) || !reader.Time(start, term.start)) return false;
  if (!reader.Require(end) || !reader.Time(end, term.end)) return false;
  if (term.end <= term.start) {
    return reader.Fail(end.path, fmt::format("term end must be after term start {}, got {}",
                                             ShownPart(start.value->text),
                                             DescribeValue(end.value)));
  }
  out = term;
  return true;
}

bool ReadUsage(FieldReader& reader, const Node& node, std::optional<Usage>& out) {
  if (!node.present()) return true;
  if (!reader.ExpectKind(node, JsonKind::kObject)) return false;
  Usage usage;
  if (!reader.Quantity(node.Field("used"), usage.used)) return false;
  if (!reader.Quantity(node.Field("total"), usage.total)) return false;
  out = usage;
  return true;
}

bool ReadItem(FieldReader& reader, const Node& node, const ItemContext& context, Item& item) {
  if (!reader.Require(node) || !reader.ExpectKind(node, JsonKind::kObject)) return false;
  Node id = node.Field("id"), product = node.Field("product"), kind = node.Field("kind");
  Node price = node.Field("list_price");
  bool ok = reader.Require(id) && reader.String(id, item.id) &&
            reader.Require(product) && reader.String(product, item.product) &&
            reader.Require(kind) && reader.String(kind, item.kind) &&
            reader.String(node.Field("parent"), item.parent) &&
            reader.Strings(node.Field("tags"), item.tags) &&
            reader.Count(node.Field("quantity"), item.quantity);
  if (!ok) return false;
  int64_t list_minor = 0;
  if (!reader.Require(price) || !reader.MoneyMinor(price, context.currency, list_minor)) {
    return false;
  }
  item.list_price = Money(list_minor, context.currency);
  return ReadPaid(reader, node.Field("paid"), context.currency, item.paid) &&
         ReadTerm(reader, node.Field("term"), context, item.term) &&
         ReadUsage(reader, node.Field("usage"), item.usage) &&
         reader.Enum(node.Field("state"), "item.state", item.state);
}

}  // namespace

bool ReadItems(FieldReader& reader, const Node& items, const ItemContext& context,
               std::vector<Item>& out) {
  if (!reader.Require(items) || !reader.ExpectKind(items, JsonKind::kArray)) return false;
  size_t count = items.value->elements.size();
  if (count == 0) return reader.Fail(items.path, "expected at least one item, got an empty array");
  if (count > kMaxOrderItems) {
    return reader.Fail(items.path, fmt::format("an order holds at most {} items, got {}", kMaxOrderItems, count));
  }
  std::map<std::string, size_t, std::less<>> seen;  // id -> index
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    Node node = items.Element(i);
    Item item;
    if (!ReadItem(reader, node, context, item)) return false;
    auto [it, inserted] = seen.emplace(item.id, i);
    if (!inserted) {
      return reader.Fail(node.path + "/id", fmt::format("duplicate item id {}, first at /items/{}",
                                                        Quote(item.id), it->second));
    }
    out.push_back(std::move(item));
  }
  return true;
}

}  // namespace refund::order
