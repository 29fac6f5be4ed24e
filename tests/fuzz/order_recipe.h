// An order's structure from a recipe of bytes, and the invariants its decision must keep; shared
// by the libFuzzer target fuzz_structure.cc and the deterministic tests/unit/structure_test.cc
// (a few hundred seeded recipes, so that the sanitizer pass of the suite runs them too).
//
// The bytes choose the item count (a few, or thousands), parent links in any order (chains listed
// child first or parent first, fan-out, random trees, links to unknown ids or into cycles), kinds
// and tags that make policies inherit, request.items subsets (in any order, empty, duplicated,
// naming unknown lines), history sizes, amounts, dates, and unknown fields nested up to past the
// reader's limit. Most recipes give valid orders; the invalid ones must get an error, not a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "engine/eval/trace.h"
#include "tests/fuzz/decision_invariants.h"
#include "refund/explain.h"
#include "refund/policy.h"

namespace refund::fuzz {

// Reads a recipe byte by byte; past its end every byte is 0.
class Recipe {
 public:
  Recipe(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  unsigned Byte() { return at_ < size_ ? data_[at_++] : 0; }
  unsigned Below(unsigned n) { return n == 0 ? 0 : (Byte() | Byte() << 8) % n; }
  bool Chance(unsigned in) { return Below(in) == 0; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
};

inline std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

inline std::string Timestamp(int64_t hours_after_base) {  // base: 2026-03-01T02:00:00Z
  static const char* kDays[] = {"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14",
                                "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28"};
  const int64_t h = hours_after_base < 0 ? 0 : hours_after_base;
  const int64_t day = h / 24, hour = h % 24;
  const int64_t month = day / 28, year = 2026 + month / 12;
  char out[32];
  std::snprintf(out, sizeof out, "%04lld-%02lld-%sT%02lld:00:00Z", static_cast<long long>(year > 9999 ? 9999 : year),
                static_cast<long long>(month % 12 + 1), kDays[day % 28], static_cast<long long>(hour));
  return out;
}

// Unknown fields nested `depth` levels deep (objects and arrays alternating).
inline std::string Nested(unsigned depth) {
  std::string text;
  for (unsigned d = 0; d < depth; ++d) text += d % 2 ? "[" : "{\"x\":";
  text += "1";
  for (unsigned d = depth; d-- > 0;) text += d % 2 ? "]" : "}";
  return text;
}

inline std::string Money(Recipe& r) {
  static const char* kAmounts[] = {"0.00", "0.01", "1.00", "99.99", "100.00", "2900.00", "365.00", "12345678.90"};
  return Quoted(kAmounts[r.Below(8)]);
}

// How large a recipe's large orders grow (one recipe in 16 is large).
struct Sizes {
  unsigned items = 3000;
  unsigned history = 5000;
};

// What the recipe chose for the whole order.
struct Shape {
  int n = 1;             // items
  unsigned links = 0;    // 0 none, 1 chain child first, 2 chain parent first, 3 fan-out, 4 tree,
                         // 5 any link (cycles, self-links), 6 dangling
  bool termless = false; // the last line has no term (invalid for prepaid orders)
  unsigned nest = 0;     // depth of unknown fields, 0 for none
  int64_t paid_at = 0;   // hours after the base
};

inline std::string ItemJson(Recipe& r, const Shape& s, int k) {
  static const char* kKinds[] = {"instance", "system_disk", "data_disk", "bandwidth", "image", "ip"};
  static const char* kTags[] = {"\"bound\"", "\"marketplace\"", "\"os_license\"", "\"bound\",\"marketplace\""};
  std::string it = "{\"id\":\"i" + std::to_string(k) + "\",\"product\":\"p" + std::to_string(r.Below(4)) +
                   "\",\"kind\":\"" + kKinds[r.Below(6)] + "\",\"list_price\":" + Money(r) + ",\"paid\":{\"cash\":" + Money(r);
  if (r.Chance(3)) it += ",\"voucher\":" + Money(r);
  if (r.Chance(5)) it += ",\"coupon\":" + Money(r);
  if (r.Chance(5)) it += ",\"stored_card\":" + Money(r);
  it += "}";
  int parent = -1;
  if (s.links == 1 && k + 1 < s.n) parent = k + 1;
  if (s.links == 2 && k > 0) parent = k - 1;
  if (s.links == 3 && k > 0) parent = 0;
  if (s.links == 4 && k + 1 < s.n) parent = k + 1 + static_cast<int>(r.Below(s.n - k - 1));
  if (s.links == 5) parent = static_cast<int>(r.Below(s.n + 1)) - 1;
  if (parent >= 0) it += ",\"parent\":\"i" + std::to_string(parent) + "\"";
  if (s.links == 6 && r.Chance(2)) it += ",\"parent\":\"nowhere\"";
  if (r.Chance(2)) it += std::string(",\"tags\":[") + kTags[r.Below(4)] + "]";
  if (!s.termless || k + 1 < s.n) {
    const int64_t start = s.paid_at + r.Below(3), length = 1 + r.Below(3) * 24 * 30 + r.Below(24 * 800);
    it += ",\"term\":{\"start\":\"" + Timestamp(start) + "\",\"end\":\"" + Timestamp(start + length) + "\"}";
  }
  if (s.nest && k == 0) it += ",\"ext\":" + Nested(s.nest);
  return it + "}";
}

inline std::string RequestJson(Recipe& r, const Shape& s) {
  std::string request = "\"at\":\"" + Timestamp(s.paid_at + r.Below(24 * 40)) + "\"";
  switch (r.Below(12)) {
    case 0: case 1: case 2: case 3: case 4: break;  // every line
    case 5: case 6: case 7: case 8: {  // a subset, in another order
      std::string ids;
      for (int k = s.n - 1; k >= 0; --k)
        if (r.Chance(2) || k == 0) ids += (ids.empty() ? "\"i" : ",\"i") + std::to_string(k) + "\"";
      request += ",\"items\":[" + ids + "]";
      break;
    }
    case 9: request += ",\"items\":[\"i0\",\"i0\"]"; break;  // twice: invalid
    case 10: request += ",\"items\":[\"i" + std::to_string(s.n) + "\"]"; break;  // unknown: invalid
    default: request += r.Chance(2) ? ",\"items\":[]" : ",\"items\":[\"i" + std::to_string(s.n - 1) + "\"]";
  }
  return request;
}

inline std::string HistoryJson(Recipe& r, int entries) {
  static const char* kTypes[] = {"no_reason", "partial", "full", "cancel"};
  std::string history;
  for (int h = 0; h < entries; ++h)
    history += std::string(h ? "," : "") + "{\"order_id\":\"O-" + std::to_string(h) + "\",\"product\":\"p" +
               std::to_string(r.Below(5)) + "\",\"at\":\"" + Timestamp(static_cast<int64_t>(r.Below(24 * 60)) - 24 * 30) +
               "\",\"type\":\"" + kTypes[r.Below(4)] + "\"}";
  return history;
}

// The order the recipe describes, as one JSON text.
inline std::string BuildOrder(Recipe& r, Sizes sizes = {}) {
  static const char* kPayment[] = {"subscription", "pay_as_you_go", "resource_plan", "reserved_instance", "savings_plan", "prepaid"};
  static const char* kStatus[] = {"paid", "paid", "paid", "unpaid", "cancelled", "refunded"};
  const bool large = r.Chance(16);
  Shape s;
  s.n = 1 + static_cast<int>(r.Below(large ? sizes.items : 24));
  s.links = r.Chance(8) ? 5 + r.Below(2) : r.Below(5);
  s.termless = r.Chance(16);
  s.nest = r.Chance(4) ? r.Below(80) : 0;
  s.paid_at = r.Below(48);
  std::string items;
  for (int k = 0; k < s.n; ++k) items.append(k ? "," : "").append(ItemJson(r, s, k));
  const std::string request = RequestJson(r, s);
  const int entries = static_cast<int>(r.Below(large ? sizes.history : 8));
  const std::string history = HistoryJson(r, entries);
  const char* status = kStatus[r.Below(6)];
  std::string order = std::string("{\"id\":\"O-F\",\"status\":\"") + status + "\",\"payment_type\":\"" + kPayment[r.Below(6)] +
                      "\",\"created_at\":\"" + Timestamp(0) + "\"";
  if (std::string(status) != "unpaid" || r.Chance(4)) order += ",\"paid_at\":\"" + Timestamp(s.paid_at) + "\"";
  order += ",\"currency\":\"CNY\",\"account\":{\"id\":\"A-1\"" + std::string(r.Chance(8) ? ",\"flags\":[\"security_risk\"]" : "") +
           "},\"items\":[" + items + "],\"request\":{" + request + "}";
  if (entries > 0 || r.Chance(4)) order += ",\"history\":{\"refunds\":[" + history + "]}";
  if (s.nest && r.Chance(2)) order += ",\"unknown\":" + Nested(s.nest);
  return order + "}";
}

// Parses `json` under `policy`; a valid order is decided (plain and traced, which must agree),
// checked, and explained when small and `explain`. The defect found, or "".
inline std::string CheckOrder(const CompiledPolicy& policy, const std::string& json, bool explain = true) {
  const OrderResult parsed = ParseOrder(json, OrderSettingsOf(policy));
  if (!parsed.ok()) return parsed.error().message.empty() ? "an invalid order's error says nothing" : "";
  const Order& order = parsed.value();
  const Decision d = Evaluate(policy, order, {});
  if (const char* defect = DecisionViolation(order, d)) return defect;
  eval::TraceSink trace;
  EvalOptions traced;
  traced.trace = &trace;
  if (DecisionToJson(Evaluate(policy, order, traced)) != DecisionToJson(d)) return "a trace changes the decision";
  if (explain && order.items.size() <= 32 && Explain(policy, order, {}).empty()) return "an empty explanation";
  return "";
}

}  // namespace refund::fuzz
