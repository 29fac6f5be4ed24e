// A decision of decisions.md: what the customer is entitled to, on which tenders, and why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "refund/money.h"
#include "refund/time.h"

namespace refund {

enum class Outcome { kCancel, kFullRefund, kPartialRefund, kNoRefund };
const char* OutcomeName(Outcome outcome);

struct Reason {
  std::string code;     // stable UPPER_SNAKE, declared by the policy
  std::string rule;     // the rule that produced it
  std::string message;  // the policy's text in the requested language
};

// One tender's part of a refund ("cash": 290000).
struct TenderAmount {
  std::string tender;
  int64_t minor = 0;
};

struct ItemDecision {
  std::string id;
  Outcome outcome = Outcome::kNoRefund;
  int64_t refund = 0;                 // minor units
  std::vector<TenderAmount> parts;    // per decision tender
  int64_t refundable = 0;             // paid in the tenders its rule returns
  std::vector<Reason> reasons;
  std::string rule;                   // the rule that decided it
};

struct Decision {
  std::string order_id;
  std::optional<std::string> request_id;
  std::string policy_name;
  std::string policy_version;
  std::string policy_digest;
  Outcome outcome = Outcome::kNoRefund;
  bool review = false;
  int64_t score = 100;
  int64_t refund_total = 0;
  std::vector<TenderAmount> refund_parts;  // every tender the policy can return, zeros included
  int64_t forfeited = 0;
  std::vector<ItemDecision> items;
  std::vector<Reason> reasons;
  std::optional<Instant> deadline;
  int currency_digits = 2;
  std::string time_zone;  // the policy's IANA zone: timestamps are printed in it
};

}  // namespace refund
