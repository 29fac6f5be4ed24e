// The explanation's fixed wording per language, and how money, dates and times print in it.
// This table is the only C++ text of an explanation: everything policy-specific (reason
// messages, names of steps, windows and rules) comes from the policy.
#pragma once

#include "engine/eval/format.h"

#include <optional>
#include <string>

#include "refund/decision.h"
#include "refund/policy.h"
#include "refund/time.h"

namespace refund::explain {

using eval::FormatDateTime;
using eval::FormatMoney;
using eval::FormatOffset;

struct Words {
  // Headings.
  const char* summary; const char* items; const char* ledger; const char* forfeited;
  const char* what_would_change; const char* for_authors; const char* trace;
  // Outcomes and routes.
  const char* cancel; const char* full_refund; const char* partial_refund; const char* no_refund;
  const char* route_auto; const char* route_review;
  // Summary sentence parts: "{outcome} of {amount}, {route}."
  const char* summary_amount; const char* summary_no_amount; const char* review_because; const char* full_stop;
  const char* cash; const char* stored_card; const char* voucher; const char* coupon; const char* score_signals; const char* points;
  const char* rule_routed;
  // Facts.
  const char* requested; const char* inside; const char* outside; const char* window_ran_to; const char* named_window_ran_to;
  const char* anchor_paid; const char* anchor_created; const char* anchor_term_start; const char* anchor_term_end;
  const char* anchor_other; const char* follows_parent; const char* quota_used_by; const char* quota_used_in_order;
  const char* quota_left;
  // Ledger.
  const char* paid; const char* list_price; const char* term; const char* refundable; const char* withheld;
  const char* refund; const char* total; const char* split; const char* unreturned; const char* row; const char* to;
  const char* nothing_refundable; const char* forfeited_total;
  // What would change it.
  const char* until; const char* from_then; const char* earlier; const char* without_line; const char* quota_renews;
  const char* after; const char* from; const char* drops_by; const char* rises_by;
  const char* nothing_changes; const char* line_of;
  const char* separator;  // between clauses
  const char* colon; const char* list_sep;
  const char* rounded_up; const char* rounded_down; const char* rounded; const char* whole_hours;
};

const Words& WordsFor(Language language);

// A tender's name (`stored_card`) in words.
const char* TenderWord(const Words& words, std::string_view tender);


}  // namespace refund::explain
