// Lists a policy's branches for coverage reports (see coverage.h).
#include "engine/eval/coverage.h"

#include <fmt/format.h>

namespace refund::eval {
namespace {

void AddRules(const std::vector<model::Rule>& rules, std::vector<Branch>& out) {
  for (const model::Rule& rule : rules) {
    out.push_back({&rule, "rule " + rule.id, rule.where});
    AddRules(rule.children, out);
  }
}

void AddFormulas(const model::Policy& policy, std::vector<Branch>& out) {
  for (const model::Formula& f : policy.formulas) {
    for (size_t i = 0; i < f.guards.size(); ++i)
      out.push_back({&f.guards[i], fmt::format("guard {}#{}", f.name, i + 1), f.guards[i].where});
    if (f.unavailable) out.push_back({&*f.unavailable, "unavailable " + f.name, f.unavailable->where});
    for (const model::Step& step : f.steps)
      for (size_t i = 0; i < step.table.size(); ++i)
        out.push_back({&step.table[i], fmt::format("row {}.{}#{}", f.name, step.name, i + 1), step.table[i].where});
  }
}

void AddAlsos(const std::vector<model::Rule>& rules, std::vector<Branch>& out) {
  for (const model::Rule& rule : rules) {
    for (size_t i = 0; i < rule.also.size(); ++i)
      out.push_back({&rule.also[i], fmt::format("also {}#{}", rule.id, i + 1), rule.also[i].where});
    AddAlsos(rule.children, out);
  }
}

}  // namespace

std::vector<Branch> ListBranches(const model::Policy& policy) {
  std::vector<Branch> out;
  AddRules(policy.order_rules, out);
  AddRules(policy.item_rules, out);
  AddFormulas(policy, out);
  AddAlsos(policy.order_rules, out);
  AddAlsos(policy.item_rules, out);
  for (const model::Note& note : policy.notes) out.push_back({&note, "note " + note.id, note.where});
  for (const model::Window& w : policy.windows)
    for (size_t i = 0; i < w.cases.size(); ++i)
      out.push_back({&w.cases[i], fmt::format("window {}#{}", w.name, i + 1), w.cases[i].where});
  for (const model::Signal& s : policy.signals) out.push_back({&s, "signal " + s.id, s.where});
  for (const model::ReviewRule& r : policy.review) out.push_back({&r, "review " + r.id, r.where});
  return out;
}

std::vector<Branch> UnreachedBranches(const model::Policy& policy, const CoverageSink& sink) {
  std::vector<Branch> out;
  for (Branch& b : ListBranches(policy))
    if (!sink.Reached(b.node)) out.push_back(std::move(b));
  return out;
}

}  // namespace refund::eval
