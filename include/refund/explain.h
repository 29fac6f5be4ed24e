// Explanations support staff can act on: the decision in one sentence, each line's rule with the
// facts behind it, the money ledger, what is not refunded, what would change the decision, and a
// separate block for policy authors; as text, Markdown or JSON, in English or Chinese.
//
//   refund::ExplainOptions options{.language = refund::Language::kZh};
//   std::cout << refund::Explain(policy, order, options);
//   // eval --explain: the decision with its explanation object
//   std::cout << refund::DecisionWithExplanation(policy, order, options) << '\n';
#pragma once

#include <string>

#include "refund/policy.h"

namespace refund {

enum class ExplainFormat { kText, kMarkdown, kJson };

struct ExplainOptions {
  Language language = Language::kEn;
  ExplainFormat format = ExplainFormat::kText;
  bool trace = false;  // add the full evaluation trace (every condition visited) for authors
  int width = 80;      // text: wrap at this many columns
};

// Evaluates `order` with a trace, finds what would change the decision, and renders it.
std::string Explain(const CompiledPolicy& policy, const Order& order, const ExplainOptions& options);

// decisions.md JSON of the decision with its `explanation` object (options.format is ignored).
std::string DecisionWithExplanation(const CompiledPolicy& policy, const Order& order, const ExplainOptions& options);

}  // namespace refund
