// Builds the first-match rule lists (order level and item level, with groups), notes,
// scoring signals and review rules.
#include <fmt/format.h>

#include <map>

#include "engine/model/build_context.h"
#include "engine/source/did_you_mean.h"

namespace refund::model {
namespace {

template <typename T>
int FindByName(const std::vector<T>& items, const std::string& name) {
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].name == name) return static_cast<int>(i);
  return -1;
}

template <typename T>
std::optional<std::string> SuggestName(const std::vector<T>& items, const std::string& name) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.name);
  return DidYouMeanHelp(name, names);
}

struct RuleBuilder {
  BuildContext& ctx;
  Policy& policy;
  bool item_level;
  std::map<std::string, int, std::less<>> ids;  // every rule id of this list kind
  int next_index = 0;

  // Pre-pass: number every rule so that conditions can name rules that come later.
  void CollectIds(const syntax::Node& list) {
    if (!list.IsSequence()) return;
    for (const auto& node : list.items()) {
      if (!node.IsMap()) continue;
      if (auto* id = node.Find("id"); id && id->IsScalar()) {
        if (!ids.emplace(id->text(), next_index).second)
          ctx.Error(*id, "P105", fmt::format("rule id `{}` is used twice", id->text()));
      }
      ++next_index;
      if (auto* children = node.Find("rules")) CollectIds(*children);
    }
  }

  // Conditions run before any amount is known; `also` codes run after the rule's amount.
  ExprScope Scope(bool amounts = false) const {
    ExprScope scope = ctx.base_scope;
    scope.item = item_level;
    scope.amounts = item_level && amounts;
    scope.rule_functions = true;
    scope.rules = &ids;
    return scope;
  }

  std::vector<Rule> BuildList(const syntax::Node& list, std::string_view what) {
    std::vector<Rule> rules;
    if (!ctx.ExpectList(list, what)) return rules;
    if (list.items().size() > kMaxRules) {
      const syntax::Node& past = list.items()[kMaxRules];
      ctx.Error(past, "P111", fmt::format("too many rules in one list: at most {}", kMaxRules),
                "split the list into groups (`rules:`), each with its own condition");
      return rules;
    }
    for (const auto& node : list.items()) {
      if (auto rule = BuildRule(node)) {
        if (!rules.empty() && rules.back().otherwise)
          ctx.Error(node, "P108", fmt::format("rule `{}` can never apply: it comes after the fallback `{}`", rule->id, rules.back().id));
        rules.push_back(std::move(*rule));
      }
    }
    // A fallback followed by more rules already has its P108; the list does have a fallback.
    const bool has_fallback = std::any_of(rules.begin(), rules.end(), [](const Rule& r) { return r.otherwise; });
    if (!rules.empty() && !has_fallback)
      ctx.Warn(list, "P107", fmt::format("{} do not end in a fallback", what),
               "end the list with a rule that has `otherwise: true`");
    return rules;
  }

  std::optional<Rule> BuildRule(const syntax::Node& node) {
    if (!ctx.ExpectMap(node, "a rule")) return std::nullopt;
    if (item_level)
      ctx.CheckKeys(node, {"id", "when", "otherwise", "rules", "refund", "tenders", "quota", "code", "review",
                           "window", "deadline", "also", "message", "orphan_code", "inherit_window"});
    else
      ctx.CheckKeys(node, {"id", "when", "otherwise", "outcome", "code", "review", "window", "deadline", "message"});
    Rule rule;
    rule.where = ctx.Ref(node);
    if (auto* id = ctx.Require(node, "id", "a rule")) {
      rule.id = ctx.Text(*id, "a rule id").value_or("");
      auto it = ids.find(rule.id);
      rule.index = it == ids.end() ? -1 : it->second;
    }
    const syntax::Node* when = node.Find("when");
    const syntax::Node* otherwise = node.Find("otherwise");
    if (when && otherwise) ctx.Error(*otherwise, "P104", "a rule has `when` or `otherwise`, not both");
    if (otherwise) rule.otherwise = ctx.Boolean(*otherwise, "`otherwise`").value_or(false);
    if (when) rule.when = ctx.Expression(*when, Type::kBool, Scope());
    if (!when && !rule.otherwise) ctx.Error(node, "P102", fmt::format("rule `{}` needs `when` (or `otherwise: true`)", rule.id));
    if (auto* children = node.Find("rules")) {
      rule.children = BuildList(*children, fmt::format("the rules of group `{}`", rule.id));
      return rule;
    }
    BuildAction(node, rule);
    return rule;
  }

