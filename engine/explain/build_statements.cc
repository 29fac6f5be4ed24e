// What would change the decision, and the authors' block, in words (see document.h). The
// statements are whatif's results; the authors' block names rules, windows, quotas, steps and
// signals with their source locations, kept apart from the customer-facing text.
#include "engine/explain/context.h"

namespace refund::explain {
namespace {

using whatif::Kind;

std::string Change(const Context& c, const whatif::WhatIf& w) {
  const std::string amount = c.Money(w.delta < 0 ? -w.delta : w.delta);
  return fmt::format(fmt::runtime(w.delta < 0 ? c.w.drops_by : c.w.rises_by), amount, c.Money(w.refund_after));
}

Statement Say(const Context& c, const whatif::WhatIf& w) {
  const std::string after = c.Result(w.outcome_after, w.refund_after);
  const std::string when = fmt::format(fmt::runtime(w.after ? c.w.after : c.w.from), c.Date(w.at));
  switch (w.kind) {
    case Kind::kDeadline:
      return {"deadline", fmt::format("{} {}{}{}", c.Result(w.outcome_before, w.refund_before),
                                      fmt::format(fmt::runtime(c.w.until), c.Date(w.at)), c.w.separator,
                                      fmt::format(fmt::runtime(c.w.from_then), after)), &w};
    case Kind::kEarlierRequest:
      return {"earlier_request", fmt::format(fmt::runtime(c.w.earlier), c.Date(w.at), after), &w};
    case Kind::kRemoveLine:
      return {"remove_line", fmt::format(fmt::runtime(c.w.without_line), ItemLabel(c, w.line), after), &w};
    case Kind::kQuotaRenewal:
      return {"quota_renewal", fmt::format(fmt::runtime(c.w.quota_renews), c.Date(w.at), after), &w};
    case Kind::kNextChange: return {"next_change", when + c.w.colon + Change(c, w), &w};
    case Kind::kNextRise: return {"next_rise", when + c.w.colon + Change(c, w), &w};
  }
  return {};
}

std::string Where(const model::SourceRef& where) { return eval::SourceText(where); }

void ItemAuthors(const eval::ItemTrace& t, Document& doc) {
  doc.authors.push_back({0, "item " + t.id + ": rule " + t.rule, Where(t.rule_where)});
  if (t.applied != t.rule) doc.authors.push_back({1, "applied rule " + t.applied, Where(t.applied_where)});
  if (t.window) doc.authors.push_back({1, "window " + t.window->name + " (anchor " + t.window->anchor_path + ")", Where(t.window->where)});
  if (t.quota) doc.authors.push_back({1, fmt::format("quota {} group `{}`: {} of {} counted", t.quota->name, t.quota->group,
                                                     t.quota->used, t.quota->limit), ""});
  if (!t.formula.empty()) doc.authors.push_back({1, "formula " + t.formula + (t.exit_code.empty() ? "" : " -> " + t.exit_code), ""});
  for (const eval::StepFact& step : t.steps)
    doc.authors.push_back({2, step.name + ": " + step.expr, Where(step.where)});
}

}  // namespace

void BuildWhatIfs(const Context& c, Document& doc) {
  for (const whatif::WhatIf& w : c.in.what_ifs) doc.what_if.push_back(Say(c, w));
}

void BuildAuthors(const Context& c, Document& doc) {
  const eval::TraceSink& trace = c.in.trace;
  doc.authors.push_back({0, fmt::format("policy {} {} ({})", c.in.policy.name, c.in.policy.version, c.in.policy.digest), ""});
  if (!trace.gate.empty()) doc.authors.push_back({0, "order rule " + trace.gate, Where(trace.gate_where)});
  for (const eval::ItemTrace& t : trace.items)
    if (trace.gate.empty()) ItemAuthors(t, doc);
  for (const ItemDecision& item : c.in.decision.items)
    for (const Reason& r : item.reasons) doc.authors.push_back({1, item.id + ": " + r.code + " from rule " + r.rule, ""});
  for (const eval::SignalFact& s : trace.signals)
    doc.authors.push_back({0, fmt::format("signal {}: {:+} points", s.id, s.points), Where(s.where)});
  for (const eval::ReviewFact& r : trace.reviews) doc.authors.push_back({0, "review " + r.id + ": " + r.code, Where(r.where)});
  if (!c.in.with_trace) return;
  for (size_t i = 0; i < trace.events.size(); ++i) {
    const eval::TraceEvent& e = trace.events[i];
    doc.trace.push_back({e.depth, trace.Text(i), e.where ? Where(*e.where) : ""});
  }
}

}  // namespace refund::explain
