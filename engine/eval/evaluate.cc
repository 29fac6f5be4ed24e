// One order through the policy: order rules (gates), item rules, score, review, and the
// decision's totals, outcome, reasons and deadline.
#include <algorithm>

#include "engine/eval/item_rules.h"
#include "engine/eval/messages.h"
#include "engine/model/policy.h"
#include "refund/policy.h"

namespace refund {
namespace {

using eval::Holds;
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
    if (scope.trace) scope.trace->Event(0, "signal " + signal.id, signal.where);
    if (signal.when && !Holds(*signal.when, scope)) continue;
    if (!signal.counts_history) {
      eval::Reach(scope, &signal);
      score += signal.points;
      if (scope.trace) scope.trace->signals.push_back({signal.id, signal.points, 0, 0, signal.where});
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
    if (scope.trace && beyond > 0)
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

void DecideByGate(const model::Policy& policy, const Order& order, const model::Rule& gate,
                  const eval::MessageRenderer& messages, const Scope& scope, Decision& d) {
  eval::MessageFacts facts;
  std::optional<Instant> end;
  if (gate.window >= 0) end = scope.windows->End(gate.window, scope);
  facts.window_end = end;
  if (scope.trace) {
    scope.trace->gate = gate.id;
    scope.trace->gate_where = gate.where;
    if (gate.window >= 0) scope.trace->gate_window = scope.windows->Fact(gate.window, scope);
  }
  Reason reason = messages.Render(gate.code, gate, facts, scope);
  for (size_t i = 0; i < order.items.size(); ++i) {
    if (!order.IsRequested(static_cast<int>(i))) continue;
    ItemDecision item;
    item.id = order.items[i].id;
    item.rule = gate.id;
    if (scope.trace) scope.trace->items.push_back(eval::TraceGateItem(gate, order, static_cast<int>(i)));
    item.reasons.push_back(reason);
    for (model::Tender t : policy.decision_tenders) item.parts.push_back({model::TenderName(t), 0});
    d.items.push_back(std::move(item));
  }
  d.reasons.push_back(reason);
  d.outcome = gate.order_outcome == model::OrderOutcome::kCancel ? Outcome::kCancel : Outcome::kNoRefund;
  d.review = d.review || gate.review;
  if (gate.deadline && end && *end > order.request.at) AddDeadline(d, end);
}

void DecideByItems(const model::Policy& policy, const compile::Tree& tree, const Order& order, const Scope& scope,
                   const eval::MessageRenderer& messages, Decision& d) {
  eval::ItemEvaluator evaluator(policy, tree, order, *scope.windows, scope.coverage, scope.trace);
  std::vector<ItemResult> results = evaluator.Run();
  bool all_full = !results.empty();
  for (const ItemResult& r : results) {
    const Item& source = order.items[r.index];
    ItemDecision item;
    item.id = source.id;
    item.refund = r.refund;
    item.refundable = r.refundable;
    item.outcome = ItemOutcome(r.refund, r.refundable);
    item.rule = r.rule ? r.rule->id : "";
    item.reasons = messages.RenderItem(r, source, order);
    for (model::Tender t : policy.decision_tenders) item.parts.push_back({model::TenderName(t), r.parts[static_cast<int>(t)]});
    all_full = all_full && item.outcome == Outcome::kFullRefund;
    if (scope.trace) scope.trace->items.push_back(eval::TraceItem(policy, order, *scope.windows, r));
    d.refund_total += r.refund;
    d.review = d.review || r.review;
    AddDeadline(d, r.deadline);
    d.items.push_back(std::move(item));
  }
  d.outcome = all_full ? Outcome::kFullRefund : d.refund_total == 0 ? Outcome::kNoRefund : Outcome::kPartialRefund;
}

void SumTotals(const model::Policy& policy, const Order& order, Decision& d) {
  for (model::Tender t : policy.decision_tenders) {
    int64_t sum = 0;
    for (const ItemDecision& item : d.items)
      for (const TenderAmount& part : item.parts)
        if (part.tender == model::TenderName(t)) sum += part.minor;
    d.refund_parts.push_back({model::TenderName(t), sum});
  }
  int64_t paid = 0;
  for (size_t i = 0; i < order.items.size(); ++i) {
    if (!order.IsRequested(static_cast<int>(i))) continue;
    const Tenders& p = order.items[i].paid;
    paid += p.cash + p.stored_card + p.voucher + p.coupon;
  }
  d.forfeited = order.status == "unpaid" ? 0 : paid - d.refund_total;
}

void Review(const model::Policy& policy, const eval::MessageRenderer& messages, Scope scope, Decision& d,
            std::vector<Reason>& order_reasons) {
  scope.score = d.score;
  scope.refund_total = d.refund_total;
  if (!policy.review_code.empty() && d.score < policy.review_below) {
    d.review = true;
    order_reasons.push_back(messages.RenderOrder(policy.review_code, "score", scope));
  }
  for (const model::ReviewRule& rule : policy.review) {
    if (!Holds(rule.when, scope)) continue;
    eval::Reach(scope, &rule);
    if (scope.trace) scope.trace->reviews.push_back({rule.id, rule.code, rule.where});
    d.review = true;
    order_reasons.push_back(messages.RenderOrder(rule.code, rule.id, scope));
  }
}

// Order-level reasons first, then every item reason code once, in first-seen order.
void CollectReasons(Decision& d, std::vector<Reason> order_reasons) {
  std::vector<Reason> all = std::move(order_reasons);
  auto seen = [&](const std::string& code) {
    return std::any_of(all.begin(), all.end(), [&](const Reason& r) { return r.code == code; });
  };
  for (const ItemDecision& item : d.items)
    for (const Reason& r : item.reasons)
      if (!seen(r.code)) all.push_back(r);
  d.reasons = std::move(all);
}

}  // namespace

Decision Evaluate(const CompiledPolicy& versions, const Order& order, const EvalOptions& options) {
  const CompiledPolicy& compiled = versions.InForce(order);  // effective-dated versions: one decides
  const model::Policy& policy = compiled.model();
  Decision d;
  d.order_id = order.id;
  d.request_id = order.request.id;
  d.policy_name = policy.name;
  d.policy_version = policy.version;
  d.policy_digest = policy.digest;
  d.currency_digits = policy.currency.digits();
  d.time_zone = policy.time_zone_name;
  eval::WindowResolver windows(policy);
  Scope scope;
  scope.policy = &policy;
  scope.order = &order;
  scope.windows = &windows;
  scope.coverage = options.coverage;
  scope.trace = options.trace;
  if (options.trace) {
    options.trace->score_start = policy.score_start;
    options.trace->review_below = policy.review_below;
  }
  eval::MessageRenderer messages(policy, options.language);
  d.score = Score(policy, scope);
  const model::Rule* gate = FirstOrderMatch(compiled.tree().order_rules, scope);
  if (gate && gate->order_outcome != model::OrderOutcome::kItems) {
    DecideByGate(policy, order, *gate, messages, scope, d);
  } else {
    DecideByItems(policy, compiled.tree(), order, scope, messages, d);
  }
  SumTotals(policy, order, d);
  std::vector<Reason> order_reasons = d.reasons;
  Review(policy, messages, scope, d, order_reasons);
  CollectReasons(d, std::move(order_reasons));
  return d;
}

}  // namespace refund
