// Builds the policy's settings, payment types, tender sets and reason codes.
#include <fmt/format.h>

#include <set>
#include <string_view>

#include "engine/model/build_context.h"
#include "engine/model/placeholders.h"
#include "engine/schema/schema.h"

namespace refund::model {

void BuildSettings(BuildContext& ctx, const syntax::Node& node, Policy& policy) {
  if (!ctx.ExpectMap(node, "the `policy` section")) return;
  ctx.CheckKeys(node, {"name", "version", "time_zone", "currency", "rounding", "review_below",
                       "review_code"});
  if (auto* n = ctx.Require(node, "name", "the `policy` section")) policy.name = ctx.Text(*n, "a name").value_or("");
  if (auto* n = ctx.Require(node, "version", "the `policy` section")) policy.version = ctx.Text(*n, "a version").value_or("");
  if (auto* n = ctx.Require(node, "time_zone", "the `policy` section")) {
    policy.time_zone_name = ctx.Text(*n, "an IANA time zone").value_or("");
    policy.zone = TimeZone::Locate(policy.time_zone_name);
    // Every calendar question of evaluation asks the zone: a policy without one (an empty or
    // unknown name, or one that is not a text) never passes the check.
    if (!policy.zone && n->IsScalar())
      ctx.Error(*n, "P104",
                policy.time_zone_name.empty() ? std::string("empty time zone")
                                              : fmt::format("unknown time zone `{}`", policy.time_zone_name),
                "use an IANA name such as `Europe/Berlin`");
  }
  if (auto* n = ctx.Require(node, "currency", "the `policy` section")) {
    std::string code = ctx.Text(*n, "an ISO 4217 currency").value_or("");
    if (auto currency = Currency::Find(code)) policy.currency = *currency;
    else ctx.Error(*n, "P104", fmt::format("unknown currency `{}`", code), "use an ISO 4217 code such as `CNY`");
  }
  if (auto* n = ctx.Require(node, "rounding", "the `policy` section")) {
    std::string name = ctx.Text(*n, "a rounding mode").value_or("");
    if (auto rounding = ParseRounding(name)) policy.rounding = *rounding;
    else ctx.Error(*n, "P104", fmt::format("unknown rounding `{}`", name), "expected one of half_up, half_even, floor, ceil");
  }
  if (auto* n = node.Find("review_below")) policy.review_below = ctx.Integer(*n, "a score", kReviewBelowRange).value_or(0);
  if (auto* n = node.Find("review_code")) policy.review_code = ctx.Text(*n, "a reason code").value_or("");
  if (node.Find("review_below") && policy.review_code.empty())
    ctx.Error(*node.Find("review_below"), "P102", "`review_below` needs `review_code`, the reason code a low score adds");
}

// payment_types: { subscription: [prepaid, 包年包月], pay_as_you_go: [postpaid], savings_plan: [] }
void BuildPaymentTypes(BuildContext& ctx, const syntax::Node& node, Policy& policy) {
  if (!ctx.ExpectMap(node, "payment types with their aliases")) return;
  for (const auto& [key, value] : node.entries()) {
    const std::string& canonical = key.text();
    policy.payment_types.push_back(canonical);
    for (const std::string& alias : ctx.TextList(value, "a list of aliases")) {
      auto [it, fresh] = policy.aliases.emplace(alias, canonical);
      if (!fresh && it->second != canonical)
        ctx.Error(value, "P105", fmt::format("alias `{}` names both `{}` and `{}`", alias, it->second, canonical));
    }
  }
  const std::set<std::string_view> types(policy.payment_types.begin(), policy.payment_types.end());
  for (const auto& [alias, canonical] : policy.aliases) {
    if (types.count(alias))  // a set: aliases x types compared one by one was quadratic
      ctx.Error(node, "P105", fmt::format("`{}` is both a payment type and an alias of `{}`", alias, canonical));
  }
}

// tenders: { default: [cash, stored_card], no_fault: [cash, stored_card, voucher] }
void BuildTenders(BuildContext& ctx, const syntax::Node* node, Policy& policy) {
  if (!node) {
    policy.tender_sets.push_back({"default", {Tender::kCash, Tender::kStoredCard}, {}});
    return;
  }
  if (!ctx.ExpectMap(*node, "named tender sets")) return;
  for (const auto& [key, value] : node->entries()) {
    TenderSet set{key.text(), {}, ctx.Ref(key)};
    std::vector<std::string> names = ctx.TextList(value, "a list of tenders");
    for (Tender tender : kAllTenders)
      if (std::find(names.begin(), names.end(), TenderName(tender)) != names.end()) set.tenders.push_back(tender);
    for (const std::string& name : names) {
      bool known = false;
      for (Tender tender : kAllTenders) known = known || name == TenderName(tender);
      if (!known) ctx.Error(value, "P104", fmt::format("unknown tender `{}`", name), "expected cash, stored_card, voucher or coupon");
    }
    if (set.name == "default") policy.tender_sets.insert(policy.tender_sets.begin(), std::move(set));
    else policy.tender_sets.push_back(std::move(set));
  }
  if (policy.tender_sets.empty() || policy.tender_sets.front().name != "default")
    ctx.Error(*node, "P102", "tender sets need a `default` set");
}

Message BuildMessage(BuildContext& ctx, const syntax::Node& node) {
  Message message;
  message.where = ctx.Ref(node);
  if (!ctx.ExpectMap(node, "a message in English and Chinese")) return message;
  ctx.CheckKeys(node, {"en", "zh"});
  if (auto* en = node.Find("en")) message.en = ctx.Text(*en, "the English message").value_or("");
  if (auto* zh = node.Find("zh")) message.zh = ctx.Text(*zh, "the Chinese message").value_or("");
  message.en_pieces = CutMessageText(message.en);
  message.zh_pieces = CutMessageText(message.zh);
  return message;
}

// codes: { SOME_CODE: { en: "...", zh: "..." }, ... }
void BuildCodes(BuildContext& ctx, const syntax::Node& node, Policy& policy) {
  if (!ctx.ExpectMap(node, "reason codes with their messages")) return;
  for (const auto& [key, value] : node.entries()) {
    const std::string& name = key.text();
    bool upper_snake = !name.empty();
    for (char c : name) upper_snake = upper_snake && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
    if (!upper_snake) ctx.Error(key, "P104", fmt::format("reason code `{}` is not UPPER_SNAKE_CASE", name));
    if (policy.FindCode(name)) ctx.Error(key, "P105", fmt::format("reason code `{}` is declared twice", name));
    Code code{name, BuildMessage(ctx, value), ctx.Ref(key)};
    if (value.IsMap()) {
      if (code.message.en.empty()) ctx.Error(key, "M302", fmt::format("reason code `{}` has no English message", name), "add `en: ...`");
      if (code.message.zh.empty()) ctx.Error(key, "M302", fmt::format("reason code `{}` has no Chinese message", name), "add `zh: ...`");
    }
    policy.AddCode(std::move(code));
  }
}

// labels: { system_disk: { en: "system disk", zh: "系统盘" }, used_days: { en: ..., zh: ... } }:
// the policy's own words (kinds, products, formula steps, signals) as readers see them.
void BuildLabels(BuildContext& ctx, const syntax::Node& node, Policy& policy) {
  if (!ctx.ExpectMap(node, "labels for the policy's words")) return;
  for (const auto& [key, value] : node.entries()) {
    Message label = BuildMessage(ctx, value);
    if (value.IsMap() && (label.en.empty() || label.zh.empty()))
      ctx.Error(key, "M305", fmt::format("label of `{}` needs both `en` and `zh`", key.text()));
    policy.labels.emplace(key.text(), std::move(label));
  }
}

}  // namespace refund::model
