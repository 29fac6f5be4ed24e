// Reasons with their messages: the policy's text per code (or per rule), in the requested
// language, with `{placeholders}` filled from the facts of the evaluation.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/eval/item_rules.h"
#include "refund/decision.h"
#include "refund/policy.h"

namespace refund::eval {

struct MessageFacts {
  std::optional<Instant> window_end;
  const ItemResult* item = nullptr;
};

class MessageRenderer {
 public:
  MessageRenderer(const model::Policy& policy, Language language) : policy_(policy), language_(language) {}
  Reason Render(const std::string& code, const model::Rule& rule, const MessageFacts& facts, const Scope& scope) const;
  std::vector<Reason> RenderItem(const ItemResult& result, const Item& item, const Order& order) const;
  Reason RenderOrder(const std::string& code, const std::string& rule_id, const Scope& scope) const;

 private:
  std::string Fill(const std::string& text, const MessageFacts& facts, const Scope& scope) const;
  std::string Fact(std::string_view name, const MessageFacts& facts, const Scope& scope) const;
  std::string FormatValue(const Value& value) const;
  const std::string& Text(const model::Message& message) const;

  const model::Policy& policy_;
  Language language_;
};

}  // namespace refund::eval
