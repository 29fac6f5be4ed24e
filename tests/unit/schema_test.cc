// The order vocabulary (engine/schema): every field of orders.md is listed once, with the
// type and enum values the order parser and the policy checker rely on.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/schema/schema.h"

namespace {

using refund::schema::FieldType;

struct Expected {
  std::string_view path;
  FieldType type;
  bool required;
};

// Every field path of orders.md, in its order.
const Expected kOrdersMd[] = {
    {"order.id", FieldType::kString, true},
    {"order.status", FieldType::kEnum, true},
    {"order.order_type", FieldType::kEnum, true},
    {"order.payment_type", FieldType::kPaymentType, true},
    {"order.converted_from", FieldType::kPaymentType, false},
    {"order.created_at", FieldType::kInstant, true},
    {"order.paid_at", FieldType::kInstant, false},
    {"order.currency", FieldType::kString, true},
    {"order.promotion.id", FieldType::kString, false},
    {"order.promotion.refundable", FieldType::kBool, false},
    {"account.id", FieldType::kString, true},
    {"account.entity", FieldType::kString, false},
    {"account.channel", FieldType::kEnum, true},
    {"account.flags", FieldType::kStrings, true},
    {"item.id", FieldType::kString, true},
    {"item.product", FieldType::kString, true},
    {"item.kind", FieldType::kString, true},
    {"item.parent", FieldType::kString, false},
    {"item.tags", FieldType::kStrings, true},
    {"item.quantity", FieldType::kNumber, true},
    {"item.list_price", FieldType::kMoney, true},
    {"item.paid.cash", FieldType::kMoney, true},
    {"item.paid.stored_card", FieldType::kMoney, true},
    {"item.paid.voucher", FieldType::kMoney, true},
    {"item.paid.coupon", FieldType::kMoney, true},
    {"item.term.start", FieldType::kInstant, false},
    {"item.term.end", FieldType::kInstant, false},
    {"item.usage.used", FieldType::kNumber, false},
    {"item.usage.total", FieldType::kNumber, false},
    {"item.state", FieldType::kEnum, true},
    {"request.id", FieldType::kString, false},
    {"request.at", FieldType::kInstant, true},
    {"request.items", FieldType::kStrings, true},
    {"request.reason", FieldType::kString, false},
    {"history.refunds", FieldType::kRecords, true},
    {"refund.order_id", FieldType::kString, true},
    {"refund.product", FieldType::kString, true},
    {"refund.at", FieldType::kInstant, true},
    {"refund.type", FieldType::kEnum, true},
};

std::vector<std::string_view> Values(std::string_view path) {
  const refund::schema::Field* field = refund::schema::FindField(path);
  REQUIRE(field != nullptr);
  return {field->values.begin(), field->values.end()};
}

TEST_CASE("the schema lists every field of orders.md in order, with its type") {
  auto fields = refund::schema::Fields();
  REQUIRE(fields.size() == std::size(kOrdersMd));
  for (size_t i = 0; i < fields.size(); ++i) {
    CAPTURE(kOrdersMd[i].path);
    CHECK(fields[i].path == kOrdersMd[i].path);
    CHECK(fields[i].type == kOrdersMd[i].type);
    CHECK(fields[i].required == kOrdersMd[i].required);
    CHECK_FALSE(fields[i].doc.empty());
  }
}

TEST_CASE("field paths are unique and found by name") {
  std::set<std::string_view> seen;
  for (const auto& field : refund::schema::Fields()) {
    CHECK(seen.insert(field.path).second);
    CHECK(refund::schema::FindField(field.path) == &field);
  }
  CHECK(refund::schema::FindField("order.payed_at") == nullptr);
  CHECK(refund::schema::FindField("") == nullptr);
}

TEST_CASE("only enumerated fields have values") {
  for (const auto& field : refund::schema::Fields()) {
    CAPTURE(field.path);
    CHECK((field.type == FieldType::kEnum) == !field.values.empty());
  }
}

TEST_CASE("enumerated fields hold the values of orders.md") {
  using V = std::vector<std::string_view>;
  CHECK(Values("order.status") == V{"unpaid", "paid", "cancelled", "refunded"});
  CHECK(Values("order.order_type") == V{"new", "renewal", "upgrade", "downgrade"});
  CHECK(Values("account.channel") == V{"direct", "reseller"});
  CHECK(Values("item.state") == V{"active", "not_started", "released", "expired", "failed"});
  CHECK(Values("refund.type") == V{"no_reason", "partial", "full", "cancel"});
}

TEST_CASE("canonical payment types and the ones that need a term") {
  auto types = refund::schema::CanonicalPaymentTypes();
  CHECK(std::vector<std::string_view>(types.begin(), types.end()) ==
        std::vector<std::string_view>{"subscription", "pay_as_you_go", "resource_plan",
                                      "reserved_instance", "savings_plan"});
  CHECK(refund::schema::PaymentTypeRequiresTerm("subscription"));
  CHECK(refund::schema::PaymentTypeRequiresTerm("resource_plan"));
  CHECK(refund::schema::PaymentTypeRequiresTerm("reserved_instance"));
  CHECK(refund::schema::PaymentTypeRequiresTerm("savings_plan"));
  CHECK_FALSE(refund::schema::PaymentTypeRequiresTerm("pay_as_you_go"));
  CHECK_FALSE(refund::schema::PaymentTypeRequiresTerm("prepaid"));  // aliases resolve first
  CHECK_FALSE(refund::schema::PaymentTypeRequiresTerm("barter"));
}

TEST_CASE("every field type has a distinct name") {
  std::set<std::string_view> names;
  for (FieldType type : {FieldType::kString, FieldType::kEnum, FieldType::kPaymentType,
                         FieldType::kStrings, FieldType::kInstant, FieldType::kMoney,
                         FieldType::kNumber, FieldType::kBool, FieldType::kRecords}) {
    CHECK(names.insert(refund::schema::FieldTypeName(type)).second);
  }
  CHECK(refund::schema::FieldTypeName(FieldType::kMoney) == "money");
}

}  // namespace
