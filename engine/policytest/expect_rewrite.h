// `refundctl test --update`: rewriting expected values in a test file's text in place, so that
// everything else in the file stays byte for byte and the author reviews the change in git.
//
//   std::vector<TextEdit> edits;
//   if (auto edit = RewriteValue(*mismatch.expected, mismatch.actual)) edits.push_back(*edit);
//   std::string updated = ApplyEdits(file.text(), edits);
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/syntax/node.h"

namespace refund::policytest {

// Replace bytes [begin, end) of the file with `text`.
struct TextEdit {
  size_t begin = 0;
  size_t end = 0;
  std::string text;
};

// The edit that makes `node` read `actual`: a one-line scalar (its quoting kept when the value
// needs none of its own), `null`, an empty value, or a flow sequence `[A, B]`. Nullopt for what
// cannot be rewritten safely: block scalars, scalars over several lines, block sequences, maps.
std::optional<TextEdit> RewriteValue(const syntax::Node& node, const nlohmann::json& actual);

// `text` with `edits` applied; edits must not overlap.
std::string ApplyEdits(std::string text, std::vector<TextEdit> edits);

}  // namespace refund::policytest
