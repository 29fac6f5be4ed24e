// The evaluation trace: what one evaluation found, as data, for explanations and policy authors.
// Opt-in through EvalOptions::trace; when it is null, evaluation records nothing.
//
//   refund::eval::TraceSink trace;
//   refund::Decision d = refund::Evaluate(policy, order, {.trace = &trace});
//   trace.items[0].steps;   // each formula step with its value, in order
//   trace.events;           // every condition visited, with the values compared (for authors)
//
// Values are stored typed (money in minor units, instants in microseconds); rendering them per
// language is engine/explain's job.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/model/policy.h"
#include "refund/money.h"
#include "refund/decision.h"
#include "refund/order.h"
#include "refund/time.h"

namespace refund::eval {

struct Value;

// A typed value of a step or a field.
struct TraceValue {
  model::Type type = model::Type::kUnknown;
  bool present = false;
  Ratio number;  // money: minor units; instant / duration: microseconds
  std::string text;
};
TraceValue ToTraceValue(const Value& value);

// The window a rule measured: where it starts (its anchor) and where it ends.
struct WindowFact {
  std::string name;         // the policy's window name
  std::string anchor_path;  // the anchor expression (`order.paid_at`)
  std::optional<Instant> anchor;
  std::optional<Instant> end;
  bool inside = false;      // request.at before the end (or at it, for inclusive windows)
  bool calendar = false;
  int64_t calendar_days = 0;
  Duration elapsed;
  model::SourceRef where;
};

// A quota a rule of this item asked for.
struct QuotaFact {
  std::string name;
  std::string group;
  int64_t limit = 0;
  int64_t used = 0;        // grants counted before this item (history plus earlier items)
  bool granted = false;
  int year = 0;            // calendar-year quotas: the year of request.at in the policy's zone
  std::optional<std::string> used_by;  // the first counted history entry's order (or this order)
  std::optional<Instant> used_at;      // its date; none when an earlier item of this order used it
  std::string used_by_line;            // that earlier item
  std::optional<Instant> renews_at;    // when a grant is counted no more (next year, or rolling)
};

struct StepFact {
  std::string name;
  bool percent = false;  // written as a percentage (model::Step::percent)
  TraceValue value;
  std::string expr;   // the step's expression, or the chosen table row's value
  int row = -1;       // tables: 0-based row that applied
  model::Function rounding = model::Function::kNone;  // the first ceil/floor/round(/_hour) in it
  model::SourceRef where;
};

struct ItemTrace {
  int index = -1;
  std::string id;
  std::string rule;               // the rule that matched
  model::SourceRef rule_where;
  std::string applied;            // the rule whose action applied (the parent's, for sub-items)
  model::SourceRef applied_where;
  std::optional<std::string> parent;  // sub-items that followed their parent
  Tenders paid;
  int64_t paid_total = 0;
  std::vector<model::Tender> returned;  // tenders the applied rule returns
  int64_t refundable = 0;         // paid in the returned tenders
  int64_t unreturned = 0;         // paid in other tenders (vouchers, coupons)
  int64_t withheld = 0;           // refundable minus the refund (consumed value, fees, no-refund rules)
  int64_t refund = 0;
  std::vector<TenderAmount> parts;
  std::string formula;            // the formula's name, when one ran
  std::string exit_code;          // a guard or `unavailable` that ended the formula
  std::vector<StepFact> steps;
  std::optional<WindowFact> window;
  std::optional<QuotaFact> quota;
};

struct SignalFact {
  std::string id;
  int64_t points = 0;  // total points it added (negative lowers the score)
  int64_t count = 0;   // count signals: history entries counted
  int64_t allowance = 0;
  model::SourceRef where;
};

struct ReviewFact {
  std::string id;
  std::string code;
  model::SourceRef where;
};

// One line of the author trace: what was visited, at which depth, from where in the source.
// `where` points into the policy (no copy per line), so read a trace while its policy lives.
// Its text is in the sink (TraceSink::Text), from `begin` to where the next line begins.
struct TraceEvent {
  enum class Verdict : uint8_t { kNone, kHolds, kDoesNotHold };  // a rule line's, once known
  int depth = 0;
  size_t begin = 0;
  const model::SourceRef* where = nullptr;  // null: no source position
  Verdict verdict = Verdict::kNone;
};

// Not thread-safe: one sink per evaluation. The lines' texts share one buffer, written in place:
// tracing an order allocates a few times, not once per line.
class TraceSink {
 public:
  // Starts a line at `depth` and returns the buffer its text is appended to. The line ends where
  // the next one starts: write all of it before anything else is traced.
  std::string& Line(int depth, const model::SourceRef* where = nullptr) {
    if (events.empty()) {
      events.reserve(64);
      text_.reserve(4096);
    }
    events.push_back({depth, text_.size(), where});
    return text_;
  }
  void Event(int depth, std::string_view text, const model::SourceRef* where = nullptr) { Line(depth, where) += text; }
  // Line `index` as read: its text, then its verdict ("  => holds") when it has one.
  std::string Text(size_t index) const;
  std::string_view RawText(size_t index) const {
    const size_t end = index + 1 < events.size() ? events[index + 1].begin : text_.size();
    return std::string_view(text_).substr(events[index].begin, end - events[index].begin);
  }

  std::string gate;  // the order rule that decided every item, when one did
  model::SourceRef gate_where;
  std::optional<WindowFact> gate_window;
  int64_t score_start = 100;
  int64_t review_below = 0;
  std::vector<SignalFact> signals;
  std::vector<ReviewFact> reviews;
  std::vector<ItemTrace> items;
  std::vector<TraceEvent> events;

 private:
  std::string text_;
};

// An author-readable value: money with the currency's digits, instants in the policy's zone.
std::string TraceText(const Value& value, const model::Policy& policy);
// The same text appended to `out`.
void AppendTraceText(const Value& value, const model::Policy& policy, std::string& out);
// "rules/cloud-cn/policy.yaml:42".
std::string SourceText(const model::SourceRef& where);

}  // namespace refund::eval
