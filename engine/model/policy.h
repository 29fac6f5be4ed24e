// The checked meaning of a policy: settings, windows, quotas, formulas, rule lists, scoring,
// review and reason codes, with every name resolved to an index and every expression typed.
// Built from the YAML mirror by model/policy_builder; compiled into an evaluation tree.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/model/expr.h"
#include "refund/diagnostics.h"
#include "refund/money.h"
#include "refund/time.h"

namespace refund::model {

// Where a construct was written, for diagnostics, dumps and explanations.
struct SourceRef {
  std::string file;
  int line = 0;
  int column = 0;
};

// A diagnostic at `where`, for checks that run on the model after the YAML is gone (no caret
// line: callers that still have the syntax tree point at the token instead).
Diagnostic DiagnosticAt(const SourceRef& where, Severity severity, std::string code, std::string message);

enum class Tender : uint8_t { kCash, kStoredCard, kVoucher, kCoupon };
inline constexpr Tender kAllTenders[] = {Tender::kCash, Tender::kStoredCard, Tender::kVoucher,
                                         Tender::kCoupon};
std::string_view TenderName(Tender tender);

// A named set of tenders a rule returns (`standard: [cash, stored_card]`).
struct TenderSet {
  std::string name;
  std::vector<Tender> tenders;  // canonical order: cash, stored_card, voucher, coupon
  SourceRef where;
};

// The facts a `{placeholder}` can name (rules/README.md, "Messages"), known when the policy is
// built; kStepOrText is any other name: a formula step, or else the text itself.
enum class MessageFact : uint8_t {
  kStepOrText, kWindowEnd, kRefund, kRefundable, kUnreturned, kQuotaGroup, kQuotaUsedBy, kQuotaYear,
  kQuotaLimit, kScore, kReviewBelow, kRefundTotal, kField,
};

// A message text cut into literal runs and `{placeholders}`, once when the policy is built.
struct MessagePiece {
  std::string text;          // the literal text (`{{` already read as `{`), or the placeholder's name
  bool placeholder = false;
  MessageFact fact = MessageFact::kStepOrText;  // placeholders: what the name names
  int field = -1;            // kField: index into schema::Fields()
};

struct Message {
  std::string en;
  std::string zh;
  SourceRef where;
  std::vector<MessagePiece> en_pieces;  // en and zh cut by CutMessageText (placeholders.h)
  std::vector<MessagePiece> zh_pieces;
};

// A time window: request.at is inside while it is before the window's end. The end is the
// anchor plus an elapsed length, or the start of a local calendar day. First matching case wins
// (eras are cases selected by date).
struct WindowCase {
  std::optional<Expr> when;  // none: always
  Expr anchor;               // an instant
  bool calendar = false;     // calendar days in the policy's zone, else elapsed
  Duration elapsed;          // elapsed windows: anchor + elapsed
  int calendar_days = 0;     // calendar windows: N days
  bool count_from_next_day = true;  // day 1 is the day after the anchor's local date
  SourceRef where;
};

struct Window {
  std::string name;
  std::vector<WindowCase> cases;
  bool inclusive_end = false;  // inside when request.at <= end instead of <
  Message description;         // how explanations name it ("5-day no-reason window"); may be empty
  SourceRef where;
  // Every case reads only the order (no item, no history entry): one order has one end, which
  // evaluation then works out once per order.
  bool order_level = false;
};

// A quota: how many grants an account may receive per group and period.
struct Quota {
  enum class Period : uint8_t { kCalendarYear, kRolling, kEver };
  std::string name;
  int64_t limit = 1;
  Period period = Period::kCalendarYear;
  Duration rolling;                      // kRolling: entries with at in (now - rolling, now]
  std::optional<Expr> history_filter;    // over `refund.*`: which history entries count
  std::optional<Expr> item_group;        // string; none: one group for the account
  std::optional<Expr> history_group;     // string, over `refund.*`
  SourceRef where;
};

// A step of a formula: an expression, or a first-match table of (condition, value) rows.
struct TableRow {
  std::optional<Expr> when;  // none: the fallback row
  Expr value;
  SourceRef where;
};
struct Step {
  std::string name;
  std::optional<Expr> value;
  std::vector<TableRow> table;
  Type type = Type::kUnknown;
  SourceRef where;
  // Its value is written as a percentage (`10%`, or a table of them): messages and explanations
  // show it as one ("10%", not "0.1").
  bool percent = false;
};

// An outcome a formula can give instead of an amount.
struct FormulaExit {
  std::optional<Expr> when;  // guards; none for `unavailable`
  std::string code;
  int code_index = -1;  // into Policy::codes; -1 when not declared (see IndexCodes)
  bool review = false;
  SourceRef where;
};

struct Formula {
  std::string name;
  std::vector<FormulaExit> guards;        // first that holds: no refund with its code
  std::vector<Step> steps;                // evaluated in order; later steps see earlier ones
  Expr refund;                            // money
  std::optional<FormulaExit> unavailable;  // a value it needs is missing (no term, say)
  SourceRef where;
};

// An extra reason code a rule adds when its condition holds (never inherited).
struct Also {
  Expr when;
  std::string code;
  int code_index = -1;
  SourceRef where;
};

enum class RefundKind : uint8_t { kNone, kFull, kFormula, kInherit };
enum class OrderOutcome : uint8_t { kCancel, kNoRefund, kItems };

// A rule of a first-match list. A rule with children is a group: when it matches, its children
// are tried in order (they must end in a fallback).
struct Rule {
  std::string id;
  int index = -1;  // unique per list kind, in source order (pre-order over groups)
  std::optional<Expr> when;  // none together with `otherwise`: the fallback
  bool otherwise = false;
  std::vector<Rule> children;

