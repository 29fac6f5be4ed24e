// Message rendering (see messages.h). Instants print as local time in the policy's zone,
// money with the currency's fraction digits.
#include "engine/eval/messages.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/eval/format.h"
#include "engine/eval/reuse.h"
#include "engine/model/placeholders.h"
#include "engine/schema/schema.h"
#include "engine/source/same_text.h"

namespace refund::eval {

void MessageRenderer::AppendWord(std::string_view word, std::string& out) const {
  auto it = policy_.labels.find(word);
  if (it != policy_.labels.end()) {
    const std::string& text = language_ == Language::kZh && !it->second.zh.empty() ? it->second.zh : it->second.en;
    if (!text.empty()) {
      out += text;
      return;
    }
  }
  out += word;
}

namespace {

// A number as Ratio::ToString writes it; whole numbers without a temporary string.
void AppendNumber(const Ratio& number, std::string& out) {
  if (number.den() == 1 && number.num() >= INT64_MIN && number.num() <= INT64_MAX) {
    const fmt::format_int text(static_cast<int64_t>(number.num()));
    out.append(text.data(), text.size());
  } else {
    out += number.ToString();
  }
}

void AppendInteger(int64_t value, std::string& out) {
  const fmt::format_int text(value);
  out.append(text.data(), text.size());
}

}  // namespace

void MessageRenderer::AppendValue(const Value& v, std::string& out) const {
  if (!v.present) {
    out += '-';
    return;
  }
  switch (v.type) {
    case model::Type::kMoney: {
      auto minor = v.number.Round(policy_.rounding);
      if (minor) AppendMoney(out, *minor, policy_.currency.code(), policy_.currency.digits());
      else AppendNumber(v.number, out);
      return;
    }
    case model::Type::kInstant:
      if (const std::optional<Instant> at = InstantOf(v.number)) return AppendDateTime(out, *at, *policy_.zone, language_);
      out += '-';  // a computed instant past the calendar
      return;
    case model::Type::kDuration:
      // Whole hours, toward zero; the exact value when that is past 64 bits.
      if (const std::optional<Ratio> hours = Ratio::Div(v.number, Ratio(kMicrosPerHour))) {
        const __int128 whole = hours->num() / hours->den();
        if (whole >= INT64_MIN && whole <= INT64_MAX) {
          out += fmt::format("{}h", static_cast<int64_t>(whole));
          return;
        }
        out += hours->ToString();
        out += 'h';
      }
      return;
    case model::Type::kString: return AppendWord(v.text, out);
    case model::Type::kBool: out += v.boolean ? "true" : "false"; return;
    case model::Type::kStrings:
      for (size_t i = 0; i < v.list.size(); ++i) {
        if (i > 0) out += ", ";
        AppendWord(v.list[i], out);
      }
      return;
    default: AppendNumber(v.number, out); return;
  }
}

void MessageRenderer::AppendFact(const model::MessagePiece& piece, const MessageFacts& facts, const Scope& scope,
                                 std::string& out) const {
  using model::MessageFact;
  auto money = [](int64_t minor) { return Value::Number(model::Type::kMoney, Ratio(minor)); };
  if (piece.fact == MessageFact::kWindowEnd) {
    if (facts.window_end) AppendValue(Value::Number(model::Type::kInstant, Ratio(facts.window_end->micros)), out);
    else out += '-';
    return;
  }
  if (const ItemResult* r = facts.item) {  // an item's facts, then its formula's steps
    switch (piece.fact) {
      case MessageFact::kRefund: return AppendValue(money(r->refund), out);
      case MessageFact::kRefundable: return AppendValue(money(r->refundable), out);
      case MessageFact::kUnreturned: return AppendValue(money(r->paid - r->refundable), out);
      case MessageFact::kQuotaGroup: return AppendWord(r->quota_group, out);
      case MessageFact::kQuotaUsedBy: out += r->quota_used_by.value_or("-"); return;
      case MessageFact::kQuotaYear: AppendInteger(policy_.zone->Year(scope.order->request.at), out); return;
      case MessageFact::kQuotaLimit: AppendInteger(r->quota_limit, out); return;
      default:
        if (const int i = r->StepIndex(piece.text); i >= 0) {
          const Value& step = r->steps[i];
          if (r->formula->steps[i].percent && step.present && step.type == model::Type::kNumber)
            return AppendPercent(out, step.number);
          return AppendValue(step, out);
        }
    }
  }
  switch (piece.fact) {  // the order's facts
    case MessageFact::kScore:
      if (!scope.score) break;
      AppendInteger(*scope.score, out);
      return;
    case MessageFact::kReviewBelow: AppendInteger(policy_.review_below, out); return;
    case MessageFact::kRefundTotal:
      if (!scope.refund_total) break;
      return AppendValue(money(*scope.refund_total), out);
    case MessageFact::kField: return AppendValue(ReadField(piece.field, scope), out);
    default: break;
  }
  out += '{';  // a name with no fact here reads as written
  out += piece.text;
  out += '}';
}

void MessageRenderer::Fill(const model::Message& message, const MessageFacts& facts, const Scope& scope,
                           std::string& out) const {
  const bool zh = language_ == Language::kZh && !message.zh.empty();
  const std::string& text = zh ? message.zh : message.en;
  const std::vector<model::MessagePiece>& cut = zh ? message.zh_pieces : message.en_pieces;
  // Messages built from YAML are cut once (BuildMessage); any other is cut here.
  const std::vector<model::MessagePiece> cut_now = cut.empty() && !text.empty() ? model::CutMessageText(text)
                                                                                 : std::vector<model::MessagePiece>();
  for (const model::MessagePiece& piece : cut_now.empty() ? cut : cut_now) {
    if (piece.placeholder) AppendFact(piece, facts, scope, out);
    else out += piece.text;
  }
}

void MessageRenderer::Render(std::string_view code, int code_index, const model::Rule& rule,
                             const MessageFacts& facts, const Scope& scope, Reason& out) const {
  const model::Message* message = policy_.MessageOf(code_index, &rule);
  out.code.assign(code);
  out.rule.assign(rule.id);
  out.message.clear();
  if (message) Fill(*message, facts, scope, out.message);
  else out.message.assign(code);
}

void MessageRenderer::RenderItem(const ItemResult& result, const Item& item, const Order& order,
                                 std::vector<Reason>& out, std::vector<Reason>& spare) const {
  Scope scope;
  scope.policy = &policy_;
  scope.order = &order;
  scope.item = &item;
  MessageFacts facts{result.window_end, &result};
  const bool inherited = result.rule && result.rule->refund == model::RefundKind::kInherit;
  size_t count = 0;
  for (size_t i = 0; i < result.codes.size(); ++i) {
    const ItemCode& given = result.codes[i];
    bool dup = false;
    for (size_t k = 0; k < count; ++k) dup = dup || SameText(out[k].code, given.code);
    if (dup) continue;
    Reason& reason = Next(out, count, spare);
    const model::Rule& named = inherited ? *result.rule : *given.rule;
    Render(given.code, given.index, named, facts, scope, reason);
    const bool followed_parent = inherited && result.effective != result.rule;  // not an orphan
    if (followed_parent && i == 0 && result.rule->message) {
      reason.message.clear();
      Fill(*result.rule->message, facts, scope, reason.message);
    }
  }
  Trim(out, count, spare);
}

void MessageRenderer::RenderOrder(std::string_view code, int code_index, std::string_view rule_id,
                                  const Scope& scope, Reason& out) const {
  const model::Message* message = code_index >= 0 ? &policy_.codes[code_index].message : nullptr;  // notes are items'
  out.code.assign(code);
  out.rule.assign(rule_id);
  out.message.clear();
  if (message) Fill(*message, {}, scope, out.message);
  else out.message.assign(code);
}

}  // namespace refund::eval
