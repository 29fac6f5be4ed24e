// The typed, validated order of orders.md, and how to read one from JSON.
//
//   refund::OrderSettings settings{.currency = refund::Currency::Find("CNY"),
//                                  .payment_type_aliases = {{"prepaid", "subscription"}}};
//   refund::OrderResult r = refund::ParseOrder(line, settings);
//   if (!r.ok()) std::cerr << r.error().path << ": " << r.error().message;
//   else use(r.value().items[0].paid.cash);
//
// A parsed order is immutable and self-contained; enumerated fields keep their spelling from
// orders.md (`"unpaid"`, `"renewal"`, ...), and `payment_type` / `converted_from` are already
// resolved through the policy's aliases.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "refund/money.h"
#include "refund/time.h"

namespace refund {

// What an item paid, by tender, in minor units of the order's currency (absent = 0).
struct Tenders {
  int64_t cash = 0;
  int64_t stored_card = 0;
  int64_t voucher = 0;
  int64_t coupon = 0;

  friend bool operator==(const Tenders&, const Tenders&) = default;
};

struct Term {
  Instant start;
  Instant end;  // after start (validated)

  friend bool operator==(const Term&, const Term&) = default;
};

struct Usage {
  std::optional<Ratio> used;   // exact; "0.00" is 0
  std::optional<Ratio> total;

  friend bool operator==(const Usage&, const Usage&) = default;
};

struct Item {
  std::string id;
  std::string product;
  std::string kind;
  std::optional<std::string> parent;  // id of another item of the order
  int parent_index = -1;              // index into Order::items, -1 when no parent
  std::vector<std::string> tags;
  int64_t quantity = 1;
  Money list_price;
  Tenders paid;
  std::optional<Term> term;
  std::optional<Usage> usage;
  std::string state = "active";  // active | not_started | released | expired | failed

  friend bool operator==(const Item&, const Item&) = default;
};

struct Promotion {
  std::optional<std::string> id;
  std::optional<bool> refundable;

  friend bool operator==(const Promotion&, const Promotion&) = default;
};

struct Account {
  std::string id;
  std::optional<std::string> entity;
  std::string channel = "direct";  // direct | reseller
  std::vector<std::string> flags;

  friend bool operator==(const Account&, const Account&) = default;
};

struct Request {
  std::optional<std::string> id;
  Instant at;                      // the engine's only "now"
  std::vector<int> items;          // indices into Order::items, in request order; all when absent
  bool items_given = false;        // whether `request.items` was present
  std::optional<std::string> reason;

  friend bool operator==(const Request&, const Request&) = default;
};

struct HistoryRefund {
  std::string order_id;
  std::string product;
  Instant at;
  std::string type;  // no_reason | partial | full | cancel

  friend bool operator==(const HistoryRefund&, const HistoryRefund&) = default;
};

struct Order {
  std::string id;
  std::string status;      // unpaid | paid | cancelled | refunded
  std::string order_type;  // new | renewal | upgrade | downgrade (default new)
  std::string payment_type;              // canonical, after the policy's aliases
  std::string payment_type_as_sent;      // as written in the order
  std::optional<std::string> converted_from;  // canonical, after aliases
  Instant created_at;
  std::optional<Instant> paid_at;
  Currency currency = Currency::None();
  std::optional<Promotion> promotion;
  Account account;
  std::vector<Item> items;
  Request request;
  std::vector<HistoryRefund> history;  // history.refunds

  // Whether item `index` is among the requested lines.
  bool IsRequested(int index) const {
    if (index < 0 || static_cast<size_t>(index) >= items.size()) return false;
    return !request.items_given || RequestNames(index);
  }

  friend bool operator==(const Order&, const Order&) = default;

 private:
  bool RequestNames(int index) const;  // whether `request.items` lists item `index`
};

// How much one order may hold (README.md "Limits"): beyond either, the order is invalid, with
// its error at `/items` or `/history/refunds`. Evaluation is linear (n log n) in both.
inline constexpr size_t kMaxOrderItems = 100'000;
inline constexpr size_t kMaxHistoryRefunds = 100'000;

// What a policy contributes to reading an order: its currency and payment-type aliases.
struct OrderSettings {
  std::optional<Currency> currency;  // nullopt: any ISO 4217 currency is accepted
  std::map<std::string, std::string, std::less<>> payment_type_aliases;  // alias -> canonical
  friend bool operator==(const OrderSettings&, const OrderSettings&) = default;  // same orders read the same
};

// Why an order is invalid: the JSON Pointer of the bad value and what was wrong.
struct OrderError {
  std::string path;     // "/items/0/paid/cash"; "" for the whole line
  std::string message;  // "money must be a decimal string, got number 12.5"
};

class OrderResult {
 public:
  static OrderResult Valid(Order order);
  // The same for an order already in its shared home (readers fill one in place); not null.
  static OrderResult Valid(std::shared_ptr<const Order> order);
  static OrderResult Invalid(std::optional<std::string> order_id, OrderError error);
  bool ok() const { return order_ != nullptr; }
  const Order& value() const { return *order_; }
  std::shared_ptr<const Order> shared() const { return order_; }
  const OrderError& error() const { return error_; }
  // The order's id when it could be read (also for invalid orders), else nullopt.
  const std::optional<std::string>& order_id() const { return order_id_; }

 private:
  std::shared_ptr<const Order> order_;
  std::optional<std::string> order_id_;
  OrderError error_;
};

// Parses and validates one order (one JSON object) against every rule of orders.md.
OrderResult ParseOrder(std::string_view json, const OrderSettings& settings);

// ParseOrder for a batch that reads line after line into one Order the caller keeps: `order` is
// overwritten, and its lists keep their memory from one order to the next. nullopt: `order`
// now holds the valid order. Otherwise the invalid result ParseOrder gives for `json` (its error
// and the order's id), and `order` holds nothing of use.
std::optional<OrderResult> ParseOrderInto(std::string_view json, const OrderSettings& settings, Order& order);

// One record of an input stream: `number` is the 1-based physical line (JSON Lines) or the
// 1-based index in the array (array input). `text` is the order's JSON; when the framing itself
// failed (a line over the limit, an array that does not parse) `error` says why instead.
struct InputRecord {
  int64_t number = 0;
  std::string text;
  std::optional<OrderError> error;
};

// Reads orders as orders.md frames them: JSON Lines (blank lines skipped, constant memory), one
// JSON array when the first non-white-space character is `[`, or one pretty-printed object.
class OrderReader {
 public:
  static constexpr size_t kMaxLineBytes = 16 * 1024 * 1024;  // documented limit per line
  // Array input is held whole in memory (JSON Lines is not): beyond this it is one error record.
  static constexpr size_t kMaxArrayBytes = 256 * 1024 * 1024;
  explicit OrderReader(std::istream& in);
  ~OrderReader();
  // The next record, or nullopt at the end of the input.
  std::optional<InputRecord> Next();
  // The same into `record`, reusing its buffer (pipelines recycle records); false at the end.
  bool Next(InputRecord& record);
  // Called on the reading thread just before a read that may wait for input: the buffer holds no
  // complete line and the stream has nothing ready (its streambuf's in_avail() <= 0). A caller
  // answering its input line by line (a co-process) writes out what it has decided. Null: none.
  void SetWaitHook(std::function<void()> hook);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace refund
