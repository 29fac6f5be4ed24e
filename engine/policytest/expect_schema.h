// Checks a case's `expect:` block against the decision schema (decisions.md) before it is
// compared: a block that is not a map, an unknown field (with a did-you-mean), an outcome, route
// or records value outside its enum, money that is not a decimal string, a part of the wrong
// shape. Each problem is a T003 diagnostic at the value's file:line:col; a case with one is not
// run (it counts as an error, never as a pass).
//
//   std::vector<Diagnostic> problems;
//   if (!ValidateExpect(*test.Find("expect"), problems)) return;  // report problems
#pragma once

#include <vector>

#include "engine/syntax/node.h"
#include "refund/diagnostics.h"

namespace refund::policytest {

// True when `expect` fits the schema; otherwise appends one diagnostic per problem.
bool ValidateExpect(const syntax::Node& expect, std::vector<Diagnostic>& out);

}  // namespace refund::policytest
