// Puts an explanation into words (see document.h): formats the figures eval and whatif computed,
// per language; adds, compares and rounds nothing.
#include <fmt/format.h>

#include <algorithm>

#include "engine/explain/context.h"

namespace refund::explain {
namespace {

std::string Summary(const Context& c) {
  const Decision& d = c.in.decision;
  const char* route = d.review ? c.w.route_review : c.w.route_auto;
  std::string s = d.refund_total == 0 && d.outcome != Outcome::kPartialRefund
                      ? fmt::format(fmt::runtime(c.w.summary_no_amount), c.Outcome(d.outcome), route)
                      : fmt::format(fmt::runtime(c.w.summary_amount), c.Outcome(d.outcome), c.Money(d.refund_total), route);
  if (!d.review) return s + c.w.full_stop;
  std::vector<std::string> why;
  if (d.score < c.in.policy.review_below) {
    std::string clause = fmt::format(fmt::runtime(c.w.score_signals), d.score, c.in.policy.review_below);
    for (size_t i = 0; i < c.in.trace.signals.size(); ++i) {
      const eval::SignalFact& sig = c.in.trace.signals[i];
      clause += fmt::format("{}{} {:+} {}", i ? c.w.list_sep : " ", c.Words_(sig.id), sig.points, c.w.points);
    }
    why.push_back(clause);
  }
  for (const eval::ReviewFact& r : c.in.trace.reviews)
    for (const Reason& reason : d.reasons)
      if (reason.code == r.code) why.push_back(reason.message);
  if (why.empty())
    for (const ItemDecision& item : d.items)
      if (!item.reasons.empty() && why.empty()) why.push_back(item.reasons.front().message);
  s += c.w.review_because;
  for (size_t i = 0; i < why.size(); ++i) s += (i ? c.w.separator : "") + why[i];
  return s;
}

std::string AnchorWord(const Context& c, const std::string& path) {
  if (path == "order.paid_at") return c.w.anchor_paid;
  if (path == "order.created_at") return c.w.anchor_created;
  if (path == "item.term.start") return c.w.anchor_term_start;
  if (path == "item.term.end") return c.w.anchor_term_end;
  return c.w.anchor_other;
}

// The window's `description` in the explanation's language (English when it has no Chinese), or
// empty when the policy gives none.
std::string_view WindowName(const Context& c, std::string_view window) {
  for (const model::Window& w : c.in.policy.windows)
    if (w.name == window) return c.in.language == Language::kZh && !w.description.zh.empty() ? w.description.zh : w.description.en;
  return {};
}

std::string WindowFact(const Context& c, const eval::WindowFact& win) {
  const TimeZone& zone = *c.in.policy.zone;
  std::string s;
  if (win.anchor) s += fmt::format("{} {} ({}){}", AnchorWord(c, win.anchor_path), c.Date(*win.anchor),
                                   FormatOffset(*win.anchor, zone), c.w.separator);
  if (win.end) {
    const std::string_view name = WindowName(c, win.name);
    s += fmt::format("{} {}{}", name.empty() ? c.w.window_ran_to : fmt::format(fmt::runtime(c.w.named_window_ran_to), name),
                     c.Date(*win.end), c.w.separator);
  }
  s += fmt::format("{} {} — {}", c.w.requested, c.Date(c.in.order.request.at), win.inside ? c.w.inside : c.w.outside);
  return s;
}

std::string QuotaFact(const Context& c, const eval::QuotaFact& q) {
  if (q.granted) return fmt::format(fmt::runtime(c.w.quota_left), q.used, q.limit);
  if (q.used_by && q.used_at)
    return fmt::format(fmt::runtime(c.w.quota_used_by), c.Words_(q.group.empty() ? q.name : q.group), q.year,
                       *q.used_by + " (" + c.Date(*q.used_at) + ")");
  return fmt::format(fmt::runtime(c.w.quota_used_in_order), q.used_by_line);
}

ItemSection Section(const Context& c, const ItemDecision& item, const eval::ItemTrace* t) {
  ItemSection s;
  s.id = item.id;
  s.title = fmt::format("{}: {}", ItemLabel(c, item.id), c.Result(item.outcome, item.refund));
  for (const Reason& r : item.reasons) s.reasons.push_back(r.message);
  if (!t) return s;
  if (t->parent) s.facts.push_back(fmt::format(fmt::runtime(c.w.follows_parent), *t->parent));
  if (t->window) s.facts.push_back(WindowFact(c, *t->window));
  else if (c.in.trace.gate_window) s.facts.push_back(WindowFact(c, *c.in.trace.gate_window));
  if (t->quota && (!t->quota->granted || t->quota->used > 0)) s.facts.push_back(QuotaFact(c, *t->quota));
  return s;
}

}  // namespace

Document BuildDocument(const Inputs& in) {
  Document doc;
  Context c{in, WordsFor(in.language), {}, {}};
  IndexIds(c);
  doc.words = &c.w;
  const Decision& d = in.decision;
  doc.heading = d.request_id ? fmt::format("{} ({})", d.order_id, *d.request_id) : d.order_id;
  doc.summary = Summary(c);
  for (const ItemDecision& item : d.items) doc.items.push_back(Section(c, item, c.TraceById(item.id)));
  BuildLedger(c, doc);
  BuildWhatIfs(c, doc);
  BuildAuthors(c, doc);
  return doc;
}

}  // namespace refund::explain
