// Writing one synthetic order (see order_generator.h). Field names come from orders.md; every
// value written into them comes from the profile or from the random stream.
#include "engine/gen/order_generator.h"

#include <algorithm>

#include "engine/gen/line_defects.h"

namespace refund::gen {
namespace {

constexpr const char* kTenderNames[4] = {"cash", "stored_card", "voucher", "coupon"};

bool KindAllowed(const PaymentSpec& payment, const std::string& kind) {
  return payment.kinds.empty() || std::find(payment.kinds.begin(), payment.kinds.end(), kind) != payment.kinds.end();
}

}  // namespace

OrderGenerator::OrderGenerator(const Profile& profile, uint64_t seed, int64_t invalid_per_million)
    : profile_(profile), rng_(seed), invalid_per_million_(invalid_per_million),
      zone_(*TimeZone::Locate(profile.time_zone)), digits_(profile.currency.digits()) {
  const auto& lines = profile_.lines;
  for (const PaymentSpec& payment : profile_.payment_types.values) {
    Choice<size_t> allowed;
    for (size_t i = 0; i < lines.values.size(); ++i) {
      int64_t weight = lines.cumulative[i] - (i ? lines.cumulative[i - 1] : 0);
      if (KindAllowed(payment, lines.values[i].kind)) allowed.Add(i, weight);
    }
    if (allowed.empty()) allowed = Choice<size_t>{{0}, {1}};  // no line of its kinds: take the first
    lines_by_payment_.push_back(std::move(allowed));
  }
}

int64_t OrderGenerator::Offset(int64_t seconds) const {
  return zone_.OffsetAt(Instant{seconds * kMicrosPerSecond}).micros / kMicrosPerSecond;
}

// Calendar months keep the local time of day; a day past the month's end becomes its last day.
int64_t OrderGenerator::AddTerm(int64_t start, const TermLength& term) const {
  if (term.months == 0) return start + term.seconds;
  const int64_t local = start + Offset(start);
  const int64_t day = local / 86400, second_of_day = local % 86400;
  CivilDate date = CivilDate::FromDaysSinceEpoch(day);
  int64_t month_index = date.year * 12 + (date.month - 1) + term.months;
  CivilDate end{static_cast<int>(month_index / 12), static_cast<int>(month_index % 12) + 1, 1};
  const int64_t next_month = CivilDate{end.month == 12 ? end.year + 1 : end.year, end.month % 12 + 1, 1}.DaysSinceEpoch();
  end.day = static_cast<int>(std::min<int64_t>(date.day, next_month - end.DaysSinceEpoch()));
  const int64_t end_local = end.DaysSinceEpoch() * 86400 + second_of_day;
  return end_local - Offset(end_local - Offset(start));
}

int64_t OrderGenerator::LocalMidnightAfter(int64_t seconds, int64_t days) const {
  CivilDate date = zone_.LocalDate(Instant{seconds * kMicrosPerSecond}).AddDays(days);
  return zone_.StartOfDay(date).micros / kMicrosPerSecond;
}

OrderGenerator::Timeline OrderGenerator::PlanTimeline(const std::string& status, const OrderTypeSpec& type,
                                                      const PaymentSpec& payment) {
  Timeline t;
  t.created = rng_.Between(profile_.created.lo, profile_.created.hi);
  const int64_t paid = t.created + rng_.Between(profile_.pay_delay.lo, profile_.pay_delay.hi);
  if (status != "unpaid") t.paid = paid;
  t.has_term = payment.term;
  t.term_start = paid + rng_.Between(type.term_starts_after.lo, type.term_starts_after.hi);
  t.term_end = AddTerm(t.term_start, Pick(profile_.terms));
  return t;
}

std::vector<std::string> OrderGenerator::Lines(int64_t count) {
  std::vector<std::string> lines;
  fmt::memory_buffer out;
  for (int64_t n = 1; n <= count; ++n) {
    out.clear();
    Append(n, out);
    lines.emplace_back(out.data(), out.size() - 1);  // without '\n'
  }
  return lines;
}

void OrderGenerator::Append(int64_t n, fmt::memory_buffer& out) {
  line_.clear();
  JsonLine j(line_);
  const std::string& status = Pick(profile_.statuses);
  const OrderTypeSpec& type = Pick(profile_.order_types);
  const size_t payment_index = PickIndex(profile_.payment_types);
  const PaymentSpec& payment = profile_.payment_types.values[payment_index];
  const Timeline t = PlanTimeline(status, type, payment);
  WriteHead(j, n, status, type, payment, t);
  WriteAccount(j);
  WriteItems(j, payment_index, t);
  WriteRequest(j, n, t);
  j.Char('}');
  if (invalid_per_million_ > 0 && rng_.PerMillion(invalid_per_million_)) {
    std::string broken(line_.data(), line_.size());
    BreakLine(broken, rng_.Below(kDefectKinds));
    out.append(broken);
  } else {
    out.append(line_);
  }
  out.push_back('\n');
}

void OrderGenerator::WriteHead(JsonLine& j, int64_t n, const std::string& status, const OrderTypeSpec& type,
                               const PaymentSpec& payment, const Timeline& t) {
  j.Char('{');
  j.Key("id", true);
  fmt::format_to(std::back_inserter(line_), "\"O-{}\"", n);
  j.Key("status"), j.String(status);
  j.Key("order_type"), j.String(type.name);
  j.Key("payment_type"), j.String(payment.name);
  const std::string& converted = Pick(profile_.converted_from);
  if (!converted.empty()) j.Key("converted_from"), j.String(converted);
  j.Key("created_at"), j.Timestamp(t.created, Offset(t.created));
  if (t.paid >= 0) j.Key("paid_at"), j.Timestamp(t.paid, Offset(t.paid));
  j.Key("currency"), j.String(profile_.currency.code());
  const std::string& promotion = Pick(profile_.promotions);
  if (promotion != "none") {
    j.Key("promotion");
    fmt::format_to(std::back_inserter(line_), "{{\"id\":\"P-{}\",\"refundable\":{}}}", rng_.Below(100),
                   promotion == "refundable" ? "true" : "false");
  }
}

void OrderGenerator::WriteAccount(JsonLine& j) {
  j.Key("account");
  fmt::format_to(std::back_inserter(line_), "{{\"id\":\"A-{}\",\"channel\":",
                 rng_.Below(static_cast<uint64_t>(profile_.accounts)) + 1);
  j.String(Pick(profile_.channels));
  j.Key("flags"), j.Char('[');
  bool first = true;
  for (const Chance& flag : profile_.flags) {
    if (!rng_.Percent(flag.percent)) continue;
    if (!first) j.Char(',');
    j.String(flag.value), first = false;
  }
  j.Raw("]}");
}

void OrderGenerator::WriteItems(JsonLine& j, size_t payment_index, const Timeline& t) {
  item_products_.clear();
  j.Key("items"), j.Char('[');
  const int64_t count = std::max<int64_t>(1, Pick(profile_.lines_per_order));
  for (int64_t k = 0; k < count; ++k) {
    const LineSpec& spec = profile_.lines.values[Pick(lines_by_payment_[payment_index])];
    const int parent = static_cast<int>(item_products_.size());
    WriteItem(j, spec, -1, t);
    for (const LineSpec& child : spec.children)
      if (rng_.Percent(child.percent)) WriteItem(j, child, parent, t);
  }
  j.Char(']');
}

void OrderGenerator::WriteItem(JsonLine& j, const LineSpec& spec, int parent, const Timeline& t) {
  if (!item_products_.empty()) j.Char(',');
  item_products_.push_back(&spec.product);
  fmt::format_to(std::back_inserter(line_), "{{\"id\":\"i-{}\"", item_products_.size());
  j.Key("product"), j.String(spec.product);
  j.Key("kind"), j.String(spec.kind);
  if (parent >= 0) fmt::format_to(std::back_inserter(line_), ",\"parent\":\"i-{}\"", parent + 1);
  j.Key("tags"), j.Char('[');
  bool first = true;
  for (const Chance& tag : spec.tags) {
    if (!rng_.Percent(tag.percent)) continue;
    if (!first) j.Char(',');
    j.String(tag.value), first = false;
  }
  j.Char(']');
  const int64_t list_price = rng_.Between(spec.price.lo, spec.price.hi);
  j.Key("list_price"), j.Money(list_price, digits_);
  WritePaid(j, list_price);
  if (t.has_term) {
    j.Key("term"), j.Char('{'), j.Key("start", true), j.Timestamp(t.term_start, Offset(t.term_start));
    j.Key("end"), j.Timestamp(t.term_end, Offset(t.term_end)), j.Char('}');
  }
  if (spec.usage_total) {
    const int64_t total = rng_.Between(spec.usage_total->lo, spec.usage_total->hi);
    const int64_t used = rng_.Percent(spec.unused_percent) ? 0 : rng_.Between(1, total);
    fmt::format_to(std::back_inserter(line_), ",\"usage\":{{\"used\":{},\"total\":{}}}", used, total);
  }
  j.Key("state"), j.String(Pick(profile_.states)), j.Char('}');
}

// Paid = list price × discount, split over the tenders of one mix; the last tender with a share
// takes the rounding rest, so the parts add up exactly.
void OrderGenerator::WritePaid(JsonLine& j, int64_t list_price) {
  const int64_t total = list_price * rng_.Between(profile_.discount_percent.lo, profile_.discount_percent.hi) / 100;
  const TenderMix& mix = Pick(profile_.tenders);
  int last = 0;
  for (int i = 0; i < 4; ++i)
    if (mix.percent[i] > 0) last = i;
  j.Key("paid"), j.Char('{');
  int64_t left = total;
  bool first = true;
  for (int i = 0; i <= last; ++i) {
    if (mix.percent[i] == 0) continue;
    const int64_t part = i == last ? left : total * mix.percent[i] / 100;
    left -= part;
    j.Key(kTenderNames[i], first), j.Money(part, digits_), first = false;
  }
  j.Char('}');
}

}  // namespace refund::gen