  // Order rules.
  OrderOutcome order_outcome = OrderOutcome::kItems;
  // Item rules.
  RefundKind refund = RefundKind::kNone;
  int formula = -1;   // RefundKind::kFormula
  int tenders = 0;    // index into Policy::tender_sets
  int quota = -1;     // uses one grant of this quota when it fires
  std::string orphan_code;  // kInherit: the code when the parent is not requested
  int orphan_code_index = -1;
  bool window_of_parent = false;  // kInherit: the parent's window end, not one measured on the child

  // Both.
  std::string code;
  int code_index = -1;  // into Policy::codes; -1 when not declared (see IndexCodes)
  bool review = false;
  int window = -1;        // the rule's window, for `{window_end}` and the deadline
  bool deadline = false;  // the window's end is a deadline of the decision
  std::vector<Also> also;
  std::optional<Message> message;  // overrides the code's message for this rule
  SourceRef where;
};

// A code added to every item whose rule returns money, when its condition holds.
struct Note {
  std::string id;
  std::string code;
  int code_index = -1;
  Expr when;
  std::optional<Message> message;
  SourceRef where;
};

struct Signal {
  std::string id;
  std::optional<Expr> when;            // a flag-like signal: `points` once when it holds
  bool counts_history = false;         // a count signal: `points` per entry beyond `allowance`
  std::optional<Expr> history_filter;  // over `refund.*`
  int64_t allowance = 0;
  int64_t points = 0;
  SourceRef where;
};

struct ReviewRule {
  std::string id;
  Expr when;  // over `decision.score`, `decision.refund.total`
  std::string code;
  int code_index = -1;
  SourceRef where;
};

struct Code {
  std::string name;
  Message message;
  SourceRef where;
  int note_message = -1;  // the last note naming this code with a message of its own: it wins
};

// Hashing for the policy's name tables, looked up by string_view without making a string.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
template <class T>
using TextMap = std::unordered_map<std::string, T, TextHash, std::equal_to<>>;

struct Policy {
  std::string name;
  std::string version;
  std::string time_zone_name;
  std::optional<TimeZone> zone;
  Currency currency = *Currency::Find("XXX");
  Rounding rounding = Rounding::kHalfUp;
  int64_t review_below = 0;
  std::string review_code;  // added when the score is below review_below
  int review_code_index = -1;

  std::vector<std::string> payment_types;                       // canonical, declared
  std::map<std::string, std::string, std::less<>> aliases;      // alias -> canonical
  std::vector<TenderSet> tender_sets;                           // [0] is `default`
  std::vector<Tender> decision_tenders;  // every tender some rule returns, canonical order
  std::vector<Window> windows;
  std::vector<Quota> quotas;
  std::vector<Formula> formulas;
  std::vector<Rule> order_rules;
  std::vector<Rule> item_rules;
  std::vector<Note> notes;
  int64_t score_start = 100;
  std::vector<Signal> signals;
  std::vector<ReviewRule> review;
  std::vector<Code> codes;               // in declaration order; add with AddCode
  TextMap<size_t> code_index;            // name -> index into `codes`
  TextMap<Message> labels;               // the policy's words in en and zh
  std::string digest;
  std::string root;  // the policy path as the user named it

  const Code* FindCode(std::string_view name) const;
  void AddCode(Code code);
  // The message a reason `code_index` reads in, given by `rule` (may be null): a note's own
  // message for the code, else the rule's own message for its code, else the code's; null for an
  // undeclared code (-1), whose text then stands as its message.
  const Message* MessageOf(int code_index, const Rule* rule) const;
};

// Sets every `code_index` (and Code::note_message) once the policy is built, so that evaluation
// finds a reason's message without looking its code up by name.
void IndexCodes(Policy& policy);

}  // namespace refund::model
