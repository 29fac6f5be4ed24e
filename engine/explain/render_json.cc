// The explanation as one JSON object for a UI (see document.h): the words of the document plus
// the figures as data (money as decimal strings, instants as RFC 3339 in the policy's zone).
#include <nlohmann/json.hpp>

#include "engine/explain/document.h"

namespace refund::explain {
namespace {

using nlohmann::ordered_json;

const char* KindName(whatif::Kind kind) {
  switch (kind) {
    case whatif::Kind::kDeadline: return "deadline";
    case whatif::Kind::kEarlierRequest: return "earlier_request";
    case whatif::Kind::kRemoveLine: return "remove_line";
    case whatif::Kind::kQuotaRenewal: return "quota_renewal";
    case whatif::Kind::kNextChange: return "next_change";
    case whatif::Kind::kNextRise: return "next_rise";
  }
  return "";
}

ordered_json Rows(const std::vector<Row>& rows) {
  ordered_json out = ordered_json::array();
  for (const Row& r : rows) out.push_back({{"label", r.label}, {"amount", r.amount}, {"note", r.note}, {"indent", r.indent}});
  return out;
}

ordered_json Lines(const std::vector<AuthorLine>& lines) {
  ordered_json out = ordered_json::array();
  for (const AuthorLine& a : lines) out.push_back({{"depth", a.depth}, {"text", a.text}, {"where", a.where}});
  return out;
}

ordered_json Steps(const eval::ItemTrace& t, const Inputs& in) {
  ordered_json out = ordered_json::array();
  for (const eval::StepFact& s : t.steps) {
    ordered_json step = {{"name", s.name}, {"value", s.value.present ? s.value.number.ToString() : ""}};
    if (s.value.type == model::Type::kMoney && s.value.present)
      step["value"] = FormatMinor(*s.value.number.Round(in.policy.rounding), in.policy.currency.digits());
    if (s.row >= 0) step["row"] = s.row + 1;
    out.push_back(step);
  }
  return out;
}

ordered_json Figures(const Inputs& in) {
  const int digits = in.policy.currency.digits();
  ordered_json items = ordered_json::array();
  for (const eval::ItemTrace& t : in.trace.items) {
    items.push_back({{"id", t.id}, {"rule", t.rule}, {"paid", FormatMinor(t.paid_total, digits)},
                     {"refundable", FormatMinor(t.refundable, digits)}, {"unreturned", FormatMinor(t.unreturned, digits)},
                     {"withheld", FormatMinor(t.withheld, digits)}, {"refund", FormatMinor(t.refund, digits)},
                     {"steps", Steps(t, in)}});
  }
  return items;
}

}  // namespace

std::string RenderJson(const Document& doc, const Inputs& in) {
  ordered_json out;
  out["summary"] = doc.summary;
  ordered_json items = ordered_json::array();
  for (const ItemSection& s : doc.items) items.push_back({{"id", s.id}, {"title", s.title}, {"reasons", s.reasons}, {"facts", s.facts}});
  out["items"] = items;
  out["ledger"] = Rows(doc.ledger);
  out["forfeited"] = Rows(doc.forfeited);
  ordered_json what_if = ordered_json::array();
  for (const Statement& s : doc.what_if) {
    ordered_json one = {{"kind", s.kind}, {"text", s.text}};
    if (s.data) {
      one["kind"] = KindName(s.data->kind);
      if (s.data->kind != whatif::Kind::kRemoveLine) {
        const std::optional<std::string> at = in.policy.zone->Format(s.data->at);
        one["at"] = at ? ordered_json(*at) : ordered_json(nullptr);  // null past year 9999
      }
      if (!s.data->line.empty()) one["line"] = s.data->line;
      one["outcome"] = OutcomeName(s.data->outcome_after);
      one["refund"] = FormatMinor(s.data->refund_after, in.policy.currency.digits());
    }
    what_if.push_back(one);
  }
  out["what_if"] = what_if;
  out["figures"] = Figures(in);
  out["for_authors"] = Lines(doc.authors);
  if (!doc.trace.empty()) out["trace"] = Lines(doc.trace);
  return out.dump();
}

}  // namespace refund::explain
