// An explanation as words, before layout: the summary, each line's rule and facts, the money
// ledger, what is not refunded, what would change the decision, and the authors' block. Built
// from the decision, its trace and the what-ifs (build_document.cc); laid out as text, Markdown
// or JSON by the render_*.cc files. Every figure here was computed by eval or whatif.
#pragma once

#include <string>
#include <vector>

#include "engine/eval/trace.h"
#include "engine/explain/words.h"
#include "engine/whatif/whatif.h"

namespace refund::explain {

struct Row {
  std::string label;
  std::string amount;  // "" for a heading row
  std::string note;
  int indent = 0;
};

struct ItemSection {
  std::string id;
  std::string title;                 // "i-1 (ecs instance): Full refund ¥2,900.00"
  std::vector<std::string> reasons;  // the policy's messages
  std::vector<std::string> facts;    // dates, windows, quota, parent
};

struct Statement {
  std::string kind;  // deadline, earlier_request, remove_line, quota_renewal, next_change, next_rise
  std::string text;
  const whatif::WhatIf* data = nullptr;
};

struct AuthorLine {
  int depth = 0;
  std::string text;
  std::string where;  // "rules/cloud-cn/policy.yaml:42"
};

struct Document {
  const Words* words = nullptr;
  std::string heading;  // "O-1001 (request R-1)"
  std::string summary;
  std::vector<ItemSection> items;
  std::vector<Row> ledger;
  std::vector<Row> forfeited;
  std::vector<Statement> what_if;
  std::vector<AuthorLine> authors;
  std::vector<AuthorLine> trace;  // empty unless asked for
};

struct Inputs {
  const model::Policy& policy;
  const Order& order;
  const Decision& decision;
  const eval::TraceSink& trace;
  const std::vector<whatif::WhatIf>& what_ifs;
  Language language = Language::kEn;
  bool with_trace = false;
};

Document BuildDocument(const Inputs& in);

std::string RenderText(const Document& doc, int width);
std::string RenderMarkdown(const Document& doc);
// The explanation object (one line): the document plus the figures as data.
std::string RenderJson(const Document& doc, const Inputs& in);

}  // namespace refund::explain
