// What the document builders share: the inputs, the language's words and the formatters.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "engine/explain/document.h"

namespace refund::explain {

struct Context {
  const Inputs& in;
  const Words& w;
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


// "i-3 (ecs image)": the line's id with its product and kind, as the order names them.
inline std::string ItemLabel(const Context& c, const std::string& id) {
  for (const Item& item : c.in.order.items)
    if (item.id == id) return fmt::format("{} ({} {})", id, c.Words_(item.product), c.Words_(item.kind));
  return id;
}

void BuildLedger(const Context& c, Document& doc);
void BuildWhatIfs(const Context& c, Document& doc);
void BuildAuthors(const Context& c, Document& doc);

}  // namespace refund::explain
