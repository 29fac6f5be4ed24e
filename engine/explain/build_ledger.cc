// The money ledger and what is not refunded, in words (see document.h). Each line's figures come
// from the trace in the order eval computed them: paid, the formula's steps, refundable, what the
// rule kept, the refund and its split; the order's total and forfeited amount from the decision.
#include "engine/explain/context.h"
#include "engine/eval/value.h"

namespace refund::explain {
namespace {

std::string StepValue(const Context& c, const eval::StepFact& step) {
  const eval::TraceValue& v = step.value;
  if (!v.present) return "-";
  switch (v.type) {
    case model::Type::kMoney: {
      auto minor = v.number.Round(c.in.policy.rounding);
      return minor ? c.Money(*minor) : v.number.ToString();
    }
    case model::Type::kInstant: {
      const std::optional<Instant> at = eval::InstantOf(v.number);
      return at ? c.Date(*at) : v.number.ToString();  // a computed instant past the calendar
    }
    case model::Type::kDuration: {
      auto hours = v.number.Round(Rounding::kFloor);
      return hours ? fmt::format("{} h", *hours / kMicrosPerHour) : v.number.ToString();
    }
    case model::Type::kString: case model::Type::kStrings: case model::Type::kBool: return v.text;
    default: return step.percent ? eval::FormatPercent(v.number) : v.number.ToString();
  }
}

std::string Paid(const Context& c, const Tenders& p) {
  std::string s;
  auto add = [&](const char* name, int64_t minor) {
    if (minor == 0) return;
    s += fmt::format("{}{} {}", s.empty() ? "" : c.w.list_sep, TenderWord(c.w, name), c.Money(minor));
  };
  add("cash", p.cash);
  add("stored_card", p.stored_card);
  add("voucher", p.voucher);
  add("coupon", p.coupon);
  return s.empty() ? c.Money(0) : s;
}

std::string Parts(const Context& c, const std::vector<TenderAmount>& parts) {
  std::string s;
  for (const TenderAmount& part : parts) s += fmt::format("{}{} {}", s.empty() ? "" : c.w.list_sep, TenderWord(c.w, part.tender), c.Money(part.minor));
  return s;
}

std::string Returned(const Context& c, const eval::ItemTrace& t) {
  std::string s;
  for (model::Tender tender : t.returned) s += (s.empty() ? "" : " + ") + std::string(TenderWord(c.w, model::TenderName(tender)));
  return s;
}

std::string Rounded(const Context& c, model::Function f) {
  switch (f) {
    case model::Function::kCeil: return c.w.rounded_up;
    case model::Function::kFloor: return c.w.rounded_down;
    case model::Function::kRound: return c.w.rounded;
    case model::Function::kCeilHour: case model::Function::kFloorHour: return c.w.whole_hours;
    default: return "";
  }
}

void FormulaRows(const Context& c, const eval::ItemTrace& t, Document& doc) {
  const Item& item = c.in.order.items[t.index];
  doc.ledger.push_back({c.w.list_price, c.Money(item.list_price.minor()), "", 1});
  if (item.term)
    doc.ledger.push_back({c.w.term, "", fmt::format("{} {} {}", c.Date(item.term->start), c.w.to, c.Date(item.term->end)), 1});
  for (const eval::StepFact& step : t.steps) {
    std::string note = step.row >= 0 ? fmt::format(fmt::runtime(c.w.row), step.row + 1) : Rounded(c, step.rounding);
    doc.ledger.push_back({c.Words_(step.name), StepValue(c, step), note, 1});
  }
}

void ItemRows(const Context& c, const ItemDecision& item, const eval::ItemTrace& t, Document& doc) {
  doc.ledger.push_back({ItemLabel(c, item.id), "", "", 0});
  doc.ledger.push_back({c.w.paid, "", Paid(c, t.paid), 1});
  if (!t.steps.empty()) FormulaRows(c, t, doc);
  if (t.returned.empty()) {
    doc.ledger.push_back({c.w.refund, c.Money(item.refund), c.w.nothing_refundable, 1});
    return;
  }
  doc.ledger.push_back({c.w.refundable, c.Money(t.refundable), Returned(c, t), 1});
  doc.ledger.push_back({"− " + std::string(c.w.withheld), c.Money(t.withheld), "", 1});
  doc.ledger.push_back({"= " + std::string(c.w.refund), c.Money(item.refund), "", 1});
  if (item.refund != 0) doc.ledger.push_back({c.w.split, "", Parts(c, item.parts), 1});
}

void ForfeitedRows(const Context& c, const ItemDecision& item, const eval::ItemTrace& t, Document& doc) {
  if (t.unreturned != 0) doc.forfeited.push_back({ItemLabel(c, item.id), c.Money(t.unreturned), c.w.unreturned, 0});
  if (t.withheld == 0) return;
  std::string why = item.reasons.empty() ? std::string(c.w.withheld) : item.reasons.front().message;
  doc.forfeited.push_back({ItemLabel(c, item.id), c.Money(t.withheld), why, 0});
}

}  // namespace

void BuildLedger(const Context& c, Document& doc) {
  const Decision& d = c.in.decision;
  doc.ledger.push_back({c.w.requested, "", c.Date(c.in.order.request.at), 0});
  std::string sum;
  for (const ItemDecision& item : d.items) {
    sum += fmt::format("{}{} {}", sum.empty() ? "" : " + ", item.id, c.Money(item.refund));
    if (const eval::ItemTrace* t = c.TraceById(item.id)) {
      ItemRows(c, item, *t, doc);
      ForfeitedRows(c, item, *t, doc);
    }
  }
  doc.ledger.push_back({c.w.total, c.Money(d.refund_total), sum, 0});
  doc.ledger.push_back({c.w.split, "", Parts(c, d.refund_parts), 0});
  doc.forfeited.push_back({c.w.forfeited_total, c.Money(d.forfeited), "", 0});
}

}  // namespace refund::explain
