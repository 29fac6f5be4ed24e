// One order through the policy: order rules (gates), item rules, score, review, and the
// decision's totals, outcome, reasons and deadline. The decision is written in place: its
// strings and vectors are assigned, not rebuilt, so a reused Decision keeps its capacity; the
// evaluator's own scratch memory is a per-thread Workspace, likewise reused.
//
// Cost: linear in items + history entries times the policy's size (item_rules.h), plus the
// order's reasons: each item reason is compared with the distinct codes met so far, which the
// policy's declared codes bound.
#include <algorithm>

#include "engine/eval/item_rules.h"
#include "engine/eval/messages.h"
#include "engine/eval/reuse.h"
#include "engine/eval/work.h"
#include "engine/model/policy.h"
#include "engine/source/same_text.h"
#include "refund/policy.h"

namespace refund {
namespace {

using eval::Holds;
using eval::kTraceBuilt;
using eval::Tracing;
using eval::Next;
using eval::Trim;
using eval::ItemResult;
using eval::Scope;

const model::Rule* FirstOrderMatch(const compile::RuleList& list, const Scope& scope) {
  for (int position : eval::Candidates(list, scope)) {
    const model::Rule& rule = (*list.rules)[position];
    if (!eval::RuleHolds(rule, scope)) continue;
    eval::Reach(scope, &rule);
    if (rule.children.empty()) return &rule;
    Scope inner_scope = scope;
    ++inner_scope.depth;
    if (const model::Rule* inner = FirstOrderMatch(list.children.at(position), inner_scope)) return inner;
  }
  return nullptr;
}

int64_t Score(const model::Policy& policy, const Scope& scope) {
  int64_t score = policy.score_start;
  for (const model::Signal& signal : policy.signals) {
    if (Tracing(scope)) (scope.trace->Line(0, &signal.where) += "signal ") += signal.id;
    if (signal.when && !Holds(*signal.when, scope)) continue;
    if (!signal.counts_history) {
      eval::Reach(scope, &signal);
      score += signal.points;
      if (Tracing(scope)) scope.trace->signals.push_back({signal.id, signal.points, 0, 0, signal.where});
      continue;
    }
    Scope entry_scope = scope;
    int64_t count = 0;
    for (const HistoryRefund& entry : scope.order->history) {
      entry_scope.entry = &entry;
      if (!signal.history_filter || Holds(*signal.history_filter, entry_scope)) ++count;
    }
    const int64_t beyond = std::max<int64_t>(0, count - signal.allowance);
    if (beyond > 0) eval::Reach(scope, &signal);
    score += signal.points * beyond;
    if (Tracing(scope) && beyond > 0)
      scope.trace->signals.push_back({signal.id, signal.points * beyond, count, signal.allowance, signal.where});
  }
  return std::clamp<int64_t>(score, 0, 100);
}

void AddDeadline(Decision& d, std::optional<Instant> at) {
  if (at && (!d.deadline || *at < *d.deadline)) d.deadline = at;
}

Outcome ItemOutcome(int64_t refund, int64_t refundable) {
  if (refund > 0 && refund == refundable) return Outcome::kFullRefund;
  return refund > 0 ? Outcome::kPartialRefund : Outcome::kNoRefund;
}

// An item's refund by decision tender (`refund_parts` of decisions.md), zeros included.
void SetParts(const model::Policy& policy, const int64_t (&by_tender)[4], std::vector<TenderAmount>& parts) {
  parts.resize(policy.decision_tenders.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    const model::Tender t = policy.decision_tenders[i];
    const std::string_view name = model::TenderName(t);
    if (!SameText(parts[i].tender, name)) parts[i].tender.assign(name);  // a reused decision has it already
    parts[i].minor = by_tender[static_cast<int>(t)];
  }
}

// The gate's reason goes to every requested item and first into the order's reasons.
void DecideByGate(const model::Policy& policy, const Order& order, const model::Rule& gate,
                  const eval::MessageRenderer& messages, const Scope& scope, eval::Workspace& workspace, Decision& d,
                  size_t& order_reasons) {
  eval::MessageFacts facts;
  std::optional<Instant> end;
  if (gate.window >= 0) end = scope.windows->End(gate.window, scope);
  facts.window_end = end;
  if (Tracing(scope)) {
    scope.trace->gate = gate.id;
    scope.trace->gate_where = gate.where;
    if (gate.window >= 0) scope.trace->gate_window = scope.windows->Fact(gate.window, scope);
  }
  Reason& reason = Next(d.reasons, order_reasons, workspace.spare_reasons);
  messages.Render(gate.code, gate.code_index, gate, facts, scope, reason);
  static constexpr int64_t kNothing[4] = {0, 0, 0, 0};
  size_t used = 0;
  for (size_t i = 0; i < order.items.size(); ++i) {
    if (!workspace.requested[i]) continue;
    ItemDecision& item = Next(d.items, used, workspace.spare_items);
    item.id = order.items[i].id;
    item.outcome = Outcome::kNoRefund;
    item.refund = item.refundable = 0;
    item.rule = gate.id;
    if (Tracing(scope)) scope.trace->items.push_back(eval::TraceGateItem(gate, order, static_cast<int>(i)));
    size_t reasons = 0;
    Next(item.reasons, reasons, workspace.spare_reasons) = reason;
    Trim(item.reasons, reasons, workspace.spare_reasons);
    SetParts(policy, kNothing, item.parts);
  }
  Trim(d.items, used, workspace.spare_items);
  d.outcome = gate.order_outcome == model::OrderOutcome::kCancel ? Outcome::kCancel : Outcome::kNoRefund;
  d.review = d.review || gate.review;
  if (gate.deadline && end && *end > order.request.at) AddDeadline(d, end);
}

void DecideByItems(const model::Policy& policy, const compile::Tree& tree, const Order& order, const Scope& scope,
                   const eval::MessageRenderer& messages, eval::Workspace& workspace, Decision& d) {
  eval::ItemEvaluator evaluator(policy, tree, order, *scope.windows, workspace, scope.coverage, scope.trace);
  evaluator.Run();
  bool all_full = true;  // every requested item fully refunded (and there is one)
  size_t used = 0;
  for (size_t i = 0; i < order.items.size(); ++i) {
    if (!workspace.requested[i]) continue;
    const ItemResult& r = workspace.results[i];
    const Item& source = order.items[i];
    ItemDecision& item = Next(d.items, used, workspace.spare_items);
    item.id = source.id;
    item.refund = r.refund;
    item.refundable = r.refundable;
    item.outcome = ItemOutcome(r.refund, r.refundable);
    if (r.rule) item.rule = r.rule->id;
    else item.rule.clear();
    messages.RenderItem(r, source, order, item.reasons, workspace.spare_reasons);
    SetParts(policy, r.parts, item.parts);
    all_full = all_full && item.outcome == Outcome::kFullRefund;
    if (Tracing(scope)) scope.trace->items.push_back(eval::TraceItem(policy, order, *scope.windows, r));
    d.refund_total += r.refund;
    d.review = d.review || r.review;
    AddDeadline(d, r.deadline);
  }
  Trim(d.items, used, workspace.spare_items);
  all_full = all_full && used > 0;
  d.outcome = all_full ? Outcome::kFullRefund : d.refund_total == 0 ? Outcome::kNoRefund : Outcome::kPartialRefund;
}

void SumTotals(const model::Policy& policy, const Order& order, const eval::Workspace& workspace, Decision& d) {
  d.refund_parts.resize(policy.decision_tenders.size());
  for (size_t t = 0; t < policy.decision_tenders.size(); ++t) {
    int64_t sum = 0;
    for (const ItemDecision& item : d.items) sum += item.parts[t].minor;  // parts follow decision_tenders
    const std::string_view name = model::TenderName(policy.decision_tenders[t]);
    if (!SameText(d.refund_parts[t].tender, name)) d.refund_parts[t].tender.assign(name);
    d.refund_parts[t].minor = sum;
  }
  int64_t paid = 0;
  for (size_t i = 0; i < order.items.size(); ++i) {
    if (!workspace.requested[i]) continue;
    const Tenders& p = order.items[i].paid;
    paid += p.cash + p.stored_card + p.voucher + p.coupon;
  }
  d.forfeited = order.status == "unpaid" ? 0 : paid - d.refund_total;
}

void Review(const model::Policy& policy, const eval::MessageRenderer& messages, Scope scope,
            eval::Workspace& workspace, Decision& d, size_t& order_reasons) {
  scope.score = d.score;
  scope.refund_total = d.refund_total;
  if (!policy.review_code.empty() && d.score < policy.review_below) {
    d.review = true;
    messages.RenderOrder(policy.review_code, policy.review_code_index, "score", scope,
                         Next(d.reasons, order_reasons, workspace.spare_reasons));
  }
  for (const model::ReviewRule& rule : policy.review) {
    if (!Holds(rule.when, scope)) continue;
    eval::Reach(scope, &rule);
    if (Tracing(scope)) scope.trace->reviews.push_back({rule.id, rule.code, rule.where});
    d.review = true;
    messages.RenderOrder(rule.code, rule.code_index, rule.id, scope,
                         Next(d.reasons, order_reasons, workspace.spare_reasons));
  }
}

// After the `used` order-level reasons, every item reason code once, in first-seen order.
void CollectReasons(Decision& d, size_t used, eval::Workspace& workspace) {
  for (const ItemDecision& item : d.items)
    for (const Reason& r : item.reasons) {
      bool seen = false;
      for (size_t k = 0; k < used && !seen; ++k) seen = SameText(d.reasons[k].code, r.code);
      if (!seen) Next(d.reasons, used, workspace.spare_reasons) = r;
    }
  Trim(d.reasons, used, workspace.spare_reasons);
}

// Asks for the order's own memory and its items' at once. An order that is not in cache (one of a
// batch held in memory, as in `make bench`'s eval rows) then costs about one memory latency
// instead of one per item and field met in turn: a fifth of the time per order there. An order
// that was just parsed is in cache, and this is a dozen instructions. (The items' tag lists are
// one pointer further; prefetching them as well measured no better.)
void Prefetch(const Order& order) {
  const char* self = reinterpret_cast<const char*>(&order);
  for (size_t at = 0; at < sizeof(Order); at += 64) __builtin_prefetch(self + at);
  const char* items = reinterpret_cast<const char*>(order.items.data());
  const size_t bytes = order.items.size() * sizeof(Item);
  for (size_t at = 0; at < bytes; at += 64) __builtin_prefetch(items + at);
}

}  // namespace

void Evaluate(const CompiledPolicy& versions, const Order& order, const EvalOptions& options, Decision& d) {
  Prefetch(order);
  const CompiledPolicy& compiled = versions.InForce(order);  // effective-dated versions: one decides
  const model::Policy& policy = compiled.model();
  d.order_id = order.id;
  d.request_id = order.request.id;
  d.policy_name = policy.name;
  d.policy_version = policy.version;
  d.policy_digest = policy.digest;
  d.outcome = Outcome::kNoRefund;
  d.review = false;
  d.refund_total = 0;
  d.forfeited = 0;
  d.deadline.reset();
  d.currency_digits = policy.currency.digits();
  d.time_zone = policy.time_zone_name;
  eval::WindowResolver windows(policy);
  Scope scope;
  scope.policy = &policy;
  scope.order = &order;
  scope.windows = &windows;
  scope.coverage = options.coverage;
  scope.trace = kTraceBuilt ? options.trace : nullptr;
  if (Tracing(scope)) {
    scope.trace->score_start = policy.score_start;
    scope.trace->review_below = policy.review_below;
    scope.trace->items.reserve(order.items.size());  // an ItemTrace is large to move
  }
  thread_local eval::Workspace workspace;  // Evaluate never calls itself, so one per thread suffices
  eval::MarkRequested(order, workspace.requested);
  eval::WorkCount& work = eval::ThreadWork();
  ++work.evaluations;
  work.items += order.items.size();
  work.entries += order.history.size();
  eval::MessageRenderer messages(policy, options.language);
  d.score = Score(policy, scope);
  size_t order_reasons = 0;  // d.reasons is rebuilt from the front: order-level reasons first
  const model::Rule* gate = FirstOrderMatch(compiled.tree().order_rules, scope);
  if (gate && gate->order_outcome != model::OrderOutcome::kItems) {
    DecideByGate(policy, order, *gate, messages, scope, workspace, d, order_reasons);
  } else {
    DecideByItems(policy, compiled.tree(), order, scope, messages, workspace, d);
  }
  SumTotals(policy, order, workspace, d);
  Review(policy, messages, scope, workspace, d, order_reasons);
  CollectReasons(d, order_reasons, workspace);
}

Decision Evaluate(const CompiledPolicy& versions, const Order& order, const EvalOptions& options) {
  Decision d;
  Evaluate(versions, order, options, d);
  return d;
}

}  // namespace refund