  void BuildAction(const syntax::Node& node, Rule& rule) {
    if (auto* code = node.Find("code")) rule.code = ctx.Text(*code, "a reason code").value_or("");
    if (auto* review = node.Find("review")) rule.review = ctx.Boolean(*review, "`review`").value_or(false);
    if (auto* message = node.Find("message")) rule.message = BuildMessage(ctx, *message);
    if (auto* window = node.Find("window")) {
      std::string name = ctx.Text(*window, "a window name").value_or("");
      rule.window = FindByName(policy.windows, name);
      if (rule.window < 0) ctx.Error(*window, "P106", fmt::format("unknown window `{}`", name), SuggestName(policy.windows, name));
    }
    if (auto* deadline = node.Find("deadline")) {
      rule.deadline = ctx.Boolean(*deadline, "`deadline`").value_or(false);
      if (rule.deadline && !node.Find("window")) ctx.Error(*deadline, "P102", "`deadline: true` needs the rule's `window`");
    }
    if (item_level) BuildItemAction(node, rule);
    else BuildOrderAction(node, rule);
  }

  void BuildOrderAction(const syntax::Node& node, Rule& rule) {
    const syntax::Node* outcome = ctx.Require(node, "outcome", "an order rule");
    if (!outcome) return;
    std::string v = ctx.Text(*outcome, "an outcome").value_or("");
    if (v == "cancel") rule.order_outcome = OrderOutcome::kCancel;
    else if (v == "no_refund") rule.order_outcome = OrderOutcome::kNoRefund;
    else if (v == "items") rule.order_outcome = OrderOutcome::kItems;
    else ctx.Error(*outcome, "P104", fmt::format("unknown outcome `{}`", v), "expected cancel, no_refund or items (decide per item)");
    if (rule.order_outcome != OrderOutcome::kItems && rule.code.empty())
      ctx.Error(node, "P102", fmt::format("rule `{}` decides the order and needs a `code`", rule.id));
  }

  void BuildItemAction(const syntax::Node& node, Rule& rule) {
    const syntax::Node* refund = ctx.Require(node, "refund", "an item rule");
    if (!refund) return;
    std::string v = ctx.Text(*refund, "`none`, `full`, `inherit` or a formula name").value_or("");
    if (v == "none") rule.refund = RefundKind::kNone;
    else if (v == "full") rule.refund = RefundKind::kFull;
    else if (v == "inherit") rule.refund = RefundKind::kInherit;
    else {
      rule.refund = RefundKind::kFormula;
      rule.formula = FindByName(policy.formulas, v);
      if (rule.formula < 0)
        ctx.Error(*refund, "P106", fmt::format("unknown formula `{}`", v),
                  SuggestName(policy.formulas, v).value_or("expected none, full, inherit or a formula name"));
    }
    if (auto* tenders = node.Find("tenders")) {
      std::string name = ctx.Text(*tenders, "a tender set").value_or("");
      rule.tenders = FindByName(policy.tender_sets, name);
      if (rule.tenders < 0) {
        ctx.Error(*tenders, "P106", fmt::format("unknown tender set `{}`", name), SuggestName(policy.tender_sets, name));
        rule.tenders = 0;
      }
    }
    if (auto* quota = node.Find("quota")) {
      std::string name = ctx.Text(*quota, "a quota").value_or("");
      rule.quota = FindByName(policy.quotas, name);
      if (rule.quota < 0) ctx.Error(*quota, "P106", fmt::format("unknown quota `{}`", name), SuggestName(policy.quotas, name));
    }
    if (rule.refund == RefundKind::kInherit) {
      if (auto* orphan = ctx.Require(node, "orphan_code", "an inheriting rule")) rule.orphan_code = ctx.Text(*orphan, "a reason code").value_or("");
      if (auto* from = node.Find("inherit_window")) {
        std::string v = ctx.Text(*from, "`own` or `parent`").value_or("");
        if (v != "own" && v != "parent")
          ctx.Error(*from, "P104", fmt::format("unknown `inherit_window` value `{}`", v), "expected `own` or `parent`");
        rule.window_of_parent = v == "parent";
      }
    } else if (rule.code.empty()) {
      ctx.Error(node, "P102", fmt::format("rule `{}` needs a `code`", rule.id));
    }
    if (auto* also = node.Find("also"); also && ctx.ExpectList(*also, "extra codes")) {
      for (const auto& a : also->items()) {
        if (!ctx.ExpectMap(a, "an extra code")) continue;
        ctx.CheckKeys(a, {"when", "code"});
        Also extra;
        extra.where = ctx.Ref(a);
        if (auto* when = ctx.Require(a, "when", "an extra code"))
          if (auto e = ctx.Expression(*when, Type::kBool, Scope(true))) extra.when = std::move(*e);
        if (auto* code = ctx.Require(a, "code", "an extra code")) extra.code = ctx.Text(*code, "a reason code").value_or("");
        rule.also.push_back(std::move(extra));
      }
    }
  }
};

}  // namespace

