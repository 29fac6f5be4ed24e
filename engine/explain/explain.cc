// The public entry (include/refund/explain.h): evaluates with a trace, asks whatif for the
// counterfactuals, builds the document and lays it out. The renderers behind it compute nothing.
#include "refund/explain.h"

#include "engine/explain/document.h"

namespace refund {
namespace {

struct Explained {
  eval::TraceSink trace;
  Decision decision;
  std::vector<whatif::WhatIf> what_ifs;
};

void Run(const CompiledPolicy& policy, const Order& order, const ExplainOptions& options, Explained& out) {
  EvalOptions eval_options;
  eval_options.language = options.language;
  eval_options.trace = &out.trace;
  out.decision = Evaluate(policy, order, eval_options);
  out.what_ifs = whatif::FindWhatIfs(policy, order, out.decision, out.trace);
}

}  // namespace

std::string Explain(const CompiledPolicy& policy, const Order& order, const ExplainOptions& options) {
  Explained e;
  Run(policy, order, options, e);
  explain::Inputs in{policy.InForce(order).model(), order, e.decision, e.trace, e.what_ifs, options.language, options.trace};
  explain::Document doc = explain::BuildDocument(in);
  switch (options.format) {
    case ExplainFormat::kMarkdown: return explain::RenderMarkdown(doc);
    case ExplainFormat::kJson: return explain::RenderJson(doc, in);
    case ExplainFormat::kText: break;
  }
  return explain::RenderText(doc, options.width);
}

std::string DecisionWithExplanation(const CompiledPolicy& policy, const Order& order, const ExplainOptions& options) {
  Explained e;
  Run(policy, order, options, e);
  explain::Inputs in{policy.InForce(order).model(), order, e.decision, e.trace, e.what_ifs, options.language, options.trace};
  std::string json = DecisionToJson(e.decision);
  json.pop_back();  // the closing brace
  return json + ",\"explanation\":" + explain::RenderJson(explain::BuildDocument(in), in) + "}";
}

}  // namespace refund
