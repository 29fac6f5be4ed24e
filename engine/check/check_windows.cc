// Tiered windows: rules of one list that differ only in the stretch of `request.at` they allow,
// measured from one anchor (`inside(w7)`, then `request.at >= order.paid_at + 8d and
// inside(w30)`), leave no stretch uncovered between them (C501) and do not start inside an
// earlier tier (C502); a window case that an earlier case always takes first (C505).
#include <fmt/format.h>

#include <algorithm>

#include "engine/check/passes.h"
#include "engine/check/region.h"

namespace refund::check {
namespace {

using model::Expr;
using model::Op;
using model::Rule;

// A bound on request.at: anchor + offset, elapsed (offset in micros) or calendar (offset in
// days from the start of the anchor's local day; the window of N days counted from the next
// day ends at the start of day N + 1).
struct Bound {
  std::string family;  // anchor and kind: bounds of different families are not compared
  Ratio offset;
  bool closed = false;
};

struct Tier {
  const Rule* rule = nullptr;
  std::string family;
  std::optional<Bound> lo, hi;
  bool explicit_lo = false;  // the author wrote where it starts
};

std::string Family(const std::string& anchor, bool calendar) { return (calendar ? "calendar:" : "elapsed:") + anchor; }

std::string FormatAt(const Bound& b) {
  const bool calendar = b.family.starts_with("calendar:");
  const std::string anchor = b.family.substr(b.family.find(':') + 1);
  if (calendar) return fmt::format("the start of local day {} after `{}`'s date", b.offset.ToString(), anchor);
  if (b.offset.Sign() == 0) return fmt::format("`{}`", anchor);
  return fmt::format("`{} + {}`", anchor, FormatBound(b.offset, model::Type::kDuration));
}

// `anchor`, `anchor + 8d`, `anchor - 1h` with the anchor an instant field.
std::optional<Bound> Instant(const Expr& e) {
  if (e.op == Op::kPath && e.type == model::Type::kInstant && e.name != "request.at")
    return Bound{Family(model::DumpExpr(e), false), Ratio(0), false};
  if ((e.op == Op::kAdd || e.op == Op::kSub) && e.args.size() == 2) {
    const bool literal_first = e.op == Op::kAdd && e.args[0].op == Op::kLiteral;
    const Expr& base = e.args[literal_first ? 1 : 0];
    const Expr& span = e.args[literal_first ? 0 : 1];
    if (span.op != Op::kLiteral || span.type != model::Type::kDuration) return std::nullopt;
    auto b = Instant(base);
    if (!b) return std::nullopt;
    auto sum = e.op == Op::kAdd ? Ratio::Add(b->offset, span.literal.number) : Ratio::Sub(b->offset, span.literal.number);
    if (!sum) return std::nullopt;
    b->offset = *sum;
    return b;
  }
  return std::nullopt;
}

struct TierReader {
  const model::Policy& policy;

  // A bound from `inside(w)` (upper) or `not inside(w)` (lower), when w has one definition.
  bool Inside(const Expr& e, bool negated, Tier& tier) const {
    if (e.op != Op::kCall || e.function != model::Function::kInside || e.slot < 0) return false;
    const model::Window& w = policy.windows[e.slot];
    if (w.cases.size() != 1 || w.cases[0].when) return false;
    const model::WindowCase& c = w.cases[0];
    Bound b{Family(model::DumpExpr(c.anchor), c.calendar),
            c.calendar ? Ratio(c.calendar_days + (c.count_from_next_day ? 1 : 0)) : Ratio(c.elapsed.micros),
            negated ? !w.inclusive_end : w.inclusive_end};
    return Add(b, !negated, negated, tier);
  }

