// decisions.md JSON for decisions and error records, written by hand in the contract's field
// order (money as strings with the currency's digits, timestamps in the policy's zone).
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "refund/policy.h"

namespace refund {
namespace {

// Appends `s` as a JSON string, byte-identical to nlohmann's dump(): printable ASCII is written
// here (escaping `"` and `\`); anything else (control characters, UTF-8) goes through nlohmann,
// which also rejects invalid UTF-8 as before.
void AppendStr(std::string& out, std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x80) {
      out += nlohmann::json(std::string(s)).dump();
      return;
    }
  }
  out += '"';
  const auto needs_escape = [](char c) { return c == '"' || c == '\\'; };
  for (auto start = s.begin(); start != s.end();) {  // runs between escapes, appended whole
    const auto stop = std::find_if(start, s.end(), needs_escape);
    out.append(start, stop);
    if (stop == s.end()) break;
    out += '\\';
    out += *stop;
    start = stop + 1;
  }
  out += '"';
}

std::string Str(std::string_view s) {
  std::string out;
  AppendStr(out, s);
  return out;
}

void AppendMoney(std::string& out, int64_t minor, int digits) {
  out += '"';
  out += FormatMinor(minor, digits);
  out += '"';
}

void AppendReasons(std::string& out, const std::vector<Reason>& reasons) {
  out += '[';
  for (size_t i = 0; i < reasons.size(); ++i) {
    if (i) out += ',';
    out += "{\"code\":";
    AppendStr(out, reasons[i].code);
    out += ",\"rule\":";
    AppendStr(out, reasons[i].rule);
    out += ",\"message\":";
    AppendStr(out, reasons[i].message);
    out += '}';
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
  std::string out;
  out.reserve(1024);
  out += "{\"order_id\":";
  AppendStr(out, d.order_id);
  out += ",\"request_id\":";
  if (d.request_id) AppendStr(out, *d.request_id);
  else out += "null";
  out += ",\"policy\":{\"name\":";
  AppendStr(out, d.policy_name);
  out += ",\"version\":";
  AppendStr(out, d.policy_version);
  out += ",\"digest\":";
  AppendStr(out, d.policy_digest);
  fmt::format_to(std::back_inserter(out), "}},\"outcome\":\"{}\",\"route\":\"{}\",\"score\":{},\"refund\":{{\"total\":",
                 OutcomeName(d.outcome), d.review ? "review" : "auto", d.score);
  AppendMoney(out, d.refund_total, digits);
  for (const TenderAmount& part : d.refund_parts) {
    out += ",\"";
    out += part.tender;
    out += "\":";
    AppendMoney(out, part.minor, digits);
  }
  out += "},\"forfeited\":";
  AppendMoney(out, d.forfeited, digits);
  out += ",\"items\":[";
  for (size_t i = 0; i < d.items.size(); ++i) {
    const ItemDecision& item = d.items[i];
    if (i) out += ',';
    out += "{\"id\":";
    AppendStr(out, item.id);
    out += ",\"outcome\":\"";
    out += OutcomeName(item.outcome);
    out += "\",\"refund\":";
    AppendMoney(out, item.refund, digits);
    out += ",\"reasons\":";
    AppendReasons(out, item.reasons);
    out += '}';
  }
  out += "],\"reasons\":";
  AppendReasons(out, d.reasons);
  out += ",\"deadline\":";
  if (d.deadline) {
    auto zone = TimeZone::Locate(d.time_zone);
    AppendStr(out, zone ? zone->Format(*d.deadline) : FormatUtc(*d.deadline));
  } else {
    out += "null";
  }
  out += '}';
  return out;
}

std::string ErrorRecordToJson(int64_t line, const std::optional<std::string>& order_id, const OrderError& error) {
  return fmt::format("{{\"line\":{},\"order_id\":{},\"error\":{{\"code\":\"INVALID_ORDER\",\"path\":{},\"message\":{}}}}}",
                     line, order_id ? Str(*order_id) : "null", Str(error.path), Str(error.message));
}

}  // namespace refund
