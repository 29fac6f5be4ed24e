// Runtime values of policy expressions and the scope an expression is evaluated in.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/compile/tree.h"
#include "engine/eval/numbers.h"
#include "engine/eval/coverage.h"
#include "engine/eval/trace.h"
#include "engine/model/expr.h"
#include "engine/model/limits.h"
#include "engine/model/policy.h"
#include "refund/order.h"

namespace refund::eval {

// A value, or "missing" (present == false): a field the order does not have, a step that read
// one, a division by zero or an overflow. Missing values make comparisons false (`!=` and
// `not in` true), and make arithmetic missing.
struct Value {
  model::Type type = model::Type::kUnknown;
  bool present = false;
  Ratio number;  // number; money in minor units; duration / instant in microseconds
  std::string_view text;
  std::vector<std::string_view> list;
  bool boolean = false;

  static Value Missing() { return {}; }
  static Value Bool(bool b) { Value v; v.type = model::Type::kBool; v.present = true; v.boolean = b; return v; }
  static Value Number(model::Type type, Ratio r) { Value v; v.type = type; v.present = true; v.number = r; return v; }
  static Value Text(std::string_view t) { Value v; v.type = model::Type::kString; v.present = true; v.text = t; return v; }
};

class WindowResolver;

// Everything an expression may read.
struct Scope {
  const model::Policy* policy = nullptr;
  const Order* order = nullptr;
  const Item* item = nullptr;               // item rules, formulas, notes
  const HistoryRefund* entry = nullptr;     // history filters
  const std::vector<Value>* steps = nullptr;  // formula steps computed so far
  std::optional<int64_t> refundable;        // amounts, in minor units
  std::optional<int64_t> unreturned;
  std::optional<int64_t> score;             // review rules
  std::optional<int64_t> refund_total;
  const std::vector<int>* quota_blocked = nullptr;  // rule indexes blocked by quota for this item
  const WindowResolver* windows = nullptr;
  CoverageSink* coverage = nullptr;         // opt-in branch recording (EvalOptions::coverage)
  TraceSink* trace = nullptr;               // opt-in trace (EvalOptions::trace)
  int depth = 0;                            // trace indentation
};

// Whether this build can trace at all: `cmake -DREFUND_TRACE=OFF` compiles every trace hook out
// (REFUND_NO_TRACE), which is how the benchmarks measure what the hooks cost when a trace is off.
#ifdef REFUND_NO_TRACE
inline constexpr bool kTraceBuilt = false;
#else
inline constexpr bool kTraceBuilt = true;
#endif

// Whether this evaluation records a trace (EvalOptions::trace).
inline bool Tracing(const Scope& scope) { return kTraceBuilt && scope.trace != nullptr; }

// Records that evaluation took the branch `node` (a model node), when coverage is on.
inline void Reach(const Scope& scope, const void* node) {
  if (scope.coverage) scope.coverage->Reach(node);
}

// The instant an instant-typed number names, floored to a whole microsecond; nullopt outside
// model::kMinInstantMicros..kMaxInstantMicros, so that adding a window's length (at most
// model::kMaxWindowLength) or a zone's offset never leaves the 64-bit range or the calendar's.
inline std::optional<Instant> InstantOf(const Ratio& micros) {
  if (micros.den() == 1) {
    if (micros.num() < model::kMinInstantMicros || micros.num() > model::kMaxInstantMicros) return std::nullopt;
    return Instant{static_cast<int64_t>(micros.num())};
  }
  const std::optional<int64_t> floor = micros.Floor();
  if (!floor || *floor < model::kMinInstantMicros || *floor > model::kMaxInstantMicros) return std::nullopt;
  return Instant{*floor};
}

// Evaluates a typed expression. Never throws; problems give a missing value.
Value EvaluateExpr(const model::Expr& expr, const Scope& scope);
// A condition: true only when it evaluates to a present `true`.
bool Holds(const model::Expr& expr, const Scope& scope);
// A rule's condition (`otherwise` holds), recorded with the values compared when tracing.
bool TracedRuleHolds(const model::Rule& rule, const Scope& scope);  // trace.cc, out of line
inline bool RuleHolds(const model::Rule& rule, const Scope& scope) {
  if (Tracing(scope)) return TracedRuleHolds(rule, scope);
  return rule.otherwise || (rule.when && Holds(*rule.when, scope));
}
// An order field by schema index.
Value ReadField(int field, const Scope& scope);
// A text field (a string, or a missing value: nullopt) read in place, without building a Value.
std::optional<std::string_view> ReadText(int field, const Scope& scope);
// A number field (money, instant, number; nullopt when missing) read in place.
std::optional<Ratio> ReadNumber(int field, const Scope& scope);
// The same on the word lane (numbers.h): too big when the field's value does not fit 64 bits.
WordNumber ReadWordNumber(int field, const Scope& scope);
// A stored list field (`item.tags`, `account.flags`) without copying it: nullptr when the field
// is another one or is missing here (then ReadField says what it is).
const std::vector<std::string>* ReadStoredList(int field, const Scope& scope);

// The positions of a first-match list's rules that can match here, in order (dispatch index).
const std::vector<int>& Candidates(const compile::RuleList& list, const Scope& scope);

// Ends of windows for the current order (and item): computed by eval/windows.cc. A resolver
// answers for one order (it keeps the ends of order-level windows): make one per order.
class WindowResolver {
 public:
  explicit WindowResolver(const model::Policy& policy) : policy_(policy) {}
  // The window's end for this scope; nullopt when its anchor is missing.
  std::optional<Instant> End(int window, const Scope& scope) const;
  bool Inside(int window, const Scope& scope) const;
  // The window as data (anchor, end, inside), for traces; the case that applied gives its shape.
  WindowFact Fact(int window, const Scope& scope) const;
  // Where the case that applies here (else the window) is written, for trace lines.
  const model::SourceRef& Where(int window, const Scope& scope) const;

 private:
  std::optional<Instant> Compute(int window, const Scope& scope) const;

  const model::Policy& policy_;
  // Ends of order-level windows (model::Window::order_level) already worked out: bit w of
  // `known_` says window w's end is known, bit w of `has_end_` that it has one, in ends_[w].
  // Windows past the 32nd are worked out each time. `ends_` is left uninitialised (a resolver is
  // made per order) and read only where `known_` says it was written.
  mutable uint32_t known_ = 0;
  mutable uint32_t has_end_ = 0;
  mutable int64_t ends_[32];
};

}  // namespace refund::eval