  bool Compare(const Expr& e, Tier& tier) const {
    if (e.args.size() != 2) return false;
    bool upper;
    bool closed = e.op == Op::kLe || e.op == Op::kGe;
    if (e.op == Op::kLt || e.op == Op::kLe) upper = true;
    else if (e.op == Op::kGt || e.op == Op::kGe) upper = false;
    else return false;
    const Expr* other = nullptr;
    if (e.args[0].op == Op::kPath && e.args[0].name == "request.at") other = &e.args[1];
    else if (e.args[1].op == Op::kPath && e.args[1].name == "request.at") other = &e.args[0], upper = !upper;
    if (!other) return false;
    auto b = Instant(*other);
    if (!b) return false;
    b->closed = closed;
    return Add(*b, upper, !upper, tier);
  }

  bool Add(const Bound& b, bool upper, bool explicit_lo, Tier& tier) const {
    if (!tier.family.empty() && tier.family != b.family) return false;
    tier.family = b.family;
    std::optional<Bound>& slot = upper ? tier.hi : tier.lo;
    if (!slot || (upper ? b.offset < slot->offset : b.offset > slot->offset) ||
        (b.offset == slot->offset && !b.closed))
      slot = b;
    tier.explicit_lo = tier.explicit_lo || explicit_lo;
    return true;
  }

  // The tier of a rule, and the key of everything else its condition tests.
  std::optional<std::pair<Tier, std::string>> Read(const Rule& rule) const {
    if (!rule.when || rule.when->type != model::Type::kBool) return std::nullopt;
    std::vector<const Expr*> conjuncts;
    Flatten(*rule.when, conjuncts);
    Tier tier;
    tier.rule = &rule;
    std::vector<std::string> rest;
    for (const Expr* c : conjuncts) {
      const bool negated = c->op == Op::kNot && c->args.size() == 1;
      if (Inside(negated ? c->args[0] : *c, negated, tier) || (!negated && Compare(*c, tier))) continue;
      rest.push_back(model::DumpExpr(*c));
    }
    if (tier.family.empty()) return std::nullopt;
    std::sort(rest.begin(), rest.end());
    return std::make_pair(tier, fmt::format("{}", fmt::join(rest, " and ")));
  }

  static void Flatten(const Expr& e, std::vector<const Expr*>& out) {
    if (e.op == Op::kAnd) {
      for (const Expr& arg : e.args) Flatten(arg, out);
    } else {
      out.push_back(&e);
    }
  }
};

ValueSet Span(const Tier& t) {
  ValueSet v;
  v.ordered = true;
  Interval i;
  if (t.lo) i.lo = t.lo->offset, i.lo_closed = t.lo->closed;
  if (t.hi) i.hi = t.hi->offset, i.hi_closed = t.hi->closed;
  if (!IsEmptyInterval(i)) v.intervals.push_back(i);
  return v;
}

void CheckFamily(const std::vector<Tier>& tiers, const Locator& locate, std::vector<Diagnostic>& out) {
  // Overlaps, in first-match order.
  std::vector<const Tier*> seen;
  for (const Tier& t : tiers) {
    const ValueSet span = Span(t);
    ValueSet rest = span;
    const Tier* by = nullptr;
    for (const Tier* s : seen) {
      if (IsEmptyValues(IntersectValues(rest, Span(*s)))) continue;
      if (!by) by = s;
      rest = SubtractValues(rest, Span(*s));
    }
    seen.push_back(&t);
    if (!by || !t.explicit_lo || IsEmptyValues(span)) continue;
    const bool all = IsEmptyValues(rest);
    std::string what = all ? fmt::format("rule `{}` can never apply: rule `{}` (line {}) covers every request time it allows",
                                         t.rule->id, by->rule->id, by->rule->where.line)
                           : fmt::format("rule `{}` starts at {}, inside the stretch of rule `{}` (line {}), which ends at {}",
                                         t.rule->id, t.lo ? FormatAt(*t.lo) : "no start", by->rule->id,
                                         by->rule->where.line, by->hi ? FormatAt(*by->hi) : "no end");
    Diagnostic d = locate.AtRule(*t.rule, all ? Severity::kError : Severity::kWarning, all ? "C401" : "C502", what);
    if (!all) d.help = fmt::format("requests in the overlap get `{}`; start `{}` where `{}` ends", by->rule->id, t.rule->id, by->rule->id);
    out.push_back(std::move(d));
  }
  // Gaps: sorted by where each tier starts.
  std::vector<const Tier*> sorted;
  for (const Tier& t : tiers) sorted.push_back(&t);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Tier* a, const Tier* b) {
    if (!a->lo || !b->lo) return !a->lo && b->lo;
    return a->lo->offset < b->lo->offset;
  });
  const Tier* reach = nullptr;  // the tier that reaches furthest so far
  for (const Tier* t : sorted) {
    if (reach && reach->hi && t->lo) {
      Interval gap{reach->hi->offset, t->lo->offset, !reach->hi->closed, !t->lo->closed};
      if (!IsEmptyInterval(gap)) {
        Diagnostic d = locate.AtRule(*t->rule, Severity::kWarning, "C501",
                                     fmt::format("no rule covers requests from {} to {}: rule `{}` (line {}) ends there and rule `{}` starts later",
                                                 FormatAt(*reach->hi), FormatAt(*t->lo), reach->rule->id,
                                                 reach->rule->where.line, t->rule->id));
        d.help = fmt::format("start `{}` at {}, or end `{}` later", t->rule->id, FormatAt(*reach->hi), reach->rule->id);
        out.push_back(std::move(d));
      }
    }
    if (!reach || !t->hi || (reach->hi && t->hi->offset > reach->hi->offset)) reach = t;
    if (!reach->hi) break;
  }
}

