// Rule lists: a rule earlier rules always take first (C401), a fallback the rules before it
// already cover (C402), combinations of status x payment type x item kind that a list without
// fallback leaves to nobody (C403), a condition that can never hold (C404).
#include <fmt/format.h>

#include <algorithm>

#include "engine/check/passes.h"
#include "engine/check/region.h"
#include "engine/schema/schema.h"

namespace refund::check {
namespace {

using model::Expr;
using model::Rule;

// A rule that, when its condition holds, certainly decides: no quota that could be used up, and
// a group only when it ends in such a fallback.
bool AlwaysDecides(const Rule& rule) {
  if (rule.quota >= 0) return false;
  if (rule.children.empty()) return true;
  const Rule& last = rule.children.back();
  return last.otherwise && AlwaysDecides(last);
}

std::optional<Region> RegionOf(Space& space, const Rule& rule, const Region& context) {
  if (rule.otherwise) return context;
  if (!rule.when) return std::nullopt;  // its error is already reported
  auto own = space.FromCondition(*rule.when);
  if (!own) return std::nullopt;
  return space.Intersect(context, *own);
}

std::string Names(const std::vector<const Rule*>& rules) {
  std::vector<std::string> names;
  for (const Rule* r : rules) names.push_back(fmt::format("`{}` (line {})", r->id, r->where.line));
  if (names.size() == 1) return names[0];
  std::string last = names.back();
  names.pop_back();
  return fmt::format("{} and {}", fmt::join(names, ", "), last);
}

struct ListChecker {
  const model::Policy& policy;
  const Locator& locate;
  std::vector<Diagnostic>& out;
  Space space;

  void CheckList(const std::vector<Rule>& rules, const Region& context, const Rule* group) {
    if (rules.size() > Space::kMaxEntries) return;
    struct Earlier {
      const Rule* rule;
      std::optional<Region> region;
    };
    std::vector<Earlier> earlier;
    bool after_fallback = false;  // P108 already says the rest can never apply
    for (const Rule& rule : rules) {
      if (!rule.when && !rule.otherwise) continue;
      auto region = RegionOf(space, rule, context);
      if (space.Exhausted()) return;  // nothing computed from here on may be reported
      if (region && region->empty() && !rule.otherwise) {
        std::string where = group ? fmt::format(" inside group `{}`", group->id) : "";
        out.push_back(locate.In(locate.Field(rule.where, "when"), *rule.when, Severity::kError, "C404",
                                fmt::format("the condition of rule `{}` can never hold{}", rule.id, where), rule.where));
        out.back().help = group ? "it contradicts the group's own condition" : "it asks one field for two different values";
      } else if (region) {
        if (!after_fallback) ReportShadowed(rule, *region, earlier);
        if (!rule.children.empty()) CheckList(rule.children, *region, &rule);
      }
      earlier.push_back({&rule, AlwaysDecides(rule) ? region : std::nullopt});
      after_fallback = after_fallback || rule.otherwise;
    }
  }

