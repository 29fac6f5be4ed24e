// The trace recorder's helpers (see trace.h): typed values, author-readable text, rule conditions
// as trace lines, and an item's result as explanation data.
#include "engine/eval/trace.h"

#include <fmt/format.h>

#include "engine/eval/item_rules.h"
#include "engine/eval/value.h"

namespace refund::eval {

TraceValue ToTraceValue(const Value& value) {
  TraceValue v;
  v.type = value.type;
  v.present = value.present;
  v.number = value.number;
  v.text = std::string(value.text);
  if (value.type == model::Type::kStrings) v.text = fmt::format("{}", fmt::join(value.list, ", "));
  if (value.type == model::Type::kBool) v.text = value.boolean ? "true" : "false";
  return v;
}

void AppendTraceText(const Value& v, const model::Policy& policy, std::string& out) {
  if (!v.present) {
    out += "missing";
    return;
  }
  switch (v.type) {
    case model::Type::kMoney: {
      auto minor = v.number.Round(Rounding::kHalfUp);
      if (minor && v.number.den() == 1) AppendMinor(*minor, policy.currency.digits(), out);
      else fmt::format_to(std::back_inserter(out), "{} (minor units)", v.number.ToString());
      return;
    }
    case model::Type::kInstant: {
      // Past the calendar (InstantOf) or past what RFC 3339 writes in the zone: said in words.
      const std::optional<Instant> at = InstantOf(v.number);
      if (at && policy.zone->AppendFormat(*at, out)) return;
      out += v.number < Ratio(0) ? "before year 1" : "after year 9999";
      return;
    }
    case model::Type::kDuration:
      out += v.number.ToString();
      out += "us";
      return;
    case model::Type::kString:
      out += '`';
      out += v.text;
      out += '`';
      return;
    case model::Type::kBool: out += v.boolean ? "true" : "false"; return;
    case model::Type::kStrings:
      out += '[';
      for (size_t i = 0; i < v.list.size(); ++i) {
        if (i > 0) out += ", ";
        out += v.list[i];
      }
      out += ']';
      return;
    default: out += v.number.ToString(); return;
  }
}

std::string TraceText(const Value& v, const model::Policy& policy) {
  std::string out;
  AppendTraceText(v, policy, out);
  return out;
}

std::string SourceText(const model::SourceRef& where) {
  return where.file.empty() ? std::string() : fmt::format("{}:{}", where.file, where.line);
}

bool TracedRuleHolds(const model::Rule& rule, const Scope& scope) {
  const size_t at = scope.trace->events.size();
  std::string scratch;
  const std::string_view condition =
      rule.otherwise ? std::string_view("otherwise") : rule.when ? model::TraceTextOf(*rule.when, scratch) : "-";
  std::string& text = scope.trace->Line(scope.depth, &rule.where);
  text += "rule ";
  text += rule.id;
  text += ": ";
  text += condition;
  Scope inner = scope;
  ++inner.depth;
  const bool holds = rule.otherwise || (rule.when && Holds(*rule.when, inner));
  scope.trace->events[at].verdict = holds ? TraceEvent::Verdict::kHolds : TraceEvent::Verdict::kDoesNotHold;
  return holds;
}

std::string TraceSink::Text(size_t index) const {
  std::string out(RawText(index));
  switch (events[index].verdict) {
    case TraceEvent::Verdict::kHolds: out += "  => holds"; break;
    case TraceEvent::Verdict::kDoesNotHold: out += "  => does not hold"; break;
    case TraceEvent::Verdict::kNone: break;
  }
  return out;
}

}  // namespace refund::eval
