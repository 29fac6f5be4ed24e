// Fuzz target: any bytes as one order; when it parses, it is decided under rules/cloud-cn and
// rules/cloud-hourly (each compiled once, run from the repository root) and every invariant of
// decisions.md is checked, trapping on the first violation:
//   - one item decision per requested item, in the order's items order;
//   - an item's tender parts sum to its refund; the order's parts sum to the total and each
//     equals the sum of the items' parts of that tender;
//   - 0 <= an item's refund <= its refundable amount <= what it paid in all tenders;
//   - item outcome from amounts; order outcome full_refund iff every item is full, no_refund
//     iff the total is 0 (unless cancel, which refunds nothing).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string_view>

#include "refund/policy.h"

namespace {

using refund::Outcome;

void Require(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "invariant violated: %s\n", what);
  __builtin_trap();
}

// Sums without overflow: the engine caps money at int64, but the fuzzer must not be the one
// that overflows when adding them up.
__int128 PaidAll(const refund::Tenders& t) {
  return __int128{t.cash} + t.stored_card + t.voucher + t.coupon;
}

void CheckDecision(const refund::Order& order, const refund::Decision& d) {
  std::vector<int> requested;
  for (int i = 0; i < static_cast<int>(order.items.size()); ++i)
    if (order.IsRequested(i)) requested.push_back(i);
  Require(d.items.size() == requested.size(), "one item decision per requested item");
  Require(d.order_id == order.id, "decision carries the order id");
  __int128 total = 0;
  std::map<std::string, __int128> by_tender;
  bool all_full = !d.items.empty();
  for (size_t k = 0; k < d.items.size(); ++k) {
    const refund::ItemDecision& item = d.items[k];
    const refund::Item& source = order.items[requested[std::min(k, requested.size() - 1)]];
    Require(item.id == source.id, "item decisions in the order's items order");
    Require(item.refund >= 0, "item refund is not negative");
    Require(item.refund <= item.refundable, "item refund within its refundable amount");
    Require(item.refund <= PaidAll(source.paid), "item refund within what it paid");
    __int128 parts = 0;
    for (const refund::TenderAmount& part : item.parts) {
      Require(part.minor >= 0, "item tender part is not negative");
      parts += part.minor;
      by_tender[part.tender] += part.minor;
    }
    Require(parts == item.refund, "item tender parts sum to the item refund");
    total += item.refund;
    const Outcome expected = item.refund > 0 && item.refund == item.refundable ? Outcome::kFullRefund
                             : item.refund > 0                                  ? Outcome::kPartialRefund
                                                                                : Outcome::kNoRefund;
    Require(item.outcome == expected, "item outcome agrees with its amounts");
    all_full = all_full && item.outcome == Outcome::kFullRefund;
  }
  Require(total == d.refund_total, "items sum to the order total");
  __int128 parts = 0;
  for (const refund::TenderAmount& part : d.refund_parts) {
    parts += part.minor;
    Require(by_tender[part.tender] == part.minor, "order tender part is the sum of the items' parts");
    by_tender.erase(part.tender);
  }
  for (const auto& [tender, sum] : by_tender) Require(sum == 0, "every item tender is among the order's parts");
  Require(parts == d.refund_total, "order tender parts sum to the total");
  if (d.outcome == Outcome::kCancel) {
    Require(d.refund_total == 0, "cancel refunds nothing");
  } else {
    Require((d.outcome == Outcome::kFullRefund) == all_full, "full_refund iff every item is full");
    if (!all_full) Require((d.outcome == Outcome::kNoRefund) == (d.refund_total == 0), "no_refund iff the total is 0");
  }
  Require(d.score >= 0 && d.score <= 100, "score within 0-100");
}

std::shared_ptr<const refund::CompiledPolicy> Load(const char* path) {
  refund::CompileResult compiled = refund::CompilePolicy(path);
  if (!compiled.ok()) {
    std::fprintf(stderr, "%s does not compile; run the fuzzer from the repository root\n", path);
    std::abort();
  }
  return compiled.shared();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::shared_ptr<const refund::CompiledPolicy> policies[] = {Load("rules/cloud-cn"),
                                                                           Load("rules/cloud-hourly")};
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  for (const auto& policy : policies) {
    const refund::OrderResult order = refund::ParseOrder(json, refund::OrderSettingsOf(*policy));
    if (!order.ok()) continue;
    for (refund::Language language : {refund::Language::kEn, refund::Language::kZh}) {
      refund::EvalOptions options;
      options.language = language;
      const refund::Decision decision = refund::Evaluate(*policy, order.value(), options);
      CheckDecision(order.value(), decision);
      if (refund::DecisionToJson(decision).empty()) __builtin_trap();
    }
  }
  return 0;
}
