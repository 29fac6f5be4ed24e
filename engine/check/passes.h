// The passes of the check stage, one per file; CheckPolicy runs them all.
#pragma once

#include <vector>

#include "engine/check/locator.h"
#include "engine/check/region.h"
#include "engine/model/policy.h"
#include "refund/diagnostics.h"

namespace refund::check {

// check_rules.cc: C401 rule never applies, C402 fallback never applies, C403 gap in a list
// without fallback, C404 condition never holds.
void CheckRules(const model::Policy& policy, const Locator& locate, Work& work, std::vector<Diagnostic>& out);
// check_windows.cc: C501 gap and C502 overlap between tiered windows, C505 window case never
// applies.
void CheckWindows(const model::Policy& policy, const Locator& locate, Work& work, std::vector<Diagnostic>& out);
// check_tables.cc: C503 table row never reached, C504 hole in a table without fallback.
void CheckTables(const model::Policy& policy, const Locator& locate, Work& work, std::vector<Diagnostic>& out);
// check_amounts.cc: C601 refund can go negative, C602 rate outside 0-100 %, C603 money divided
// and never rounded.
void CheckAmounts(const model::Policy& policy, const Locator& locate, std::vector<Diagnostic>& out);

}  // namespace refund::check
