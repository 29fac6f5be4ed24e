// The invariants every decision keeps (decisions.md), checked by the policy-mutation and structure
// fuzzers and their deterministic unit tests: DecisionViolation names the first one `d` breaks, or is null.
//   - one item decision per requested item, in the order's items order;
//   - 0 <= an item's refund <= its refundable amount and <= what it paid in all tenders;
//   - an item's tender parts sum to its refund; the order's parts sum to the total, each the sum
//     of the items' parts of that tender;
//   - item outcome from amounts; order outcome full_refund iff every item is full, no_refund iff
//     the total is 0 (unless cancel, which refunds nothing);
//   - score 0-100; the deadline, when there is one, after request.at.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "refund/decision.h"
#include "refund/order.h"

namespace refund::fuzz {

inline __int128 PaidAll(const Tenders& t) { return __int128{t.cash} + t.stored_card + t.voucher + t.coupon; }

inline const char* DecisionViolation(const Order& order, const Decision& d) {
  // The requested lines in items order, marked once: IsRequested per line would scan
  // request.items for each, quadratic on the structure fuzzer's large orders.
  std::vector<char> named(order.items.size(), !order.request.items_given);
  for (int i : order.request.items) named[i] = 1;
  std::vector<int> requested;
  for (int i = 0; i < static_cast<int>(order.items.size()); ++i)
    if (named[i]) requested.push_back(i);
  if (d.items.size() != requested.size()) return "one item decision per requested item";
  if (d.order_id != order.id) return "decision carries the order id";
  __int128 total = 0;
  std::map<std::string, __int128> by_tender;
  bool all_full = !d.items.empty();
  for (size_t k = 0; k < d.items.size(); ++k) {
    const ItemDecision& item = d.items[k];
    const Item& source = order.items[requested[k]];
    if (item.id != source.id) return "item decisions in the order's items order";
    if (item.refund < 0) return "item refund is not negative";
    if (item.refund > item.refundable) return "item refund within its refundable amount";
    if (item.refund > PaidAll(source.paid)) return "item refund within what it paid";
    __int128 parts = 0;
    for (const TenderAmount& part : item.parts) {
      if (part.minor < 0) return "item tender part is not negative";
      parts += part.minor;
      by_tender[part.tender] += part.minor;
    }
    if (parts != item.refund) return "item tender parts sum to the item refund";
    total += item.refund;
    const Outcome expected = item.refund > 0 && item.refund == item.refundable ? Outcome::kFullRefund
                             : item.refund > 0                                  ? Outcome::kPartialRefund
                                                                                : Outcome::kNoRefund;
    if (item.outcome != expected) return "item outcome agrees with its amounts";
    all_full = all_full && item.outcome == Outcome::kFullRefund;
  }
  if (total != d.refund_total) return "items sum to the order total";
  __int128 parts = 0;
  for (const TenderAmount& part : d.refund_parts) {
    parts += part.minor;
    if (by_tender[part.tender] != part.minor) return "order tender part is the sum of the items' parts";
    by_tender.erase(part.tender);
  }
  for (const auto& [tender, sum] : by_tender)
    if (sum != 0) return "every item tender is among the order's parts";
  if (parts != d.refund_total) return "order tender parts sum to the total";
  if (d.outcome == Outcome::kCancel) {
    if (d.refund_total != 0) return "cancel refunds nothing";
  } else {
    if ((d.outcome == Outcome::kFullRefund) != all_full) return "full_refund iff every item is full";
    if (!all_full && (d.outcome == Outcome::kNoRefund) != (d.refund_total == 0)) return "no_refund iff the total is 0";
  }
  if (d.score < 0 || d.score > 100) return "score within 0-100";
  if (d.deadline && !(*d.deadline > order.request.at)) return "deadline after request.at";
  return nullptr;
}

}  // namespace refund::fuzz
