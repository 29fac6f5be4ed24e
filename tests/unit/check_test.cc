// The check stage's condition algebra: which conditions cover which, and what is left over.
#include <doctest/doctest.h>

#include "engine/check/region.h"
#include "engine/model/expr_checker.h"

namespace {

using refund::check::Region;
using refund::check::Space;

struct Conditions {
  refund::model::Policy policy;
  std::vector<std::string> payment_types{"subscription", "pay_as_you_go"};
  Space space{policy};

  Region Of(std::string_view text) {
    refund::model::ExprScope scope;
    scope.item = true;
    scope.payment_types = &payment_types;
    std::vector<refund::model::ExprIssue> issues;
    auto expr = refund::model::CompileExprText(text, refund::model::Type::kBool, scope, issues);
    REQUIRE_MESSAGE(expr, text);
    auto region = space.FromCondition(*expr);
    REQUIRE(region);
    return *region;
  }
  // Whether the `earlier` conditions together take everything `later` allows.
  bool Covers(std::vector<std::string_view> earlier, std::string_view later) {
    Region rest = Of(later);
    for (auto e : earlier) rest = space.Subtract(rest, Of(e));
    return rest.empty();
  }
};

TEST_CASE("a rule testing a subset of a later rule's conditions shadows it") {
  struct Row { std::vector<std::string_view> earlier; std::string_view later; bool covered; };
  const Row rows[] = {
      {{"item.kind in [image, disk]"}, "item.kind == image and item.tags has marketplace", true},
      {{"order.payment_type == subscription"}, "order.payment_type == subscription and order.order_type == new", true},
      {{"order.payment_type == subscription and order.order_type == new"}, "order.payment_type == subscription", false},
      {{"item.kind == image"}, "item.kind in [image, disk]", false},
      {{"order.status == unpaid", "order.status in [cancelled, refunded]"}, "order.status != paid", true},
      {{"item.tags has trial"}, "not (item.tags has trial) and item.kind == disk", false},
      {{"item.tags has trial", "not (item.tags has trial)"}, "item.kind == disk", true},
      // `has_any [a, b]` is `has a or has b`:
      {{"item.tags has_any [trial, os]"}, "item.tags has trial", true},
      {{"item.tags has trial"}, "item.tags has_any [trial, os]", false},
      {{"item.tags has trial", "item.tags has os"}, "item.tags has_any [trial, os]", true},
      {{"item.tags has_any [trial, os]"}, "not (item.tags has os) and item.tags has trial", true},
      {{"not (item.tags has_any [trial, os])"}, "item.tags has trial", false},
      {{"not (item.tags has_any [trial, os])", "item.tags has trial", "item.tags has os"}, "item.kind == disk", true},
      {{"item.tags has_any [trial]"}, "account.flags has trial", false},  // another list
  };
  for (const Row& row : rows) {
    Conditions c;
    CHECK_MESSAGE(c.Covers(row.earlier, row.later) == row.covered, row.later);
  }
}

TEST_CASE("every order status covered leaves nothing for a fallback") {
  Conditions c;
  Region rest = Space::Everything();
  for (auto e : {"order.status == unpaid", "order.status in [cancelled, refunded]", "order.status == paid"})
    rest = c.space.Subtract(rest, c.Of(e));
  CHECK(rest.empty());
}

TEST_CASE("a payment type test never covers every order: undeclared types may arrive") {
  Conditions c;
  Region rest = Space::Everything();
  for (auto e : {"order.payment_type == subscription", "order.payment_type == pay_as_you_go"})
    rest = c.space.Subtract(rest, c.Of(e));
  CHECK_FALSE(rest.empty());
}

TEST_CASE("a missing field passes != but fails ==") {
  Conditions c;
  // order.converted_from may be missing: `!= x` holds then, so `== y` does not cover it.
  CHECK_FALSE(c.Covers({"order.converted_from == subscription"}, "order.converted_from != pay_as_you_go"));
  CHECK(c.Covers({"order.converted_from != pay_as_you_go"}, "order.converted_from == subscription"));
}

TEST_CASE("interval tests on one field overlap or leave a hole") {
  Conditions c;
  CHECK(c.Covers({"item.quantity <= 100"}, "item.quantity <= 50"));
  CHECK_FALSE(c.Covers({"item.quantity < 100"}, "item.quantity <= 100"));
  CHECK(c.Covers({"item.quantity < 100", "item.quantity >= 100"}, "item.quantity > 3"));
  Region hole = Space::Everything();
  for (auto e : {"item.quantity < 360", "item.quantity >= 365"}) hole = c.space.Subtract(hole, c.Of(e));
  hole = c.space.WithoutMissing(hole);
  REQUIRE(hole.size() == 1);
  CHECK(c.space.Describe(hole[0]) == "360 <= `item.quantity` < 365");
}

TEST_CASE("a condition asking one field for two values is empty") {
  Conditions c;
  CHECK(c.Of("item.kind == disk and item.kind == image").empty());
  CHECK_FALSE(c.Of("item.kind == disk or item.kind == image").empty());
  CHECK(c.Of("item.quantity > 5 and item.quantity < 2").empty());
}

}  // namespace
