// Message rendering (see messages.h). Instants print as local time in the policy's zone,
// money with the currency's fraction digits.
#include "engine/eval/messages.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/eval/format.h"
#include "engine/model/placeholders.h"
#include "engine/schema/schema.h"

namespace refund::eval {

const std::string& MessageRenderer::Text(const model::Message& message) const {
  return language_ == Language::kZh && !message.zh.empty() ? message.zh : message.en;
}

std::string MessageRenderer::FormatValue(const Value& v) const {
  if (!v.present) return "-";
  switch (v.type) {
    case model::Type::kMoney: {
      auto minor = v.number.Round(policy_.rounding);
      return minor ? FormatMoney(*minor, policy_.currency.code(), policy_.currency.digits()) : v.number.ToString();
    }
    case model::Type::kInstant: return FormatDateTime(Instant{static_cast<int64_t>(v.number.num())}, *policy_.zone, language_);
    case model::Type::kDuration: return fmt::format("{}h", static_cast<int64_t>(v.number.num() / kMicrosPerHour));
    case model::Type::kString: return FindLabel(policy_, v.text, language_).value_or(std::string(v.text));
    case model::Type::kBool: return v.boolean ? "true" : "false";
    case model::Type::kStrings: {
      std::vector<std::string> words;
      for (std::string_view w : v.list) words.push_back(FindLabel(policy_, w, language_).value_or(std::string(w)));
      return fmt::format("{}", fmt::join(words, ", "));
    }
    default: return v.number.ToString();
  }
}

std::string MessageRenderer::Fact(std::string_view name, const MessageFacts& facts, const Scope& scope) const {
  auto money = [](int64_t minor) { return Value::Number(model::Type::kMoney, Ratio(minor)); };
  if (name == "window_end") {
    return facts.window_end ? FormatValue(Value::Number(model::Type::kInstant, Ratio(facts.window_end->micros))) : "-";
  }
  if (const ItemResult* r = facts.item) {
    if (name == "refund") return FormatValue(money(r->refund));
    if (name == "refundable") return FormatValue(money(r->refundable));
    if (name == "unreturned") return FormatValue(money(r->paid - r->refundable));
    if (name == "quota_group") return FindLabel(policy_, r->quota_group, language_).value_or(r->quota_group);
    if (name == "quota_used_by") return r->quota_used_by.value_or("-");
    if (name == "quota_year") return fmt::format("{}", policy_.zone->Year(scope.order->request.at));
    if (name == "quota_limit") return fmt::format("{}", r->quota_limit);
    for (size_t i = 0; i < r->step_names.size(); ++i)
      if (r->step_names[i] == name) return FormatValue(r->steps[i]);
  }
  if (name == "score" && scope.score) return fmt::format("{}", *scope.score);
  if (name == "review_below") return fmt::format("{}", policy_.review_below);
  if (name == "refund_total" && scope.refund_total) return FormatValue(money(*scope.refund_total));
  if (const schema::Field* field = schema::FindField(name)) {
    return FormatValue(ReadField(static_cast<int>(field - schema::Fields().data()), scope));
  }
  return fmt::format("{{{}}}", name);
}

std::string MessageRenderer::Fill(const std::string& text, const MessageFacts& facts, const Scope& scope) const {
  std::string out;
  out.reserve(text.size() + 32);
  for (size_t i = 0; i < text.size(); ++i) {
    // A run of plain text at once (std::find_if: find_first_of would call memchr per byte).
    const size_t brace = std::find_if(text.begin() + i, text.end(), [](char c) { return c == '{' || c == '}'; }) - text.begin();
    out.append(text, i, brace - i);
    if (brace == text.size()) break;
    i = brace;
    if (text[i] == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      out += '{';
      ++i;
    } else if (text[i] == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      out += '}';
      ++i;
    } else if (text[i] == '{' && text.find('}', i) != std::string::npos) {
      size_t end = text.find('}', i);
      out += Fact(std::string_view(text).substr(i + 1, end - i - 1), facts, scope);
      i = end;
    } else {
      out += text[i];
    }
  }
  return out;
}

Reason MessageRenderer::Render(const std::string& code, const model::Rule& rule, const MessageFacts& facts,
                               const Scope& scope) const {
  const model::Code* declared = policy_.FindCode(code);
  const model::Message* message = declared ? &declared->message : nullptr;
  if (rule.message && !rule.code.empty() && code == rule.code) message = &*rule.message;
  for (const model::Note& note : policy_.notes)
    if (note.message && note.code == code) message = &*note.message;
  return {code, rule.id, message ? Fill(Text(*message), facts, scope) : code};
}

std::vector<Reason> MessageRenderer::RenderItem(const ItemResult& result, const Item& item, const Order& order) const {
  Scope scope;
  scope.policy = &policy_;
  scope.order = &order;
  scope.item = &item;
  MessageFacts facts{result.window_end, &result};
  const bool inherited = result.rule && result.rule->refund == model::RefundKind::kInherit;
  std::vector<Reason> reasons;
  for (size_t i = 0; i < result.codes.size(); ++i) {
    const auto& [code, rule] = result.codes[i];
    bool dup = false;
    for (const Reason& r : reasons) dup = dup || r.code == code;
    if (dup) continue;
    const model::Rule& named = inherited ? *result.rule : *rule;
    Reason reason = Render(code, named, facts, scope);
    const bool followed_parent = inherited && result.effective != result.rule;  // not an orphan
    if (followed_parent && i == 0 && result.rule->message) reason.message = Fill(Text(*result.rule->message), facts, scope);
    reasons.push_back(std::move(reason));
  }
  return reasons;
}

Reason MessageRenderer::RenderOrder(const std::string& code, const std::string& rule_id, const Scope& scope) const {
  const model::Code* declared = policy_.FindCode(code);
  return {code, rule_id, declared ? Fill(Text(declared->message), {}, scope) : code};
}

}  // namespace refund::eval
