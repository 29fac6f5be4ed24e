// The diff report as one JSON object with everything in it (money as decimal strings).
#include <fmt/format.h>

#include "engine/diff/diff_render.h"

namespace refund::diff {
namespace {

std::string Str(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<int>(c));
    else out += c;
  }
  out += '"';
  return out;
}

std::string Money(const DiffReport& r, const Amounts& amounts) {
  std::string out = "{";
  for (const auto& [currency, minor] : amounts)
    out += fmt::format("{}{}:{}", out.size() > 1 ? "," : "", Str(currency), Str(FormatAmount(r, currency, minor)));
  out += '}';
  return out;
}

std::string Summary(const DiffReport& r, const std::string& currency, const DecisionSummary& s) {
  return fmt::format("{{\"outcome\":\"{}\",\"route\":\"{}\",\"refund\":{},\"rules\":{}}}", OutcomeName(s.outcome),
                     s.review ? "review" : "auto", Str(FormatAmount(r, currency, s.refund)), Str(s.rules));
}

std::string Orders(const DiffReport& r, const std::vector<ChangedOrder>& list) {
  std::string out = "[";
  for (const ChangedOrder& c : list) {
    std::string rules;
    for (const std::string& rule : c.rules) {
      if (!rules.empty()) rules += ',';
      rules += Str(rule);
    }
    out += fmt::format("{}{{\"line\":{},\"order_id\":{},\"currency\":{},\"change\":{},\"rules\":[{}],\"base\":{},\"candidate\":{}}}",
                       out.size() > 1 ? "," : "", c.line, Str(c.order_id), Str(c.currency),
                       Str(FormatAmount(r, c.currency, c.delta)), rules, Summary(r, c.currency, c.base),
                       Summary(r, c.currency, c.candidate));
  }
  out += ']';
  return out;
}

std::string Matrix(const DiffReport& r) {
  std::string out = "[";
  for (int b = 0; b < kOutcomes; ++b)
    for (int c = 0; c < kOutcomes; ++c) {
      const MatrixCell& cell = r.matrix[b][c];
      if (cell.orders == 0) continue;
      out += fmt::format("{}{{\"base\":\"{}\",\"candidate\":\"{}\",\"orders\":{},\"base_refund\":{},\"candidate_refund\":{}}}",
                         out.size() > 1 ? "," : "", OutcomeName(static_cast<Outcome>(b)), OutcomeName(static_cast<Outcome>(c)),
                         cell.orders, Money(r, cell.base), Money(r, cell.candidate));
    }
  out += ']';
  return out;
}

std::string Rules(const DiffReport& r) {
  std::string out = "[";
  for (const RuleImpact& rule : r.rules)
    out += fmt::format("{}{{\"rule\":{},\"orders\":{},\"net\":{},\"moved\":{}}}", out.size() > 1 ? "," : "", Str(rule.rule),
                       rule.orders, Money(r, rule.net), Money(r, rule.moved));
  out += ']';
  return out;
}

std::string Rest(const DiffReport& r) {
  std::string buckets = "[", transitions = "[";
  for (const Bucket& b : r.buckets)
    buckets += fmt::format("{}{{\"change\":{},\"orders\":{}}}", buckets.size() > 1 ? "," : "", Str(b.label), b.orders);
  for (const Transition& t : r.transitions)
    transitions += fmt::format("{}{{\"base\":\"{}\",\"candidate\":\"{}\",\"orders\":{},\"examples\":{}}}",
                               transitions.size() > 1 ? "," : "", OutcomeName(t.from), OutcomeName(t.to), t.orders,
                               Orders(r, t.examples));
  return fmt::format("\"buckets\":{}],\"largest_increases\":{},\"largest_decreases\":{},\"transitions\":{}]", buckets,
                     Orders(r, r.increases), Orders(r, r.decreases), transitions);
}

}  // namespace

std::string RenderJson(const DiffReport& r) {
  std::string out = fmt::format("{{\"base\":{},\"candidate\":{},", Str(r.base), Str(r.candidate));
  out += fmt::format("\"orders\":{{\"read\":{},\"invalid\":{},\"became_invalid\":{},\"became_valid\":{},\"unchanged\":{},"
                     "\"changed\":{},\"deadline_only\":{}}},",
                     r.read, r.invalid, r.became_invalid, r.became_valid, r.unchanged, r.changed, r.deadline_only);
  out += fmt::format("\"refunded\":{{\"base\":{},\"candidate\":{},\"difference\":{}}},", Money(r, r.base_refund),
                     Money(r, r.candidate_refund), Money(r, Difference(r.base_refund, r.candidate_refund)));
  out += fmt::format("\"outcomes\":{},\"routes\":{{\"auto_to_auto\":{},\"auto_to_review\":{},\"review_to_auto\":{},\"review_to_review\":{}}},",
                     Matrix(r), r.routes[0][0], r.routes[0][1], r.routes[1][0], r.routes[1][1]);
  out += fmt::format("\"rules\":{},{}}}\n", Rules(r), Rest(r));
  return out;
}

}  // namespace refund::diff
