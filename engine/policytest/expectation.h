// A case's `expect:` block against the engine's answer, field by field. Only the fields the
// case lists are compared; reasons compare as sets of codes; `error.message` as a substring.
//
//   for (const Mismatch& m : CompareExpected(*test.Find("expect"), actual_json)) print(m.text);
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/syntax/node.h"

namespace refund::policytest {

struct Mismatch {
  std::string field;                       // "items.i-1.refund"
  std::string text;                        // "items.i-1.refund: expected 2850.00, got 2700.00"
  const syntax::Node* expected = nullptr;  // the value as written; null when there is none to
                                           // rewrite (an item the decision lacks, error vs decision)
  nlohmann::json actual;                   // the engine's value; for reasons, its codes in order
};

std::vector<Mismatch> CompareExpected(const syntax::Node& expect, const nlohmann::json& actual);

}  // namespace refund::policytest