  template <typename Earlier>
  void ReportShadowed(const Rule& rule, const Region& region, const std::vector<Earlier>& earlier) {
    Region rest = region;
    std::vector<const Earlier*> by;
    for (const Earlier& e : earlier) {
      if (!e.region || space.Intersect(rest, *e.region).empty()) continue;
      rest = space.Subtract(rest, *e.region);
      by.push_back(&e);
      if (rest.empty()) break;
    }
    if (!rest.empty() || by.empty() || space.Exhausted()) return;
    std::vector<const Rule*> rules;
    for (const Earlier* e : by)
      if (space.Subtract(region, *e->region).empty()) rules = {e->rule};
    if (space.Exhausted()) return;
    if (rules.empty())
      for (const Earlier* e : by) rules.push_back(e->rule);
    const bool one = rules.size() == 1;
    if (rule.otherwise) {
      Diagnostic d = locate.AtRule(rule, Severity::kWarning, "C402",
                                   fmt::format("fallback `{}` can never apply: {} {} {} every case first", rule.id,
                                               one ? "rule" : "rules", Names(rules), one ? "takes" : "take"));
      d.help = "make the last of them the fallback (`otherwise: true`), or narrow them if some case should reach it";
      out.push_back(std::move(d));
      return;
    }
    Diagnostic d = locate.AtRule(rule, Severity::kError, "C401",
                                 fmt::format("rule `{}` can never apply: {} {} {} first whenever it would", rule.id,
                                             one ? "rule" : "rules", Names(rules), one ? "applies" : "apply"));
    d.help = fmt::format("move `{}` above {}, or narrow {}", rule.id, one ? "it" : "them", one ? "it" : "them");
    out.push_back(std::move(d));
  }
};

// --- C403: combinations no rule of a list without fallback covers -------------------------------

void CollectKinds(const Expr& e, std::set<std::string>& kinds) {
  if (e.args.size() == 2 && e.args[0].op == model::Op::kPath && e.args[0].name == "item.kind" &&
      e.args[1].op == model::Op::kLiteral) {
    if (e.args[1].type == model::Type::kString) kinds.insert(e.args[1].literal.text);
    kinds.insert(e.args[1].literal.list.begin(), e.args[1].literal.list.end());
  }
  for (const Expr& arg : e.args) CollectKinds(arg, kinds);
}

void CollectRuleKinds(const std::vector<Rule>& rules, std::set<std::string>& kinds) {
  for (const Rule& r : rules) {
    if (r.when) CollectKinds(*r.when, kinds);
    CollectRuleKinds(r.children, kinds);
  }
}

// Whether some order of `point` gets past the order rules to the item rules.
bool ReachesItemRules(Space& space, const Region& point, const std::vector<Rule>& order_rules) {
  Region rest = point;
  for (const Rule& rule : order_rules) {
    if (!rule.when && !rule.otherwise) continue;
    auto region = RegionOf(space, rule, Space::Everything());
    const bool items = rule.order_outcome == model::OrderOutcome::kItems;
    if (!region) {
      if (items) return true;
      continue;
    }
    if (items) {
      if (!space.Intersect(rest, *region).empty()) return true;
      continue;
    }
    rest = space.Subtract(rest, *region);
    if (rest.empty()) return false;
  }
  return true;
}

bool Covered(Space& space, const Region& point, const std::vector<Rule>& rules) {
  for (const Rule& rule : rules) {
    if (!rule.when && !rule.otherwise) continue;
    auto region = RegionOf(space, rule, point);
    if (!region) return true;  // cannot tell: assume it does
    if (region->empty()) continue;
    if (rule.children.empty() || Covered(space, *region, rule.children)) return true;
  }
  return false;
}

void CheckGaps(const model::Policy& policy, const Locator& locate, Work& work, std::vector<Diagnostic>& out) {
  const auto& rules = policy.item_rules;
  if (rules.empty() || rules.size() > Space::kMaxEntries || std::any_of(rules.begin(), rules.end(), [](const Rule& r) { return r.otherwise; })) return;
  Space space(policy, nullptr, &work);
  std::set<std::string> mentioned;
  CollectRuleKinds(rules, mentioned);
  std::vector<std::string> kinds(mentioned.begin(), mentioned.end());
  kinds.push_back(mentioned.count("other") ? "other_kind" : "other");
  const schema::Field* status = schema::FindField("order.status");
  std::vector<std::string> payment_types = policy.payment_types;
  std::vector<std::string> gaps;
  for (std::string_view s : status->values) {
    for (size_t p = 0; p < std::max<size_t>(payment_types.size(), 1); ++p) {
      for (const std::string& kind : kinds) {
        if (!space.Charge(Space::kGapPointWork)) return;
        Box box;
        ValueSet v;
        v.texts = {std::string(s)};
        box["order.status"] = v;
        if (!payment_types.empty()) {
          v.texts = {payment_types[p]};
          box["order.payment_type"] = v;
        }
        v.texts = {kind};
        box["item.kind"] = v;
        Region point{box};
        if (!ReachesItemRules(space, point, policy.order_rules) || Covered(space, point, rules)) continue;
        if (space.Exhausted()) return;
        gaps.push_back(payment_types.empty()
                           ? fmt::format("`order.status` `{}`, `item.kind` `{}`", s, kind)
                           : fmt::format("`order.status` `{}`, `order.payment_type` `{}`, `item.kind` `{}`", s,
                                         payment_types[p], kind));
      }
    }
  }
  if (gaps.empty() || space.Exhausted()) return;
  Diagnostic d = locate.AtRule(rules.back(), Severity::kWarning, "C403",
                               fmt::format("no item rule applies to some items: for example {}", gaps[0]));
  d.help = gaps.size() == 1 ? "such an item gets no refund and no reason; end the list with `otherwise: true`"
                            : fmt::format("{} more combinations of status, payment type and item kind are not covered "
                                          "either; end the list with `otherwise: true`",
                                          gaps.size() - 1);
  out.push_back(std::move(d));
}

}  // namespace

void CheckRules(const model::Policy& policy, const Locator& locate, Work& work, std::vector<Diagnostic>& out) {
  ListChecker checker{policy, locate, out, Space(policy, nullptr, &work)};
  checker.CheckList(policy.order_rules, Space::Everything(), nullptr);
  checker.CheckList(policy.item_rules, Space::Everything(), nullptr);
  CheckGaps(policy, locate, work, out);
}

}  // namespace refund::check
