// The diff report as Markdown, for a pull request description.
#include <fmt/format.h>

#include "engine/diff/diff_render.h"

namespace refund::diff {
namespace {

const char* Route(bool review) { return review ? "review" : "auto"; }

std::string Summary(const DiffReport& r, const ChangedOrder& c, const DecisionSummary& s) {
  return fmt::format("{} {} {}: {}", OutcomeName(s.outcome), Route(s.review), FormatAmount(r, c.currency, s.refund), s.rules);
}

void Totals(const DiffReport& r, std::string& out) {
  out += fmt::format("# Policy diff: {} → {}\n\n", r.base, r.candidate);
  out += fmt::format("| orders read | invalid | unchanged | changed | deadline moved only |\n|---:|---:|---:|---:|---:|\n");
  out += fmt::format("| {} | {} | {} | {} | {} |\n\n", r.read, r.invalid, r.unchanged, r.changed, r.deadline_only);
  if (r.became_invalid > 0 || r.became_valid > 0)
    out += fmt::format("| became invalid under the candidate | became valid |\n|---:|---:|\n| {} | {} |\n\n", r.became_invalid,
                       r.became_valid);
  out += "| currency | refunded (base) | refunded (candidate) | difference |\n|---|---:|---:|---:|\n";
  Amounts diff = Difference(r.base_refund, r.candidate_refund);
  for (const auto& [currency, minor] : diff)
    out += fmt::format("| {} | {} | {} | {} |\n", currency, FormatAmount(r, currency, r.base_refund.count(currency) ? r.base_refund.at(currency) : 0),
                       FormatAmount(r, currency, r.candidate_refund.count(currency) ? r.candidate_refund.at(currency) : 0),
                       FormatAmount(r, currency, minor));
}

void Matrix(const DiffReport& r, std::string& out) {
  out += "\n## Outcomes (rows: base, columns: candidate; orders, refund base → candidate)\n\n| base \\ candidate |";
  for (int c = 0; c < kOutcomes; ++c) out += fmt::format(" {} |", OutcomeName(static_cast<Outcome>(c)));
  out += "\n|---|---:|---:|---:|---:|\n";
  for (int b = 0; b < kOutcomes; ++b) {
    out += fmt::format("| **{}** |", OutcomeName(static_cast<Outcome>(b)));
    for (int c = 0; c < kOutcomes; ++c) {
      const MatrixCell& cell = r.matrix[b][c];
      if (cell.orders == 0) out += " · |";
      else out += fmt::format(" {} ({} → {}) |", cell.orders, FormatAmounts(r, cell.base), FormatAmounts(r, cell.candidate));
    }
    out += "\n";
  }
  out += "\n## Routes\n\n| base \\ candidate | auto | review |\n|---|---:|---:|\n";
  for (int b = 0; b < 2; ++b) out += fmt::format("| **{}** | {} | {} |\n", Route(b), r.routes[b][0], r.routes[b][1]);
}

void Rules(const DiffReport& r, std::string& out) {
  out += "\n## Rules behind the changes\n\n| rule | orders | net change | money moved |\n|---|---:|---:|---:|\n";
  for (const RuleImpact& rule : r.rules)
    out += fmt::format("| `{}` | {} | {} | {} |\n", rule.rule, rule.orders, FormatAmounts(r, rule.net), FormatAmounts(r, rule.moved));
  out += "\n## Refund change per order\n\n| change | orders |\n|---|---:|\n";
  for (const Bucket& b : r.buckets) out += fmt::format("| {} | {} |\n", b.label, b.orders);
}

void Orders(const DiffReport& r, const std::string& title, const std::vector<ChangedOrder>& list, std::string& out) {
  if (list.empty()) return;
  out += fmt::format("\n## {}\n\n| line | order | change | base | candidate |\n|---:|---|---:|---|---|\n", title);
  for (const ChangedOrder& c : list)
    out += fmt::format("| {} | {} | {} | {} | {} |\n", c.line, c.order_id, FormatAmount(r, c.currency, c.delta),
                       Summary(r, c, c.base), Summary(r, c, c.candidate));
}

}  // namespace

std::string RenderMarkdown(const DiffReport& r) {
  std::string out;
  Totals(r, out);
  if (r.changed == 0)
    return out + (AnyChange(r) ? "\nNo decision of an order valid under both changed.\n" : "\nNo decision changed.\n");
  Matrix(r, out);
  Rules(r, out);
  Orders(r, "Largest increases", r.increases, out);
  Orders(r, "Largest decreases", r.decreases, out);
  for (const Transition& t : r.transitions)
    Orders(r, fmt::format("{} → {} ({} orders)", OutcomeName(t.from), OutcomeName(t.to), t.orders), t.examples, out);
  return out;
}

}  // namespace refund::diff
