// What-if search (see whatif.h). The refund is piecewise constant in request.at, so the first
// instant at which it changes is found by stepping forward and then bisecting to the microsecond.
//
// Cost: every statement is found by re-evaluating the order, each evaluation linear in its size
// (items + history entries), so what bounds the cost is the number of evaluations, and that is a
// constant whatever the order's size or dates: at most kMaxLineProbes lines are tried without
// them (the lines not fully refunded first: one of them spoils a full refund), at most
// kMaxEarlier window ends, and a walk forward in time takes at most kMaxSteps strides (a longer
// span takes longer strides) before bisecting (at most 64 halvings). Large orders walk in fewer,
// longer strides (kStepWork), and the search as a whole spends at most kWorkBudget (evaluations
// times the order's size): a kind of statement whose worst case would pass it is not searched, so
// an explanation of a huge order may say less, never something untrue. Only the request's time
// changes between most evaluations, so the order is copied once and its request.at set for each.
#include "engine/whatif/whatif.h"

#include <algorithm>
#include <functional>
#include <set>

#include "engine/eval/item_rules.h"
#include "engine/eval/value.h"
#include "engine/model/policy.h"

namespace refund::whatif {
namespace {

constexpr Duration kMicro{1};
constexpr int kMaxEarlier = 24;     // window ends tried, nearest first
constexpr int kMaxLineProbes = 16;  // lines tried for "without line X"
// Strides of one forward walk: ten years of days, so that a usual order's terms are walked a day
// at a time as before; longer spans (a term to 9999) take longer strides.
constexpr int64_t kMaxSteps = 3700;
constexpr int64_t kMinSteps = 16;
constexpr int64_t kStepWork = 200'000;     // a walk's strides x the order's size, above kMinSteps
constexpr int64_t kWorkBudget = 2'000'000; // evaluations x the order's size, for all statements

struct Result {
  Outcome outcome;
  int64_t refund;
};

int Rank(Outcome o) { return o == Outcome::kFullRefund ? 2 : o == Outcome::kPartialRefund ? 1 : 0; }

bool Better(const Result& a, const Result& b) {
  return Rank(a.outcome) > Rank(b.outcome) || (Rank(a.outcome) == Rank(b.outcome) && a.refund > b.refund);
}

class Search {
 public:
  Search(const CompiledPolicy& policy, const Order& order, const Decision& d)
      : policy_(policy), order_(order), now_{d.outcome, d.refund_total},
        size_(static_cast<int64_t>(order.items.size() + order.history.size()) + 1) {}

  // The strides a walk forward may take: kMaxSteps, fewer for a large order.
  int64_t Steps() const { return std::clamp(kStepWork / size_, kMinSteps, kMaxSteps); }
  // `stride`, or a longer one, so that walking from `from` to `limit` takes at most Steps() strides.
  Duration Stride(Duration stride, Instant from, Instant limit) const {
    const int64_t span = limit.micros - from.micros, steps = Steps();
    if (stride.micros <= 0 || span / stride.micros < steps) return stride;
    return Duration{span / steps + 1};
  }
  // Whether `evaluations` more stay within kWorkBudget.
  bool Affords(int64_t evaluations) const { return spent_ + evaluations * size_ <= kWorkBudget; }

  Result At(Instant at) const {
    if (!moved_) moved_ = order_;  // copied once, on the first change of time
    moved_->request.at = at;
    return Run(*moved_);
  }
  Result Run(const Order& changed) const {
    spent_ += size_;
    Evaluate(policy_, changed, {}, decision_);  // overwrites the whole decision, reusing its memory
    return {decision_.outcome, decision_.refund_total};
  }
  WhatIf Make(Kind kind, Instant at, const Result& after) const {
    WhatIf w;
    w.kind = kind;
    w.at = at;
    w.outcome_before = now_.outcome;
    w.refund_before = now_.refund;
    w.outcome_after = after.outcome;
    w.refund_after = after.refund;
    w.delta = after.refund - now_.refund;
    return w;
  }
  // The first instant in (lo, hi] at which `differs` holds, given it holds at hi and not at lo.
  Instant Bisect(Instant lo, Instant hi, const std::function<bool(const Result&)>& differs) const {
    while (hi.micros - lo.micros > 1) {
      Instant mid{lo.micros + (hi.micros - lo.micros) / 2};
      (differs(At(mid)) ? hi : lo) = mid;
    }
    return hi;
  }
  // Steps forward from request.at by `stride` up to `limit`; the first instant `differs` holds.
  std::optional<Instant> First(Duration stride, Instant limit, const std::function<bool(const Result&)>& differs) const {
    Instant lo = order_.request.at;
    stride = Stride(stride, lo, limit);  // a span shorter than Steps() strides keeps `stride`
    for (Instant t = lo + stride; t <= limit + stride; t = t + stride) {
      Instant probe = std::min(t, limit);
      if (differs(At(probe))) return Bisect(lo, probe, differs);
      if (probe == limit) break;
      lo = probe;
    }
    return std::nullopt;
  }

