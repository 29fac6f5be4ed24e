// What the document builders share: the inputs, the language's words and the formatters.
//
// Cost of an explanation: linear in the order's items and the what-ifs' statements, plus
// sorting the ids once (n log n); the re-evaluations behind the statements are whatif's, a
// constant number of evaluations (whatif.cc).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/explain/document.h"

namespace refund::explain {

struct Context {
  const Inputs& in;
  const Words& w;
  // Items and their traces by id (sorted), so that a line is found in log n: a scan per line
  // made a large order's explanation quadratic. Filled by IndexIds.
  std::vector<std::pair<std::string_view, const Item*>> items_by_id;
  std::vector<std::pair<std::string_view, const eval::ItemTrace*>> traces_by_id;

  const Item* ItemById(std::string_view id) const { return Find(items_by_id, id); }
  const eval::ItemTrace* TraceById(std::string_view id) const { return Find(traces_by_id, id); }
  template <class T>
  static const T* Find(const std::vector<std::pair<std::string_view, const T*>>& index, std::string_view id) {
    auto at = std::lower_bound(index.begin(), index.end(), id, [](const auto& e, std::string_view k) { return e.first < k; });
    return at != index.end() && at->first == id ? at->second : nullptr;
  }
  std::string Money(int64_t minor) const {
    return FormatMoney(minor, in.policy.currency.code(), in.policy.currency.digits());
  }
  std::string Date(Instant at) const { return FormatDateTime(at, *in.policy.zone, in.language); }
  std::string Outcome(refund::Outcome o) const {
    switch (o) {
      case Outcome::kCancel: return w.cancel;
      case Outcome::kFullRefund: return w.full_refund;
      case Outcome::kPartialRefund: return w.partial_refund;
      case Outcome::kNoRefund: return w.no_refund;
    }
    return w.no_refund;
  }
  // A policy's own word (`used_days`, `system_disk`, `security-risk`) through its `labels`.
  std::string Words_(std::string_view name) const { return eval::Label(in.policy, name, in.language); }
  std::string Result(refund::Outcome o, int64_t refund) const {
    return o == refund::Outcome::kCancel ? Outcome(o) : Outcome(o) + " " + Money(refund);
  }
};


// Fills c's indexes (ids are unique in a valid order; the first of equal ids wins otherwise).
inline void IndexIds(Context& c) {
  for (const Item& item : c.in.order.items) c.items_by_id.emplace_back(item.id, &item);
  for (const eval::ItemTrace& t : c.in.trace.items) c.traces_by_id.emplace_back(t.id, &t);
  auto by_id = [](const auto& a, const auto& b) { return a.first < b.first; };
  std::stable_sort(c.items_by_id.begin(), c.items_by_id.end(), by_id);
  std::stable_sort(c.traces_by_id.begin(), c.traces_by_id.end(), by_id);
}

// "i-3 (ecs image)": the line's id with its product and kind, as the order names them.
inline std::string ItemLabel(const Context& c, const std::string& id) {
  if (const Item* item = c.ItemById(id)) return fmt::format("{} ({} {})", id, c.Words_(item->product), c.Words_(item->kind));
  return id;
}

void BuildLedger(const Context& c, Document& doc);
void BuildWhatIfs(const Context& c, Document& doc);
void BuildAuthors(const Context& c, Document& doc);

}  // namespace refund::explain
