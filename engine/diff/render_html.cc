// The diff report as one self-contained HTML page: inline style, an inline SVG bar chart of the
// money each rule moved, the outcome matrix as a table. No scripts, no external assets.
#include <fmt/format.h>

#include <algorithm>

#include "engine/diff/diff_render.h"

namespace refund::diff {
namespace {

std::string Esc(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

int64_t Sum(const Amounts& amounts) {
  int64_t sum = 0;
  for (const auto& [currency, minor] : amounts) sum += minor;
  return sum;
}

// Bars are scaled with integer arithmetic: the largest is kBarWidth pixels.
std::string Chart(const DiffReport& r) {
  constexpr int64_t kBarWidth = 420, kRow = 24, kLabel = 260;
  int64_t largest = 1;
  for (const RuleImpact& rule : r.rules) largest = std::max(largest, Sum(rule.moved));
  std::string out = fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\">",
                                kLabel + kBarWidth + 160, kRow * static_cast<int64_t>(r.rules.size()) + 8);
  int64_t y = 4;
  for (const RuleImpact& rule : r.rules) {
    const int64_t width = Sum(rule.moved) * kBarWidth / largest;
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", kLabel - 8, y + 16, Esc(rule.rule));
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#4a7bd0\"/>", kLabel, y + 3,
                       std::max<int64_t>(width, 1), kRow - 6);
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", kLabel + width + 6, y + 16, Esc(FormatAmounts(r, rule.moved)));
    y += kRow;
  }
  return out + "</svg>\n";
}

std::string MatrixTable(const DiffReport& r) {
  std::string out = "<table><tr><th>base \\ candidate</th>";
  for (int c = 0; c < kOutcomes; ++c) out += fmt::format("<th>{}</th>", OutcomeName(static_cast<Outcome>(c)));
  out += "</tr>\n";
  for (int b = 0; b < kOutcomes; ++b) {
    out += fmt::format("<tr><th>{}</th>", OutcomeName(static_cast<Outcome>(b)));
    for (int c = 0; c < kOutcomes; ++c) {
      const MatrixCell& cell = r.matrix[b][c];
      out += cell.orders == 0 ? std::string("<td></td>")
                              : fmt::format("<td class=\"{}\">{}<br><small>{} → {}</small></td>", b == c ? "same" : "moved",
                                            cell.orders, Esc(FormatAmounts(r, cell.base)), Esc(FormatAmounts(r, cell.candidate)));
    }
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

std::string OrdersTable(const DiffReport& r, const std::string& title, const std::vector<ChangedOrder>& list) {
  if (list.empty()) return "";
  std::string out = fmt::format("<h3>{}</h3><table><tr><th>line</th><th>order</th><th>change</th><th>base</th><th>candidate</th></tr>\n", Esc(title));
  for (const ChangedOrder& c : list) {
    auto cell = [&](const DecisionSummary& s) {
      return fmt::format("<td>{} {} {}<br><small>{}</small></td>", OutcomeName(s.outcome), s.review ? "review" : "auto",
                         FormatAmount(r, c.currency, s.refund), Esc(s.rules));
    };
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td>{}{}</tr>\n", c.line, Esc(c.order_id),
                       FormatAmount(r, c.currency, c.delta), cell(c.base), cell(c.candidate));
  }
  return out + "</table>\n";
}

constexpr const char* kStyle =
    "body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}"
    "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right;vertical-align:top}td small{color:#666}"
    "td.moved{background:#fff3d6}svg text{font-size:13px;font-family:monospace}";

}  // namespace

std::string RenderHtml(const DiffReport& r) {
  std::string out = fmt::format("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Policy diff</title><style>{}</style></head><body>\n", kStyle);
  out += fmt::format("<h1>Policy diff: {} → {}</h1>\n", Esc(r.base), Esc(r.candidate));
  out += fmt::format("<p>{} orders read, {} invalid, {} unchanged, <b>{} changed</b> ({} more with only the deadline moved).</p>\n",
                     r.read, r.invalid, r.unchanged, r.changed, r.deadline_only);
  if (r.became_invalid > 0 || r.became_valid > 0)
    out += fmt::format("<p><b>{} became invalid</b> under the candidate, <b>{} became valid</b>.</p>\n", r.became_invalid,
                       r.became_valid);
  out += fmt::format("<p>Refunded: {} → {} (difference {}).</p>\n", Esc(FormatAmounts(r, r.base_refund)),
                     Esc(FormatAmounts(r, r.candidate_refund)), Esc(FormatAmounts(r, Difference(r.base_refund, r.candidate_refund))));
  out += "<h2>Outcomes</h2>\n" + MatrixTable(r);
  out += fmt::format("<p>Routes: auto → review {}, review → auto {}.</p>\n", r.routes[0][1], r.routes[1][0]);
  out += "<h2>Money moved per rule</h2>\n" + Chart(r);
  out += "<h2>Refund change per order</h2><table><tr><th>change</th><th>orders</th></tr>\n";
  for (const Bucket& b : r.buckets) out += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", Esc(b.label), b.orders);
  out += "</table>\n<h2>Examples</h2>\n" + OrdersTable(r, "Largest increases", r.increases) +
         OrdersTable(r, "Largest decreases", r.decreases);
  for (const Transition& t : r.transitions)
    out += OrdersTable(r, fmt::format("{} → {} ({} orders)", OutcomeName(t.from), OutcomeName(t.to), t.orders), t.examples);
  return out + "</body></html>\n";
}

}  // namespace refund::diff
