// Window ends: the first case whose condition holds, its anchor, then elapsed or calendar length.
#include "engine/eval/value.h"

namespace refund::eval {

std::optional<Instant> WindowResolver::End(int window, const Scope& scope) const {
  // An order-level window has one end per order, kept after the first time. Traced and
  // coverage-recording evaluations work it out every time: a trace shows the case's condition
  // each time, and coverage must see the case reached whatever scope asked first.
  if (window >= 32 || !policy_.windows[window].order_level || Tracing(scope) || scope.coverage)
    return Compute(window, scope);
  const uint32_t bit = uint32_t{1} << window;
  if (!(known_ & bit)) {
    const std::optional<Instant> end = Compute(window, scope);
    known_ |= bit;
    if (end) {
      has_end_ |= bit;
      ends_[window] = end->micros;
    }
  }
  return has_end_ & bit ? std::optional<Instant>(Instant{ends_[window]}) : std::nullopt;
}

std::optional<Instant> WindowResolver::Compute(int window, const Scope& scope) const {
  for (const model::WindowCase& c : policy_.windows[window].cases) {
    if (c.when && !Holds(*c.when, scope)) continue;
    Value anchor = EvaluateExpr(c.anchor, scope);
    if (!anchor.present) return std::nullopt;
    const std::optional<Instant> start = InstantOf(anchor.number);
    if (!start) return std::nullopt;  // computed past the calendar: no end, like a missing anchor
    const Instant at = *start;
    Reach(scope, &c);
    if (!c.calendar) return at + c.elapsed;
    // Day 1 is the anchor's local date (same_day) or the day after (next_day); the window
    // closes at 00:00 of the day after day N.
    CivilDate first = policy_.zone->LocalDate(at);
    int64_t days = c.calendar_days + (c.count_from_next_day ? 1 : 0);
    return policy_.zone->StartOfDay(first.AddDays(days));
  }
  return std::nullopt;
}

WindowFact WindowResolver::Fact(int window, const Scope& scope) const {
  const model::Window& w = policy_.windows[window];
  WindowFact fact;
  fact.name = w.name;
  fact.where = w.where;
  Scope quiet = scope;
  quiet.trace = nullptr;
  quiet.coverage = nullptr;
  for (const model::WindowCase& c : w.cases) {
    if (c.when && !Holds(*c.when, quiet)) continue;
    std::string scratch;
    fact.anchor_path = model::TraceTextOf(c.anchor, scratch);
    Value anchor = EvaluateExpr(c.anchor, quiet);
    if (anchor.present) fact.anchor = InstantOf(anchor.number);
    fact.calendar = c.calendar;
    fact.calendar_days = c.calendar_days;
    fact.elapsed = c.elapsed;
    fact.where = c.where;
    break;
  }
  fact.end = End(window, quiet);
  fact.inside = Inside(window, quiet);
  return fact;
}

const model::SourceRef& WindowResolver::Where(int window, const Scope& scope) const {
  Scope quiet = scope;
  quiet.trace = nullptr;
  quiet.coverage = nullptr;
  for (const model::WindowCase& c : policy_.windows[window].cases)
    if (!c.when || Holds(*c.when, quiet)) return c.where;
  return policy_.windows[window].where;
}

bool WindowResolver::Inside(int window, const Scope& scope) const {
  std::optional<Instant> end = End(window, scope);
  if (!end) return false;
  Instant now = scope.order->request.at;
  return policy_.windows[window].inclusive_end ? now <= *end : now < *end;
}

}  // namespace refund::eval
