// `refundctl check --dump`: the compiled policy as stable text (golden-tested).
#include <fmt/format.h>

#include "engine/compile/tree.h"
#include "engine/schema/schema.h"

namespace refund::compile {
namespace {

using model::Rule;

std::string Where(const model::SourceRef& ref) { return fmt::format("{}:{}", ref.file, ref.line); }

std::string Action(const model::Policy& policy, const Rule& rule, bool item_level) {
  std::string out;
  if (!item_level) {
    out = rule.order_outcome == model::OrderOutcome::kCancel ? "cancel"
          : rule.order_outcome == model::OrderOutcome::kNoRefund ? "no_refund" : "decide each item";
  } else if (rule.refund == model::RefundKind::kFormula) {
    out = "formula " + (rule.formula >= 0 ? policy.formulas[rule.formula].name : std::string("?"));
  } else {
    out = rule.refund == model::RefundKind::kFull ? "full" : rule.refund == model::RefundKind::kNone ? "none" : "inherit from parent";
  }
  if (item_level && rule.refund != model::RefundKind::kNone && rule.refund != model::RefundKind::kInherit)
    out += " of " + policy.tender_sets[rule.tenders].name + " tenders";
  if (!rule.code.empty()) out += ", code " + rule.code;
  if (!rule.orphan_code.empty()) out += ", parent not requested: " + rule.orphan_code;
  if (rule.window_of_parent) out += ", window of the parent";
  if (rule.quota >= 0) out += ", uses quota " + policy.quotas[rule.quota].name;
  if (rule.window >= 0) out += ", window " + policy.windows[rule.window].name;
  if (rule.deadline) out += " (deadline)";
  if (rule.review) out += ", review";
  return out;
}

// One line per branch of `node` (values in sorted order, then `else`): a leaf's rule ids, or the
// next key with that branch's own branches indented below it.
void DumpBranches(const std::vector<Rule>& rules, const Dispatch& node, const std::string& pad, std::string& out) {
  for (size_t b = 0; b < node.branches.size(); ++b) {
    std::string_view value = b < node.values.size() ? std::string_view(node.values[b]) : "else";
    const Dispatch& branch = node.branches[b];
    if (!branch.leaf()) {
      out += fmt::format("{}{} -> dispatch on {}\n", pad, value, schema::Fields()[branch.key_field].path);
      DumpBranches(rules, branch, pad + "  ", out);
      continue;
    }
    std::vector<std::string_view> ids;
    for (int i : branch.candidates) ids.push_back(rules[i].id);
    out += fmt::format("{}{} -> {}\n", pad, value, fmt::join(ids, ", "));
  }
}

void DumpList(const model::Policy& policy, const RuleList& list, bool item_level, int depth, std::string& out) {
  std::string pad(depth * 2, ' ');
  const auto& rules = *list.rules;
  if (!list.dispatch.leaf()) {
    out += fmt::format("{}dispatch on {}\n", pad, schema::Fields()[list.dispatch.key_field].path);
    DumpBranches(rules, list.dispatch, pad + "  ", out);
  }
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule& rule = rules[i];
    out += fmt::format("{}rule {}  [{}]\n", pad, rule.id, Where(rule.where));
    out += fmt::format("{}  when {}\n", pad, rule.otherwise ? "otherwise" : model::DumpExpr(*rule.when));
    if (auto it = list.children.find(static_cast<int>(i)); it != list.children.end()) {
      DumpList(policy, it->second, item_level, depth + 2, out);
      continue;
    }
    out += fmt::format("{}  then {}\n", pad, Action(policy, rule, item_level));
    for (const model::Also& also : rule.also) out += fmt::format("{}  also {} when {}\n", pad, also.code, model::DumpExpr(also.when));
  }
}

void DumpWindows(const model::Policy& policy, std::string& out) {
  for (const model::Window& w : policy.windows) {
    out += fmt::format("window {}  [{}]{}\n", w.name, Where(w.where), w.inclusive_end ? " inclusive end" : "");
    for (const model::WindowCase& c : w.cases) {
      std::string length = c.calendar ? fmt::format("{} calendar days from the {}", c.calendar_days, c.count_from_next_day ? "next day" : "same day")
                                      : fmt::format("{}h elapsed", c.elapsed.micros / kMicrosPerHour);
      out += fmt::format("  {}{} + {}\n", c.when ? "when " + model::DumpExpr(*c.when) + ": " : "", model::DumpExpr(c.anchor), length);
    }
  }
}

void DumpFormulas(const model::Policy& policy, std::string& out) {
  for (const model::Formula& f : policy.formulas) {
    out += fmt::format("formula {}  [{}]\n", f.name, Where(f.where));
    for (const model::FormulaExit& g : f.guards) out += fmt::format("  guard {} -> {}\n", model::DumpExpr(*g.when), g.code);
    for (const model::Step& s : f.steps) {
      if (s.value) out += fmt::format("  {} = {}\n", s.name, model::DumpExpr(*s.value));
      for (const model::TableRow& row : s.table)
        out += fmt::format("  {} = {} when {}\n", s.name, model::DumpExpr(row.value), row.when ? model::DumpExpr(*row.when) : "otherwise");
    }
    out += fmt::format("  refund = {}\n", model::DumpExpr(f.refund));
    if (f.unavailable) out += fmt::format("  unavailable -> {}{}\n", f.unavailable->code, f.unavailable->review ? ", review" : "");
  }
}

}  // namespace

std::string DumpTree(const model::Policy& policy, const Tree& tree) {
  std::string out = fmt::format("policy {} {} ({}, {}, rounding {})\n", policy.name, policy.version,
                                policy.time_zone_name, policy.currency.code(), RoundingName(policy.rounding));
  DumpWindows(policy, out);
  for (const model::Quota& q : policy.quotas)
    out += fmt::format("quota {}  [{}]: {} per {}\n", q.name, Where(q.where), q.limit,
                       q.item_group ? "group " + model::DumpExpr(*q.item_group) : std::string("account"));
  DumpFormulas(policy, out);
  out += "order rules\n";
  DumpList(policy, tree.order_rules, false, 1, out);
  out += "item rules\n";
  DumpList(policy, tree.item_rules, true, 1, out);
  for (const model::Note& n : policy.notes) out += fmt::format("note {} -> {} when {}\n", n.id, n.code, model::DumpExpr(n.when));
  for (const model::Signal& s : policy.signals)
    out += fmt::format("signal {}: {} points{}\n", s.id, s.points, s.counts_history ? fmt::format(" per history refund beyond {}", s.allowance) : "");
  for (const model::ReviewRule& r : policy.review) out += fmt::format("review {} -> {} when {}\n", r.id, r.code, model::DumpExpr(r.when));
  return out;
}

}  // namespace refund::compile
