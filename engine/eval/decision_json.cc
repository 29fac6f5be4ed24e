// decisions.md JSON for decisions and error records, written by hand in the contract's field
// order (money as strings with the currency's digits, timestamps in the policy's zone). Every
// piece is appended to the caller's buffer: no temporaries, so a batch of decisions reuses one
// allocation.
#include <charconv>
#include <optional>
#include <string_view>

#include "engine/eval/json_string.h"
#include "refund/policy.h"

namespace refund {
namespace {

using namespace std::string_view_literals;  // "..."sv: literals appended with their length known

// `s` as a JSON string, byte-identical to nlohmann's dump() (see json_string.h).
void AppendStr(std::string& out, std::string_view s) { eval::AppendJsonString(s, out); }

// A string that may be absent: `null` then.
void AppendStrOrNull(std::string& out, const std::optional<std::string>& s) {
  if (s) AppendStr(out, *s);
  else out += "null"sv;
}

// `value` in decimal, as fmt's "{}" writes it.
void AppendInt(std::string& out, int64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

// Minor units as a JSON string with the currency's digits ("-12.05").
void AppendMoney(std::string& out, int64_t minor, int digits) {
  out += '"';
  AppendMinor(minor, digits, out);
  out += '"';
}

void AppendReasons(std::string& out, const std::vector<Reason>& reasons) {
  out += '[';
  for (size_t i = 0; i < reasons.size(); ++i) {
    if (i) out += ',';
    out += "{\"code\":"sv;
    AppendStr(out, reasons[i].code);
    out += ",\"rule\":"sv;
    AppendStr(out, reasons[i].rule);
    out += ",\"message\":"sv;
    AppendStr(out, reasons[i].message);
    out += '}';
  }
  out += ']';
}

// The zone named `name`, remembered per thread: TimeZone::Locate takes a process-wide lock,
// and every decision of a run names the same zone.
const std::optional<TimeZone>& ZoneNamed(const std::string& name) {
  thread_local std::string last_name;
  thread_local std::optional<TimeZone> last_zone;
  if (!last_zone || name != last_name) {
    last_zone = TimeZone::Locate(name);
    last_name = name;
  }
  return last_zone;
}

// The deadline as a JSON string in the policy's zone (UTC when the zone cannot be found), or
// null when RFC 3339 cannot write it (decisions.md: a local time after year 9999).
void AppendDeadline(std::string& out, Instant deadline, const std::string& zone_name) {
  const size_t mark = out.size();
  out += '"';
  const std::optional<TimeZone>& zone = ZoneNamed(zone_name);
  if (zone ? zone->AppendFormat(deadline, out) : AppendFormatUtc(deadline, out)) {
    out += '"';
    return;
  }
  out.resize(mark);
  out += "null";
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

void AppendDecisionJson(const Decision& d, std::string& out) {
  const int digits = d.currency_digits;
  out += "{\"order_id\":"sv;
  AppendStr(out, d.order_id);
  out += ",\"request_id\":"sv;
  AppendStrOrNull(out, d.request_id);
  out += ",\"policy\":{\"name\":"sv;
  AppendStr(out, d.policy_name);
  out += ",\"version\":"sv;
  AppendStr(out, d.policy_version);
  out += ",\"digest\":"sv;
  AppendStr(out, d.policy_digest);
  out += "},\"outcome\":\""sv;
  out += OutcomeName(d.outcome);
  out += "\",\"route\":\""sv;
  out += d.review ? "review"sv : "auto"sv;
  out += "\",\"score\":"sv;
  AppendInt(out, d.score);
  out += ",\"refund\":{\"total\":"sv;
  AppendMoney(out, d.refund_total, digits);
  for (const TenderAmount& part : d.refund_parts) {
    out += ",\""sv;
    out += part.tender;
    out += "\":"sv;
    AppendMoney(out, part.minor, digits);
  }
  out += "},\"forfeited\":"sv;
  AppendMoney(out, d.forfeited, digits);
  out += ",\"items\":["sv;
  for (size_t i = 0; i < d.items.size(); ++i) {
    const ItemDecision& item = d.items[i];
    if (i) out += ',';
    out += "{\"id\":"sv;
    AppendStr(out, item.id);
    out += ",\"outcome\":\""sv;
    out += OutcomeName(item.outcome);
    out += "\",\"refund\":"sv;
    AppendMoney(out, item.refund, digits);
    out += ",\"reasons\":"sv;
    AppendReasons(out, item.reasons);
    out += '}';
  }
  out += "],\"reasons\":"sv;
  AppendReasons(out, d.reasons);
  out += ",\"deadline\":"sv;
  if (d.deadline) AppendDeadline(out, *d.deadline, d.time_zone);
  else out += "null"sv;
  out += '}';
}

std::string DecisionToJson(const Decision& d) {
  std::string out;
  out.reserve(1024);
  AppendDecisionJson(d, out);
  return out;
}

void AppendErrorRecordJson(int64_t line, const std::optional<std::string>& order_id, const OrderError& error,
                           std::string& out) {
  out += "{\"line\":"sv;
  AppendInt(out, line);
  out += ",\"order_id\":"sv;
  AppendStrOrNull(out, order_id);
  out += ",\"error\":{\"code\":\"INVALID_ORDER\",\"path\":"sv;
  AppendStr(out, error.path);
  out += ",\"message\":"sv;
  AppendStr(out, error.message);
  out += "}}"sv;
}

std::string ErrorRecordToJson(int64_t line, const std::optional<std::string>& order_id, const OrderError& error) {
  std::string out;
  AppendErrorRecordJson(line, order_id, error, out);
  return out;
}

}  // namespace refund
