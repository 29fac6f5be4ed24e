// Deciding every order of a stream under two policies and accumulating the differences: the
// diff stage's entry point. Streams the input (constant memory whatever its length).
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
};

// An order invalid under either policy (currency, aliases) is counted as invalid and not compared.
DiffReport DiffPolicies(const CompiledPolicy& base, const CompiledPolicy& candidate, std::istream& orders,
                        const DiffOptions& options);

}  // namespace refund::diff
