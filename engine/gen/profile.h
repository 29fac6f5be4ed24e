// A generation profile: the data that makes synthetic orders look like one business's orders
// (products, kinds, tags, prices, terms, tenders, timing). The generator knows only the order
// schema of orders.md; every value it writes into a field comes from here.
//
//   gen::ProfileResult profile = gen::ReadProfile("samples/profiles/cloud.yaml");
//   if (!profile.ok()) for (auto& d : profile.diagnostics()) std::cerr << RenderDiagnostic(d);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "refund/diagnostics.h"
#include "refund/money.h"
#include "refund/time.h"

namespace refund::gen {

// A weighted choice among values; weights are non-negative integers, at least one positive.
template <typename T>
struct Choice {
  std::vector<T> values;
  std::vector<int64_t> cumulative;  // running sums of the weights
  void Add(T value, int64_t weight) {
    values.push_back(std::move(value));
    cumulative.push_back((cumulative.empty() ? 0 : cumulative.back()) + weight);
  }
  bool empty() const { return values.empty() || cumulative.back() <= 0; }
};

// An inclusive range [lo, hi] (minor units, seconds, counts: the field says which).
struct Range {
  int64_t lo = 0;
  int64_t hi = 0;
};

// A tag or flag added independently with `percent` chance.
struct Chance {
  std::string value;
  int64_t percent = 0;
};

// A length of service: months (calendar, in the profile's zone) or seconds.
struct TermLength {
  int64_t months = 0;
  int64_t seconds = 0;
};

struct LineSpec {
  std::string product;
  std::string kind;
  Range price;                     // list price, minor units
  std::vector<Chance> tags;
  std::optional<Range> usage_total;  // plans and packs: usage.total
  int64_t unused_percent = 0;        // share of those with usage.used == 0
  int64_t percent = 100;             // for children: chance to appear under a parent
  std::vector<LineSpec> children;    // attached lines (parent = this line)
};

struct PaymentSpec {
  std::string name;               // as written into `payment_type` (aliases included)
  bool term = true;               // whether lines carry a term
  std::vector<std::string> kinds;  // restricts top-level lines to these kinds; empty = any
};

struct OrderTypeSpec {
  std::string name;
  Range term_starts_after;  // seconds after payment when the term starts (renewals: later)
};

// A tender mix: percent of the paid amount per tender (cash, stored_card, voucher, coupon).
struct TenderMix {
  int64_t percent[4] = {100, 0, 0, 0};
};

// Where `request.at` falls: `anchor` plus a uniform offset in `within` (seconds), or exactly at
// an edge (`edge_seconds` after the anchor, or 00:00 local `edge_days` calendar days after the
// anchor's date) moved by one of `nudges` (seconds).
struct RequestSpec {
  std::string anchor;  // created_at | paid_at | term.start | term.end
  std::optional<Range> within;
  std::optional<int64_t> edge_seconds;
  std::optional<int64_t> edge_days;
  std::vector<int64_t> nudges{0};
};

struct HistorySpec {
  Choice<int64_t> counts;
  Choice<std::string> types;
  Range within;               // seconds relative to request.at
  int64_t same_product = 0;   // percent of refunds naming the first line's product
};

struct Profile {
  Currency currency = *Currency::Find("XXX");
  std::string time_zone;
  Range created;              // instants, seconds since the epoch
  Range pay_delay;            // seconds
  int64_t accounts = 1000;
  Choice<std::string> statuses;
  Choice<OrderTypeSpec> order_types;
  Choice<PaymentSpec> payment_types;
  Choice<std::string> converted_from;  // "" = absent
  Choice<std::string> channels;
  Choice<std::string> promotions;      // none | refundable | non_refundable
  std::vector<Chance> flags;
  Choice<int64_t> lines_per_order;
  Choice<TermLength> terms;
  Range discount_percent;     // paid total as a percent of list price
  Choice<TenderMix> tenders;
  Choice<std::string> states;
  int64_t request_items_percent = 0;  // orders of 2+ lines asking for a subset
  Choice<std::string> reasons;        // "" = no reason
  Choice<LineSpec> lines;
  Choice<RequestSpec> requests;
  HistorySpec history;
};

class ProfileResult {
 public:
  bool ok() const { return profile_.has_value(); }
  const Profile& value() const { return *profile_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  friend ProfileResult ReadProfile(const std::string& path);
  friend ProfileResult ReadProfileText(const std::string& name, std::string text);
  std::optional<Profile> profile_;
  std::vector<Diagnostic> diagnostics_;
};

// Reads and checks a profile file; every problem is a diagnostic (codes G001-G004). G001: the
// file itself cannot be used (missing, not a regular file, unreadable, larger than 8 MiB), read
// through source::ReadRegularFile.
ProfileResult ReadProfile(const std::string& path);

// Reads and checks a profile given as text (e.g. the copy built into refundctl); `name` stands
// for the file in diagnostics. Codes G002-G004.
ProfileResult ReadProfileText(const std::string& name, std::string text);

}  // namespace refund::gen