void BuildRules(BuildContext& ctx, const syntax::Node& node, bool item_level, Policy& policy) {
  RuleBuilder builder{ctx, policy, item_level, {}, 0};
  builder.CollectIds(node);
  auto rules = builder.BuildList(node, item_level ? "item rules" : "order rules");
  (item_level ? policy.item_rules : policy.order_rules) = std::move(rules);
}

void BuildNotes(BuildContext& ctx, const syntax::Node& node, Policy& policy) {
  if (!ctx.ExpectList(node, "notes")) return;
  ExprScope scope = ctx.base_scope;
  scope.item = true;
  scope.amounts = true;
  for (const auto& n : node.items()) {
    if (!ctx.ExpectMap(n, "a note")) continue;
    ctx.CheckKeys(n, {"id", "when", "code", "message"});
    Note note;
    note.where = ctx.Ref(n);
    if (auto* id = ctx.Require(n, "id", "a note")) note.id = ctx.Text(*id, "an id").value_or("");
    if (auto* code = ctx.Require(n, "code", "a note")) note.code = ctx.Text(*code, "a reason code").value_or("");
    if (auto* when = ctx.Require(n, "when", "a note"))
      if (auto e = ctx.Expression(*when, Type::kBool, scope)) note.when = std::move(*e);
    if (auto* message = n.Find("message")) note.message = BuildMessage(ctx, *message);
    policy.notes.push_back(std::move(note));
  }
}

void BuildScore(BuildContext& ctx, const syntax::Node& node, Policy& policy) {
  if (!ctx.ExpectMap(node, "the score")) return;
  ctx.CheckKeys(node, {"start", "signals"});
  if (auto* start = node.Find("start")) policy.score_start = ctx.Integer(*start, "a score", kScoreStartRange).value_or(100);
  auto* signals = node.Find("signals");
  if (!signals || !ctx.ExpectList(*signals, "scoring signals")) return;
  for (const auto& s : signals->items()) {
    if (!ctx.ExpectMap(s, "a signal")) continue;
    ctx.CheckKeys(s, {"id", "when", "count", "where", "allowance", "points"});
    Signal signal;
    signal.where = ctx.Ref(s);
    if (auto* id = ctx.Require(s, "id", "a signal")) signal.id = ctx.Text(*id, "an id").value_or("");
    if (auto* points = ctx.Require(s, "points", "a signal")) signal.points = ctx.Integer(*points, "points", kPointsRange).value_or(0);
    if (auto* when = s.Find("when")) signal.when = ctx.Expression(*when, Type::kBool, ctx.base_scope);
    if (auto* count = s.Find("count")) {
      if (ctx.Text(*count, "what to count").value_or("") != "history.refunds")
        ctx.Error(*count, "P104", "a signal counts `history.refunds`");
      signal.counts_history = true;
      ExprScope history = ctx.base_scope;
      history.history_entry = true;
      if (auto* where = s.Find("where")) signal.history_filter = ctx.Expression(*where, Type::kBool, history);
      if (auto* allowance = s.Find("allowance")) signal.allowance = ctx.Integer(*allowance, "an allowance", kAllowanceRange).value_or(0);
    }
    if (!signal.when && !signal.counts_history) ctx.Error(s, "P102", "a signal needs `when` or `count`");
    policy.signals.push_back(std::move(signal));
  }
}

void BuildReview(BuildContext& ctx, const syntax::Node& node, Policy& policy) {
  if (!ctx.ExpectList(node, "review rules")) return;
  ExprScope scope = ctx.base_scope;
  scope.decision = true;
  for (const auto& r : node.items()) {
    if (!ctx.ExpectMap(r, "a review rule")) continue;
    ctx.CheckKeys(r, {"id", "when", "code"});
    ReviewRule rule;
    rule.where = ctx.Ref(r);
    if (auto* id = ctx.Require(r, "id", "a review rule")) rule.id = ctx.Text(*id, "an id").value_or("");
    if (auto* code = ctx.Require(r, "code", "a review rule")) rule.code = ctx.Text(*code, "a reason code").value_or("");
    if (auto* when = ctx.Require(r, "when", "a review rule"))
      if (auto e = ctx.Expression(*when, Type::kBool, scope)) rule.when = std::move(*e);
    policy.review.push_back(std::move(rule));
  }
}

}  // namespace refund::model
