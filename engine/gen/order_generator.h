// Synthetic orders from a profile: order `n` of seed `s` is always the same bytes. Every order
// is valid under orders.md unless the invalid share picks it to be broken on purpose.
//
//   gen::OrderGenerator generator(profile, /*seed=*/1, /*invalid_per_million=*/0);
//   fmt::memory_buffer out;
//   for (int64_t n = 1; n <= 1000; ++n) generator.Append(n, out);   // JSON Lines
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/gen/json_line.h"
#include "engine/gen/profile.h"
#include "engine/gen/rng.h"
#include "refund/time.h"

namespace refund::gen {

class OrderGenerator {
 public:
  // `invalid_per_million`: the share of lines broken in one of the ways of line_defects.h.
  OrderGenerator(const Profile& profile, uint64_t seed, int64_t invalid_per_million);
  // Appends order number `n` as one line ending in '\n'. Call with n = 1, 2, ... in order: the
  // random stream is shared, so order n depends on the orders before it.
  void Append(int64_t n, fmt::memory_buffer& out);
  // Orders 1..count as separate lines without their '\n' (for tests and benchmarks).
  std::vector<std::string> Lines(int64_t count);

 private:
  // The instants of one order, in seconds since the epoch; paid < 0 when unpaid.
  struct Timeline {
    int64_t created = 0;
    int64_t paid = -1;
    bool has_term = false;
    int64_t term_start = 0;
    int64_t term_end = 0;
  };

  // A weighted pick; the choice is not empty (the profile reader checks).
  template <typename T>
  size_t PickIndex(const Choice<T>& choice) {
    const int64_t r = static_cast<int64_t>(rng_.Below(static_cast<uint64_t>(choice.cumulative.back())));
    auto it = std::upper_bound(choice.cumulative.begin(), choice.cumulative.end(), r);
    return static_cast<size_t>(it - choice.cumulative.begin());
  }
  template <typename T>
  const T& Pick(const Choice<T>& choice) { return choice.values[PickIndex(choice)]; }
  int64_t Offset(int64_t seconds) const;
  int64_t AddTerm(int64_t start, const TermLength& term) const;
  int64_t LocalMidnightAfter(int64_t seconds, int64_t days) const;

  Timeline PlanTimeline(const std::string& status, const OrderTypeSpec& type, const PaymentSpec& payment);
  void WriteHead(JsonLine& j, int64_t n, const std::string& status, const OrderTypeSpec& type,
                 const PaymentSpec& payment, const Timeline& t);
  void WriteAccount(JsonLine& j);
  void WriteItems(JsonLine& j, size_t payment_index, const Timeline& t);
  void WriteItem(JsonLine& j, const LineSpec& spec, int parent, const Timeline& t);
  void WritePaid(JsonLine& j, int64_t list_price);
  int64_t RequestAt(const Timeline& t);
  void WriteRequest(JsonLine& j, int64_t n, const Timeline& t);
  void WriteHistory(JsonLine& j, int64_t n, int64_t request_at);

  const Profile& profile_;
  Rng rng_;
  int64_t invalid_per_million_;
  TimeZone zone_;
  int digits_;
  std::vector<Choice<size_t>> lines_by_payment_;  // indices into profile_.lines.values
  // Scratch reused across orders: the items written so far (product of each) for requests and history.
  std::vector<const std::string*> item_products_;
  fmt::memory_buffer line_;
};

}  // namespace refund::gen