void CheckList(const model::Policy& policy, const std::vector<Rule>& rules, const Locator& locate,
               std::vector<Diagnostic>& out) {
  if (rules.size() > Space::kMaxEntries) return;
  TierReader reader{policy};
  std::vector<std::pair<std::string, std::vector<Tier>>> families;  // in order of first member
  for (const Rule& rule : rules) {
    if (!rule.children.empty()) CheckList(policy, rule.children, locate, out);
    auto read = reader.Read(rule);
    if (!read) continue;
    std::string key = fmt::format("{}|{}", read->second, read->first.family);
    auto it = std::find_if(families.begin(), families.end(), [&](const auto& f) { return f.first == key; });
    if (it == families.end()) families.push_back({key, {read->first}});
    else it->second.push_back(read->first);
  }
  for (const auto& [key, tiers] : families)
    if (tiers.size() > 1) CheckFamily(tiers, locate, out);
}

// C505: `cases:` of a window that an earlier case always takes first (eras have P110).
void CheckWindowCases(const model::Policy& policy, const Locator& locate, Work& work, std::vector<Diagnostic>& out) {
  for (const model::Window& w : policy.windows) {
    if (w.cases.size() > Space::kMaxEntries) continue;
    Space space(policy, nullptr, &work);
    std::vector<std::pair<const model::WindowCase*, Region>> earlier;
    for (const model::WindowCase& c : w.cases) {
      const syntax::Node* when = locate.Field(c.where, "when");
      if (!c.when || !when) continue;  // an era or the default
      auto region = space.FromCondition(*c.when);
      if (!region) continue;
      Region rest = *region;
      const model::WindowCase* by = nullptr;
      for (const auto& [e, r] : earlier) {
        if (space.Intersect(rest, r).empty()) continue;
        rest = space.Subtract(rest, r);
        by = e;
      }
      if (space.Exhausted()) return;  // nothing computed from here on may be reported
      if (rest.empty() && by)
        out.push_back(locate.In(when, *c.when, Severity::kError, "C505",
                                fmt::format("this case of window `{}` can never apply: the case at line {} comes first", w.name,
                                            by->where.line),
                                c.where));
      earlier.push_back({&c, *region});
    }
  }
}

}  // namespace

void CheckWindows(const model::Policy& policy, const Locator& locate, Work& work, std::vector<Diagnostic>& out) {
  CheckList(policy, policy.order_rules, locate, out);
  CheckList(policy, policy.item_rules, locate, out);
  CheckWindowCases(policy, locate, work, out);
}

}  // namespace refund::check