  const CompiledPolicy& policy_;
  const Order& order_;
  Result now_;
  mutable std::optional<Order> moved_;  // order_ with request.at changed (At)
  mutable Decision decision_;
  int64_t size_;  // items + history entries + 1: what one evaluation costs
  mutable int64_t spent_ = 0;
};

// `before` holds just before `first`, `r` from `first` on.
WhatIf Boundary(const Search& s, Kind kind, Instant first, const Result& before, const Result& r) {
  // A change that happens one microsecond after a whole minute reads "after HH:MM".
  const bool after = first.micros % (60 * kMicrosPerSecond) == 1;
  WhatIf w = s.Make(kind, after ? first - kMicro : first, r);
  w.after = after;
  w.outcome_before = before.outcome;
  w.refund_before = before.refund;
  w.delta = r.refund - before.refund;
  return w;
}

// The first instant after `from` at which the refund steps up (above its value just before),
// stepping a day at a time up to `limit`.
std::optional<Instant> FirstRise(const Search& s, Instant from, Instant limit) {
  Instant lo = from;
  Result prev = s.At(lo);
  const Duration stride = s.Stride(Duration::Days(1), from, limit);
  for (Instant t = lo + stride; lo < limit; t = t + stride) {
    Instant probe = std::min(t, limit);
    Result r = s.At(probe);
    if (r.refund > prev.refund) {
      const int64_t base = prev.refund;
      return s.Bisect(lo, probe, [base](const Result& x) { return x.refund > base; });
    }
    lo = probe;
    prev = r;
  }
  return std::nullopt;
}

void AddDeadline(const Search& s, const Decision& d, std::vector<WhatIf>& out) {
  if (!d.deadline) return;
  Result after = s.At(*d.deadline);
  Result before = s.At(*d.deadline - kMicro);
  if (before.outcome != d.outcome || before.refund != d.refund_total) return;
  if (after.outcome == d.outcome && after.refund == d.refund_total) return;
  out.push_back(s.Make(Kind::kDeadline, *d.deadline, after));
}

// Window ends the policy's windows give for this order and its requested lines, before request.at.
std::vector<std::pair<Instant, std::string>> PassedWindowEnds(const CompiledPolicy& policy, const Order& order,
                                                              const std::vector<char>& requested) {
  const model::Policy& model = policy.InForce(order).model();  // the version that decided
  eval::WindowResolver windows(model);
  eval::Scope scope;
  scope.policy = &model;
  scope.order = &order;
  scope.windows = &windows;
  std::set<std::pair<Instant, std::string>> ends;
  for (size_t w = 0; w < model.windows.size(); ++w) {
    if (auto end = windows.End(static_cast<int>(w), scope); end && *end < order.request.at) ends.insert({*end, ""});
    for (size_t i = 0; i < order.items.size(); ++i) {
      if (!requested[i]) continue;
      eval::Scope item_scope = scope;
      item_scope.item = &order.items[i];
      auto end = windows.End(static_cast<int>(w), item_scope);
      if (end && *end < order.request.at) ends.insert({*end, order.items[i].id});
    }
  }
  return {ends.rbegin(), ends.rend()};
}

void AddEarlierRequest(const Search& s, const CompiledPolicy& policy, const Order& order,
                       const std::vector<char>& requested, std::vector<WhatIf>& out) {
  int tried = 0;
  std::optional<Instant> last;
  for (const auto& [end, line] : PassedWindowEnds(policy, order, requested)) {
    if (last && *last == end) continue;  // one instant, several lines: the first names it
    last = end;
    if (++tried > kMaxEarlier) break;
    Result r = s.At(end - kMicro);
    if (Rank(r.outcome) <= Rank(s.now_.outcome)) continue;  // a better outcome, not just fewer days counted
    WhatIf w = s.Make(Kind::kEarlierRequest, end, r);
    w.line = line;
    out.push_back(w);
    return;
  }
}

// The request's lines (in the items' order) to try without: every one when there are at most
// kMaxLineProbes; else the lines not fully refunded first, as many as that.
std::vector<int> LinesToTry(const Order& order, const Decision& d, const std::vector<char>& requested) {
  std::vector<int> lines;
  for (size_t i = 0; i < order.items.size(); ++i)
    if (requested[i]) lines.push_back(static_cast<int>(i));
  if (lines.size() < 2 || lines.size() <= static_cast<size_t>(kMaxLineProbes)) return lines;
  std::vector<char> full(order.items.size(), 0);
  for (size_t k = 0; k < lines.size() && k < d.items.size(); ++k)  // d.items follow the requested lines
    full[lines[k]] = d.items[k].outcome == Outcome::kFullRefund;
  std::stable_partition(lines.begin(), lines.end(), [&full](int i) { return !full[i]; });
  lines.resize(kMaxLineProbes);
  std::sort(lines.begin(), lines.end());
  return lines;
}

void AddRemoveLine(const Search& s, const Order& order, const Decision& d, const std::vector<char>& requested,
                   std::vector<WhatIf>& out) {
  const std::vector<int> lines = LinesToTry(order, d, requested);
  if (lines.size() < 2) return;
  for (int index : lines) {
    WhatIf probe;
    probe.kind = Kind::kRemoveLine;
    probe.line = order.items[index].id;
    Result r = s.Run(WithChange(order, probe));
    if (r.outcome != Outcome::kFullRefund) continue;
    WhatIf w = s.Make(Kind::kRemoveLine, order.request.at, r);
    w.line = probe.line;
    out.push_back(w);
  }
}

void AddQuotaRenewal(const Search& s, const eval::TraceSink& trace, std::vector<WhatIf>& out) {
  std::optional<Instant> renews;
  for (const eval::ItemTrace& item : trace.items)
    if (item.quota && !item.quota->granted && item.quota->renews_at && (!renews || *item.quota->renews_at < *renews))
      renews = item.quota->renews_at;
  if (!renews || *renews <= s.order_.request.at) return;
  Result r = s.At(*renews);
  if (Better(r, s.now_)) out.push_back(s.Make(Kind::kQuotaRenewal, *renews, r));
}

void AddBoundaries(const Search& s, const Order& order, const eval::TraceSink& trace, std::vector<WhatIf>& out) {
  bool formula = false;
  std::optional<Instant> horizon;
  for (const eval::ItemTrace& item : trace.items) {
    if (item.steps.empty()) continue;
    formula = true;
    const Item& source = order.items[item.index];
    if (source.term && (!horizon || source.term->end > *horizon)) horizon = source.term->end;
  }
  if (!formula || !horizon || *horizon <= order.request.at) return;
  const Result now = s.now_;
  auto changed = [&](const Result& r) { return r.refund != now.refund || r.outcome != now.outcome; };
  std::optional<Instant> next = s.First(Duration::Hours(1), std::min(*horizon, order.request.at + Duration::Days(2)), changed);
  if (!next) next = s.First(Duration::Days(1), *horizon, changed);
  if (!next) return;
  out.push_back(Boundary(s, Kind::kNextChange, *next, s.At(*next - kMicro), s.At(*next)));
  if (s.At(*next).refund > now.refund) return;
  if (std::optional<Instant> rise = FirstRise(s, *next, *horizon))
    out.push_back(Boundary(s, Kind::kNextRise, *rise, s.At(*rise - kMicro), s.At(*rise)));
}

}  // namespace

Order WithChange(const Order& order, const WhatIf& w) {
  Order changed = order;
  if (w.kind == Kind::kRemoveLine) {
    std::vector<char> requested;
    eval::MarkRequested(order, requested);
    std::vector<int> kept;
    for (size_t i = 0; i < order.items.size(); ++i)
      if (requested[i] && order.items[i].id != w.line) kept.push_back(static_cast<int>(i));
    changed.request.items = kept;
    changed.request.items_given = true;
    return changed;
  }
  if (w.kind == Kind::kEarlierRequest) changed.request.at = w.at - kMicro;
  else changed.request.at = w.after ? w.at + kMicro : w.at;
  return changed;
}

std::vector<WhatIf> FindWhatIfs(const CompiledPolicy& policy, const Order& order, const Decision& decision,
                                const eval::TraceSink& trace) {
  Search s(policy, order, decision);
  std::vector<WhatIf> out;
  if (s.Affords(2)) AddDeadline(s, decision, out);
  if (decision.outcome == Outcome::kCancel) return out;
  std::vector<char> requested;
  eval::MarkRequested(order, requested);
  if (decision.outcome != Outcome::kFullRefund) {
    if (s.Affords(kMaxEarlier)) AddEarlierRequest(s, policy, order, requested, out);
    if (s.Affords(kMaxLineProbes)) AddRemoveLine(s, order, decision, requested, out);
    if (s.Affords(1)) AddQuotaRenewal(s, trace, out);
  }
  // Two walks and FirstRise's, each with its bisection, and the boundaries' own evaluations.
  const int64_t boundaries = 3 * (s.Steps() + 2 + 64) + 5;
  if (decision.outcome == Outcome::kPartialRefund && s.Affords(boundaries)) AddBoundaries(s, order, trace, out);
  return out;
}

}  // namespace refund::whatif
