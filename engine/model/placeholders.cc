// Placeholder vocabulary of reason messages (documented in rules/README.md).
#include "engine/model/placeholders.h"

#include <algorithm>

#include "engine/schema/schema.h"

namespace refund::model {

std::vector<std::string> PlaceholderNames(std::string_view text) {
  std::vector<std::string> names;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
      continue;
    }
    size_t end = text.find('}', i);
    if (end == std::string_view::npos) break;
    names.emplace_back(text.substr(i + 1, end - i - 1));
    i = end;
  }
  return names;
}

namespace {

MessagePiece Placeholder(std::string_view name) {
  static constexpr std::pair<std::string_view, MessageFact> kFacts[] = {
      {"window_end", MessageFact::kWindowEnd}, {"refund", MessageFact::kRefund},
      {"refundable", MessageFact::kRefundable}, {"unreturned", MessageFact::kUnreturned},
      {"quota_group", MessageFact::kQuotaGroup}, {"quota_used_by", MessageFact::kQuotaUsedBy},
      {"quota_year", MessageFact::kQuotaYear}, {"quota_limit", MessageFact::kQuotaLimit},
      {"score", MessageFact::kScore}, {"review_below", MessageFact::kReviewBelow},
      {"refund_total", MessageFact::kRefundTotal}};
  MessagePiece piece{std::string(name), true, MessageFact::kStepOrText, -1};
  for (const auto& [fact_name, fact] : kFacts)
    if (name == fact_name) piece.fact = fact;
  if (const schema::Field* field = schema::FindField(name); field && piece.fact == MessageFact::kStepOrText) {
    piece.fact = MessageFact::kField;
    piece.field = static_cast<int>(field - schema::Fields().data());
  }
  return piece;
}

}  // namespace

std::vector<MessagePiece> CutMessageText(std::string_view text) {
  std::vector<MessagePiece> pieces;
  std::string literal;
  const auto flush = [&] {
    if (!literal.empty()) pieces.push_back({std::move(literal), false});
    literal.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool doubled = i + 1 < text.size() && text[i + 1] == c;
    if ((c == '{' || c == '}') && doubled) {
      literal += c;
      ++i;
    } else if (c == '{' && text.find('}', i) != std::string_view::npos) {
      const size_t end = text.find('}', i);
      flush();
      pieces.push_back(Placeholder(text.substr(i + 1, end - i - 1)));
      i = end;
    } else {
      literal += c;
    }
  }
  flush();
  return pieces;
}

namespace {

bool IsOrderPath(std::string_view name) {
  const schema::Field* field = schema::FindField(name);
  return field && !name.starts_with("item.") && !name.starts_with("refund.") &&
         field->type != schema::FieldType::kRecords;
}

bool RuleReadsQuota(const Rule& rule) { return rule.quota >= 0 || !rule.also.empty(); }

bool Fillable(std::string_view name, MessageSite site, const Policy& policy, const Rule* rule) {
  if (IsOrderPath(name)) return true;
  bool item_site = site == MessageSite::kItemRule || site == MessageSite::kNote;
  if (item_site) {
    if (name.starts_with("item.") && schema::FindField(name)) return true;
    if (name == "refund" || name == "refundable" || name == "unreturned") return true;
    if (rule && rule->refund == RefundKind::kFormula && rule->formula >= 0) {
      for (const Step& step : policy.formulas[rule->formula].steps)
        if (step.name == name) return true;
    }
    if (rule && RuleReadsQuota(*rule) &&
        (name == "quota_year" || name == "quota_limit" || name == "quota_used_by" || name == "quota_group"))
      return true;
    if (!rule && site == MessageSite::kItemRule) return true;  // formula exits: checked at eval
  }
  if ((site == MessageSite::kOrderRule || site == MessageSite::kItemRule) && name == "window_end")
    return !rule || rule->window >= 0 || rule->refund == RefundKind::kInherit;
  // The score and the total are known only once every rule has run.
  if (site == MessageSite::kReview || site == MessageSite::kScore)
    return name == "score" || name == "refund_total" || name == "review_below";
  return false;
}

}  // namespace

std::vector<std::string> UnfillablePlaceholders(std::string_view text, MessageSite site,
                                                const Policy& policy, const Rule* rule) {
  std::vector<std::string> bad;
  for (const std::string& name : PlaceholderNames(text))
    if (!Fillable(name, site, policy, rule) && std::find(bad.begin(), bad.end(), name) == bad.end())
      bad.push_back(name);
  return bad;
}

}  // namespace refund::model
