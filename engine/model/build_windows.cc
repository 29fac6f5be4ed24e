// Builds windows (elapsed or calendar, with cases and eras), quotas and formulas.
#include <fmt/format.h>

#include <algorithm>

#include "engine/model/build_context.h"

namespace refund::model {
namespace {

// One window definition: `anchor` plus `length` (elapsed) or `calendar_days`.
std::optional<WindowCase> BuildWindowCase(BuildContext& ctx, const syntax::Node& node,
                                          const WindowCase* defaults) {
  WindowCase c = defaults ? *defaults : WindowCase{};
  c.when.reset();
  c.where = ctx.Ref(node);
  ExprScope scope = ctx.base_scope;
  scope.item = true;
  if (auto* anchor = node.Find("anchor")) {
    if (auto e = ctx.Expression(*anchor, Type::kInstant, scope)) c.anchor = std::move(*e);
  } else if (!defaults) {
    ctx.Error(node, "P102", "a window needs an `anchor` (the timestamp it counts from)");
    return std::nullopt;
  }
  const syntax::Node* length = node.Find("length");
  const syntax::Node* days = node.Find("calendar_days");
  if (length && days) ctx.Error(*days, "P104", "a window has either `length` or `calendar_days`, not both");
  if (length) {
    c.calendar = false;
    c.elapsed = ctx.DurationValue(*length, "a window length", "window length").value_or(Duration{});
  } else if (days) {
    c.calendar = true;
    c.calendar_days = static_cast<int>(ctx.Integer(*days, "a number of calendar days", kCalendarDaysRange).value_or(0));
  } else if (!defaults) {
    ctx.Error(node, "P102", "a window needs `length` (elapsed, like `48h`) or `calendar_days`");
  }
  if (auto* from = node.Find("count_from")) {
    std::string v = ctx.Text(*from, "`next_day` or `same_day`").value_or("");
    if (v == "next_day" || v == "same_day") c.count_from_next_day = v == "next_day";
    else ctx.Error(*from, "P104", fmt::format("unknown `count_from` value `{}`", v), "expected `next_day` or `same_day`");
  }
  return c;
}

}  // namespace

void BuildWindows(BuildContext& ctx, const syntax::Node& node, Policy& policy) {
  if (!ctx.ExpectMap(node, "named windows")) return;
  for (const auto& [key, value] : node.entries()) {
    Window window;
    window.name = key.text();
    window.where = ctx.Ref(key);
    if (!ctx.ExpectMap(value, "a window")) continue;
    ctx.CheckKeys(value, {"anchor", "length", "calendar_days", "count_from", "end", "cases", "eras", "description"});
    if (auto* end = value.Find("end")) {
      std::string v = ctx.Text(*end, "`exclusive` or `inclusive`").value_or("");
      if (v != "exclusive" && v != "inclusive")
        ctx.Error(*end, "P104", fmt::format("unknown window end `{}`", v), "expected `exclusive` or `inclusive`");
      window.inclusive_end = v == "inclusive";
    }
    if (auto* d = value.Find("description")) {  // `{en: ..., zh: ...}`, or words for every language
      if (d->IsMap()) window.description = BuildMessage(ctx, *d);
      else window.description.en = ctx.Text(*d, "words, or `{en: ..., zh: ...}`").value_or("");
    }
    bool has_default = value.Find("anchor") || value.Find("length") || value.Find("calendar_days");
    std::optional<WindowCase> fallback;
    if (has_default) fallback = BuildWindowCase(ctx, value, nullptr);
    if (auto* cases = value.Find("cases"); cases && ctx.ExpectList(*cases, "window cases")) {
      for (const auto& item : cases->items()) {
        if (!ctx.ExpectMap(item, "a window case")) continue;
        ctx.CheckKeys(item, {"when", "anchor", "length", "calendar_days", "count_from"});
        auto c = BuildWindowCase(ctx, item, fallback ? &*fallback : nullptr);
        if (!c) continue;
        ExprScope scope = ctx.base_scope;
        scope.item = true;
        if (auto* when = ctx.Require(item, "when", "a window case")) c->when = ctx.Expression(*when, Type::kBool, scope);
        window.cases.push_back(std::move(*c));
      }
    }
    if (auto* eras = value.Find("eras"); eras && ctx.ExpectList(*eras, "window eras")) {
      std::optional<Ratio> previous;
      for (const auto& item : eras->items()) {
        if (!ctx.ExpectMap(item, "an era")) continue;
        ctx.CheckKeys(item, {"until", "anchor", "length", "calendar_days", "count_from"});
        auto c = BuildWindowCase(ctx, item, fallback ? &*fallback : nullptr);
        if (!c) continue;
        if (auto* until = item.Find("until")) {
          ExprScope scope = ctx.base_scope;
          auto bound = ctx.Expression(*until, Type::kInstant, scope);
          if (bound && bound->op == Op::kLiteral) {
            if (previous && !(*previous < bound->literal.number))
              ctx.Error(*until, "P110", "eras must be in date order, each `until` later than the one before");
            previous = bound->literal.number;
            Expr request_at;
            request_at.op = Op::kPath;
            request_at.name = "request.at";
            std::vector<ExprIssue> ignored;
            CheckExpr(request_at, scope, ignored);
            Expr lt;
            lt.op = Op::kLt;
            lt.type = Type::kBool;
            lt.args = {std::move(request_at), std::move(*bound)};
            c->when = std::move(lt);
          } else if (bound) {
            ctx.Error(*until, "P104", "an era ends at a fixed timestamp like `2026-01-01T00:00:00+08:00`");
          }
        }
        window.cases.push_back(std::move(*c));
      }
    }
    if (fallback) window.cases.push_back(std::move(*fallback));  // the default comes last
    window.order_level = std::all_of(window.cases.begin(), window.cases.end(), [](const WindowCase& c) {
      return ReadsOnlyTheOrder(c.anchor) && (!c.when || ReadsOnlyTheOrder(*c.when));
    });
    if (window.cases.empty() && !value.Find("cases") && !value.Find("eras"))
      ctx.Error(value, "P102", fmt::format("window `{}` has no definition", window.name));
    policy.windows.push_back(std::move(window));
  }
}

void BuildQuotas(BuildContext& ctx, const syntax::Node& node, Policy& policy) {
  if (!ctx.ExpectMap(node, "named quotas")) return;
  for (const auto& [key, value] : node.entries()) {
    Quota quota;
    quota.name = key.text();
    quota.where = ctx.Ref(key);
    if (!ctx.ExpectMap(value, "a quota")) continue;
    ctx.CheckKeys(value, {"limit", "period", "length", "counts", "group"});
    if (auto* limit = ctx.Require(value, "limit", "a quota")) quota.limit = ctx.Integer(*limit, "a limit", kQuotaLimitRange).value_or(1);
    if (auto* period = value.Find("period")) {
      std::string v = ctx.Text(*period, "a period").value_or("");
      if (v == "calendar_year") quota.period = Quota::Period::kCalendarYear;
      else if (v == "rolling") quota.period = Quota::Period::kRolling;
      else if (v == "ever") quota.period = Quota::Period::kEver;
      else ctx.Error(*period, "P104", fmt::format("unknown quota period `{}`", v), "expected calendar_year, rolling or ever");
    }
    if (quota.period == Quota::Period::kRolling) {
      if (auto* length = ctx.Require(value, "length", "a rolling quota")) quota.rolling = ctx.DurationValue(*length, "a length", "rolling quota length").value_or(Duration{});
    }
    ExprScope history = ctx.base_scope;
    history.history_entry = true;
    if (auto* counts = value.Find("counts")) quota.history_filter = ctx.Expression(*counts, Type::kBool, history);
    if (auto* group = value.Find("group"); group && ctx.ExpectMap(*group, "the quota's grouping")) {
      ctx.CheckKeys(*group, {"item", "history"});
      ExprScope item = ctx.base_scope;
      item.item = true;
      if (auto* g = ctx.Require(*group, "item", "a quota group")) quota.item_group = ctx.Expression(*g, Type::kString, item);
      if (auto* g = ctx.Require(*group, "history", "a quota group")) quota.history_group = ctx.Expression(*g, Type::kString, history);
    }
    policy.quotas.push_back(std::move(quota));
  }
}

}  // namespace refund::model
