// Deciding every order of a stream under two policies and accumulating the differences: the
// diff stage's entry point. Streams the input (constant memory whatever its length); with
// `jobs` > 1 orders are decided on that many threads sharing both compiled policies, and the
// report is byte-identical to a single-threaded run (results are merged in input order).
//
//   std::ifstream orders("orders.jsonl");
//   diff::DiffReport report = diff::DiffPolicies(base.value(), candidate.value(), orders, {});
//   std::cout << diff::RenderMarkdown(report);
#pragma once

#include <cstddef>
#include <istream>

#include "engine/diff/diff_report.h"
#include "refund/policy.h"

namespace refund::diff {

struct DiffOptions {
  size_t max_examples = 5;  // per transition, and in each of the largest increases / decreases
  int jobs = 1;             // evaluating threads
};

// An order invalid under either policy (currency, aliases) is counted as invalid and not compared;
// one valid under one policy only is also counted as a change (became_invalid, became_valid).
DiffReport DiffPolicies(const CompiledPolicy& base, const CompiledPolicy& candidate, std::istream& orders,
                        const DiffOptions& options);

}  // namespace refund::diff
