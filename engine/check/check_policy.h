// The check stage: analyses over the built model that no single construct can make alone —
// rules that can never apply, fallbacks that can never apply, gaps no rule covers, tiered
// windows that overlap or leave a gap, table rows never reached and holes between them,
// refunds that can go negative, rates outside 0-100 %, money divided and never rounded.
//
//   model::BuiltPolicy built = model::BuildPolicy(documents);
//   auto more = check::CheckPolicy(*built.model, documents);   // C4xx, C5xx, C6xx
#pragma once

#include <vector>

#include "engine/model/policy.h"
#include "engine/model/policy_builder.h"
#include "refund/diagnostics.h"

namespace refund::check {

// Every finding of every pass, unsorted. Constructs the builder rejected (an expression with an
// error) are skipped, so no check repeats or builds on an earlier error.
// The region analyses share one work budget (region.h, Work): `work_spent`, when given, receives
// what they spent, for tests that bound it.
std::vector<Diagnostic> CheckPolicy(const model::Policy& policy, const std::vector<model::PolicyDocument>& documents,
                                    size_t* work_spent = nullptr);

}  // namespace refund::check
