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

std::string TraceText(const Value& v, const model::Policy& policy) {
  if (!v.present) return "missing";
  switch (v.type) {
    case model::Type::kMoney: {
      auto minor = v.number.Round(Rounding::kHalfUp);
      return minor && v.number.den() == 1 ? FormatMinor(*minor, policy.currency.digits()) : fmt::format("{} (minor units)", v.number.ToString());
    }
    case model::Type::kInstant: return policy.zone->Format(Instant{static_cast<int64_t>(v.number.num())});
    case model::Type::kDuration: return fmt::format("{}us", v.number.ToString());
    case model::Type::kString: {
      std::string out = "`";
      out += v.text;
      out += '`';
      return out;
    }
    case model::Type::kBool: return v.boolean ? "true" : "false";
    case model::Type::kStrings: return fmt::format("[{}]", fmt::join(v.list, ", "));
    default: return v.number.ToString();
  }
}

std::string SourceText(const model::SourceRef& where) {
  return where.file.empty() ? std::string() : fmt::format("{}:{}", where.file, where.line);
}

bool RuleHolds(const model::Rule& rule, const Scope& scope) {
  if (!Tracing(scope)) return rule.otherwise || (rule.when && Holds(*rule.when, scope));
  const size_t at = scope.trace->events.size();
  std::string scratch;
  std::string text = "rule ";
  text += rule.id;
  text += ": ";
  text += rule.otherwise ? std::string_view("otherwise") : rule.when ? model::TraceTextOf(*rule.when, scratch) : "-";
  scope.trace->Event(scope.depth, std::move(text), &rule.where);
  Scope inner = scope;
  ++inner.depth;
  const bool holds = rule.otherwise || (rule.when && Holds(*rule.when, inner));
  scope.trace->events[at].text += holds ? "  => holds" : "  => does not hold";
  return holds;
}

}  // namespace refund::eval
