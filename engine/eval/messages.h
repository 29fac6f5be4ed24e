// Reasons with their messages: the policy's text per code (or per rule), in the requested
// language, with `{placeholders}` filled from the facts of the evaluation. Reasons are written
// into existing Reason objects so that a reused Decision keeps its strings' capacity.
#pragma once

#include <optional>
#include <string>
#include <string_view>
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
  // Reason `code` (`code_index` into the policy's codes) given by `rule`.
  void Render(std::string_view code, int code_index, const model::Rule& rule, const MessageFacts& facts,
              const Scope& scope, Reason& out) const;
  // An item's reasons, each code once, into `out` (resized to fit; see reuse.h for `spare`).
  void RenderItem(const ItemResult& result, const Item& item, const Order& order, std::vector<Reason>& out,
                  std::vector<Reason>& spare) const;
  void RenderOrder(std::string_view code, int code_index, std::string_view rule_id, const Scope& scope,
                   Reason& out) const;

 private:
  // The message in the renderer's language (English when it has no Chinese) with its facts.
  void Fill(const model::Message& message, const MessageFacts& facts, const Scope& scope, std::string& out) const;
  void AppendFact(const model::MessagePiece& piece, const MessageFacts& facts, const Scope& scope,
                  std::string& out) const;
  void AppendValue(const Value& value, std::string& out) const;
  void AppendWord(std::string_view word, std::string& out) const;  // its label, or the word itself

  const model::Policy& policy_;
  Language language_;
};

}  // namespace refund::eval
