// The diff report as plain text, for a terminal.
#include <fmt/format.h>

#include "engine/diff/diff_render.h"

namespace refund::diff {
namespace {

const char* Route(bool review) { return review ? "review" : "auto"; }

void Totals(const DiffReport& r, std::string& out) {
  out += fmt::format("policy diff: {} -> {}\n", r.base, r.candidate);
  out += fmt::format("orders: {} read, {} invalid, {} unchanged, {} changed ({} more with only the deadline moved)\n",
                     r.read, r.invalid, r.unchanged, r.changed, r.deadline_only);
  if (r.became_invalid > 0 || r.became_valid > 0)
    out += fmt::format("validity: {} became invalid under the candidate, {} became valid\n", r.became_invalid, r.became_valid);
  for (const auto& [currency, minor] : Difference(r.base_refund, r.candidate_refund))
    out += fmt::format("refunded {}: {} -> {} ({}{})\n", currency,
                       FormatAmount(r, currency, r.base_refund.count(currency) ? r.base_refund.at(currency) : 0),
                       FormatAmount(r, currency, r.candidate_refund.count(currency) ? r.candidate_refund.at(currency) : 0),
                       minor > 0 ? "+" : "", FormatAmount(r, currency, minor));
}

void Matrix(const DiffReport& r, std::string& out) {
  out += fmt::format("\noutcomes (rows base, columns candidate):\n{:<16}", "");
  for (int c = 0; c < kOutcomes; ++c) out += fmt::format("{:>16}", OutcomeName(static_cast<Outcome>(c)));
  out += "\n";
  for (int b = 0; b < kOutcomes; ++b) {
    out += fmt::format("{:<16}", OutcomeName(static_cast<Outcome>(b)));
    for (int c = 0; c < kOutcomes; ++c) out += fmt::format("{:>16}", r.matrix[b][c].orders);
    out += "\n";
  }
  out += fmt::format("routes: auto->review {}, review->auto {}\n", r.routes[0][1], r.routes[1][0]);
}

void Rules(const DiffReport& r, std::string& out) {
  out += "\nrules behind the changes (orders, net, moved):\n";
  for (const RuleImpact& rule : r.rules)
    out += fmt::format("  {:<32} {:>8} {:>16} {:>16}\n", rule.rule, rule.orders, FormatAmounts(r, rule.net), FormatAmounts(r, rule.moved));
  out += "\nrefund change per order:\n";
  for (const Bucket& b : r.buckets) out += fmt::format("  {:<20} {:>8}\n", b.label, b.orders);
}

void Orders(const DiffReport& r, const std::string& title, const std::vector<ChangedOrder>& list, std::string& out) {
  if (list.empty()) return;
  out += "\n" + title + ":\n";
  for (const ChangedOrder& c : list) {
    out += fmt::format("  line {} {} ({}{})\n", c.line, c.order_id, c.delta > 0 ? "+" : "", FormatAmount(r, c.currency, c.delta));
    for (const DecisionSummary* s : {&c.base, &c.candidate})
      out += fmt::format("    {:<9} {} {} {}: {}\n", s == &c.base ? "base" : "candidate", OutcomeName(s->outcome),
                         Route(s->review), FormatAmount(r, c.currency, s->refund), s->rules);
  }
}

}  // namespace

std::string RenderText(const DiffReport& r) {
  std::string out;
  Totals(r, out);
  if (r.changed == 0) return out + (AnyChange(r) ? "no decision of an order valid under both changed\n" : "no decision changed\n");
  Matrix(r, out);
  Rules(r, out);
  Orders(r, "largest increases", r.increases, out);
  Orders(r, "largest decreases", r.decreases, out);
  for (const Transition& t : r.transitions)
    Orders(r, fmt::format("{} -> {} ({} orders), first examples", OutcomeName(t.from), OutcomeName(t.to), t.orders), t.examples, out);
  return out;
}

}  // namespace refund::diff
