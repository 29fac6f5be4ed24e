// decisions.md JSON for decisions and error records, written by hand in the contract's field
// order (money as strings with the currency's digits, timestamps in the policy's zone).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "refund/policy.h"

namespace refund {
namespace {

std::string Str(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }
std::string Money_(int64_t minor, int digits) { return fmt::format("\"{}\"", FormatMinor(minor, digits)); }

void AppendReasons(std::string& out, const std::vector<Reason>& reasons) {
  out += '[';
  for (size_t i = 0; i < reasons.size(); ++i) {
    if (i) out += ',';
    out += fmt::format("{{\"code\":{},\"rule\":{},\"message\":{}}}", Str(reasons[i].code), Str(reasons[i].rule),
                       Str(reasons[i].message));
  }
  out += ']';
}

}  // namespace

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kCancel: return "cancel";
    case Outcome::kFullRefund: return "full_refund";
    case Outcome::kPartialRefund: return "partial_refund";
    case Outcome::kNoRefund: return "no_refund";
  }
  return "no_refund";
}

std::string DecisionToJson(const Decision& d) {
  const int digits = d.currency_digits;
  std::string out = fmt::format("{{\"order_id\":{},\"request_id\":{},", Str(d.order_id),
                                d.request_id ? Str(*d.request_id) : "null");
  out += fmt::format("\"policy\":{{\"name\":{},\"version\":{},\"digest\":{}}},", Str(d.policy_name),
                     Str(d.policy_version), Str(d.policy_digest));
  out += fmt::format("\"outcome\":\"{}\",\"route\":\"{}\",\"score\":{},", OutcomeName(d.outcome),
                     d.review ? "review" : "auto", d.score);
  out += fmt::format("\"refund\":{{\"total\":{}", Money_(d.refund_total, digits));
  for (const TenderAmount& part : d.refund_parts) out += fmt::format(",\"{}\":{}", part.tender, Money_(part.minor, digits));
  out += fmt::format("}},\"forfeited\":{},\"items\":[", Money_(d.forfeited, digits));
  for (size_t i = 0; i < d.items.size(); ++i) {
    const ItemDecision& item = d.items[i];
    if (i) out += ',';
    out += fmt::format("{{\"id\":{},\"outcome\":\"{}\",\"refund\":{},\"reasons\":", Str(item.id),
                       OutcomeName(item.outcome), Money_(item.refund, digits));
    AppendReasons(out, item.reasons);
    out += '}';
  }
  out += "],\"reasons\":";
  AppendReasons(out, d.reasons);
  std::string deadline = "null";
  if (d.deadline) {
    auto zone = TimeZone::Locate(d.time_zone);
    deadline = Str(zone ? zone->Format(*d.deadline) : FormatUtc(*d.deadline));
  }
  out += fmt::format(",\"deadline\":{}}}", deadline);
  return out;
}

std::string ErrorRecordToJson(int64_t line, const std::optional<std::string>& order_id, const OrderError& error) {
  return fmt::format("{{\"line\":{},\"order_id\":{},\"error\":{{\"code\":\"INVALID_ORDER\",\"path\":{},\"message\":{}}}}}",
                     line, order_id ? Str(*order_id) : "null", Str(error.path), Str(error.message));
}

}  // namespace refund
