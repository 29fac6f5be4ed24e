// The request and history parts of a synthetic order (OrderGenerator, see order_generator.h):
// when the request falls relative to the order's instants, which lines it asks for, and the
// account's earlier refunds.
#include "engine/gen/order_generator.h"

namespace refund::gen {

int64_t OrderGenerator::RequestAt(const Timeline& t) {
  const RequestSpec& spec = Pick(profile_.requests);
  const int64_t paid_or_created = t.paid >= 0 ? t.paid : t.created;
  int64_t anchor = paid_or_created;
  if (spec.anchor == "created_at") anchor = t.created;
  else if (spec.anchor == "term.start" && t.has_term) anchor = t.term_start;
  else if (spec.anchor == "term.end" && t.has_term) anchor = t.term_end;
  if (spec.within) return anchor + rng_.Between(spec.within->lo, spec.within->hi);
  const int64_t nudge = spec.nudges[rng_.Below(spec.nudges.size())];
  if (spec.edge_seconds) return anchor + *spec.edge_seconds + nudge;
  return LocalMidnightAfter(anchor, *spec.edge_days) + nudge;
}

void OrderGenerator::WriteRequest(JsonLine& j, int64_t n, const Timeline& t) {
  const int64_t at = RequestAt(t);
  j.Key("request");
  fmt::format_to(std::back_inserter(line_), "{{\"id\":\"R-{}\",\"at\":", n);
  j.Timestamp(at, Offset(at));
  const size_t items = item_products_.size();
  if (items > 1 && rng_.Percent(profile_.request_items_percent)) {
    // A non-empty subset in item order: each line with even chance, the first kept if none was.
    const uint64_t mask = rng_.Below((uint64_t{1} << std::min<size_t>(items, 62)) - 1) + 1;
    j.Key("items"), j.Char('[');
    bool first = true;
    for (size_t i = 0; i < items && i < 62; ++i) {
      if (!(mask >> i & 1)) continue;
      fmt::format_to(std::back_inserter(line_), "{}\"i-{}\"", first ? "" : ",", i + 1);
      first = false;
    }
    j.Char(']');
  }
  const std::string& reason = Pick(profile_.reasons);
  if (!reason.empty()) j.Key("reason"), j.String(reason);
  j.Char('}');
  WriteHistory(j, n, at);
}

void OrderGenerator::WriteHistory(JsonLine& j, int64_t n, int64_t request_at) {
  const HistorySpec& h = profile_.history;
  if (h.counts.empty()) return;
  const int64_t count = Pick(h.counts);
  if (count == 0) return;
  j.Key("history"), j.Raw("{\"refunds\":[");
  for (int64_t k = 0; k < count; ++k) {
    const std::string* product = item_products_.front();
    if (!rng_.Percent(h.same_product)) product = &Pick(profile_.lines).product;
    const int64_t at = request_at + rng_.Between(h.within.lo, h.within.hi);
    fmt::format_to(std::back_inserter(line_), "{}{{\"order_id\":\"H-{}-{}\",\"product\":", k ? "," : "", n, k + 1);
    j.String(*product);
    j.Key("at"), j.Timestamp(at, Offset(at));
    j.Key("type"), j.String(Pick(h.types)), j.Char('}');
  }
  j.Raw("]}");
}

}  // namespace refund::gen
