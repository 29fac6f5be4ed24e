// Conditions -> unions of boxes, and the set algebra over them (see region.h).
#include "engine/check/region.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "engine/schema/schema.h"
#include "refund/time.h"

namespace refund::check {
namespace {

// Whether `word` can be written without quotes in a condition (as the parser reads a bare word).
bool IsBareWord(const std::string& word) {
  if (word.empty()) return false;
  for (char c : word)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

using model::Expr;
using model::Op;
using model::Type;

bool IsOrderedType(Type t) {
  return t == Type::kNumber || t == Type::kMoney || t == Type::kDuration || t == Type::kInstant;
}

Interval IntersectInterval(const Interval& a, const Interval& b) {
  Interval r;
  if (!a.lo) r.lo = b.lo, r.lo_closed = b.lo_closed;
  else if (!b.lo) r.lo = a.lo, r.lo_closed = a.lo_closed;
  else if (*a.lo == *b.lo) r.lo = a.lo, r.lo_closed = a.lo_closed && b.lo_closed;
  else if (*a.lo > *b.lo) r.lo = a.lo, r.lo_closed = a.lo_closed;
  else r.lo = b.lo, r.lo_closed = b.lo_closed;
  if (!a.hi) r.hi = b.hi, r.hi_closed = b.hi_closed;
  else if (!b.hi) r.hi = a.hi, r.hi_closed = a.hi_closed;
  else if (*a.hi == *b.hi) r.hi = a.hi, r.hi_closed = a.hi_closed && b.hi_closed;
  else if (*a.hi < *b.hi) r.hi = a.hi, r.hi_closed = a.hi_closed;
  else r.hi = b.hi, r.hi_closed = b.hi_closed;
  return r;
}

// The complement of sorted disjoint intervals over the whole line.
std::vector<Interval> ComplementIntervals(const std::vector<Interval>& in) {
  std::vector<Interval> out;
  Interval gap;  // starts at -infinity
  for (const Interval& i : in) {
    gap.hi = i.lo;
    gap.hi_closed = !i.lo_closed;
    if (!i.lo) gap.hi.reset();
    if (i.lo && !IsEmptyInterval(gap)) out.push_back(gap);
    if (!i.hi) return out;  // runs to +infinity
    gap = Interval{i.hi, std::nullopt, !i.hi_closed, false};
  }
  out.push_back(gap);
  return out;
}

ValueSet Complement(const ValueSet& v) {
  ValueSet c = v;
  c.missing = !v.missing;
  if (v.ordered) c.intervals = ComplementIntervals(v.intervals);
  else c.cofinite = !v.cofinite;
  return c;
}

std::optional<std::string> LiteralText(const Expr& e) {
  if (e.op != Op::kLiteral) return std::nullopt;
  if (e.type == Type::kString) return e.literal.text;
  if (e.type == Type::kBool) return std::string(e.literal.boolean ? "true" : "false");
  return std::nullopt;
}

Op Flip(Op op) {
  switch (op) {
    case Op::kLt: return Op::kGt;
    case Op::kLe: return Op::kGe;
    case Op::kGt: return Op::kLt;
    case Op::kGe: return Op::kLe;
    default: return op;
  }
}

std::string Quote(const std::string& s) { return fmt::format("`{}`", s); }

}  // namespace

bool IsEmptyInterval(const Interval& i) {
  if (!i.lo || !i.hi) return false;
  if (*i.lo > *i.hi) return true;
  return *i.lo == *i.hi && !(i.lo_closed && i.hi_closed);
}

ValueSet IntersectValues(const ValueSet& a, const ValueSet& b) {
  ValueSet r;
  r.ordered = a.ordered;
  r.missing = a.missing && b.missing;
  if (a.ordered) {
    for (const Interval& x : a.intervals)
      for (const Interval& y : b.intervals)
        if (Interval i = IntersectInterval(x, y); !IsEmptyInterval(i)) r.intervals.push_back(i);
    std::sort(r.intervals.begin(), r.intervals.end(), [](const Interval& x, const Interval& y) {
      if (!x.lo || !y.lo) return !x.lo && y.lo;
      return *x.lo < *y.lo || (*x.lo == *y.lo && x.lo_closed && !y.lo_closed);
    });
    return r;
  }
  if (!a.cofinite && !b.cofinite) {
    for (const auto& t : a.texts) if (b.texts.count(t)) r.texts.insert(t);
  } else if (!a.cofinite) {
    for (const auto& t : a.texts) if (!b.texts.count(t)) r.texts.insert(t);
  } else if (!b.cofinite) {
    for (const auto& t : b.texts) if (!a.texts.count(t)) r.texts.insert(t);
  } else {
    r.cofinite = true;
    r.texts = a.texts;
    r.texts.insert(b.texts.begin(), b.texts.end());
  }
  return r;
}

ValueSet SubtractValues(const ValueSet& a, const ValueSet& b) { return IntersectValues(a, Complement(b)); }

bool IsEmptyValues(const ValueSet& v) {
  if (v.missing) return false;
  return v.ordered ? v.intervals.empty() : (!v.cofinite && v.texts.empty());
}

std::string FormatBound(const Ratio& value, Type type) {
  if (type == Type::kDuration && value.den() == 1) {
    const __int128 micros = value.num();
    for (auto [unit, name] : {std::pair<int64_t, const char*>{kMicrosPerDay, "d"}, {kMicrosPerHour, "h"},
                              {60 * kMicrosPerSecond, "m"}, {kMicrosPerSecond, "s"}})
      if (micros % unit == 0) return fmt::format("{}{}", static_cast<int64_t>(micros / unit), name);
  }
  if (type == Type::kInstant && value.den() == 1) return FormatUtc(Instant{static_cast<int64_t>(value.num())});
  return value.ToString();
}

size_t Space::Weight(const Box& box) {
  size_t weight = 1;
  for (const auto& [key, values] : box) weight += Weight(values);
  return weight;
}

const Fact* Space::FindFact(const std::string& key) const {
  auto it = facts_.find(key);
  return it == facts_.end() ? nullptr : &it->second;
}

ValueSet Space::Universe(const std::string& key) const {
  ValueSet v;
  const Fact* fact = FindFact(key);
  if (!fact) {  // a fact no condition tested: anything
    v.cofinite = true;
    v.missing = true;
    return v;
  }
  v.ordered = fact->ordered;
  v.missing = fact->may_be_missing;
  if (fact->ordered) v.intervals.push_back(Interval{});
  else if (fact->closed) v.texts = *fact->closed;
  else v.cofinite = true;
  return v;
}

// The key of a testable fact: an order field, a formula step or `refundable`; registers what
// the fact can be.
std::optional<std::string> Space::FactOf(const Expr& e) {
  Fact fact;
  fact.type = e.type;
  fact.ordered = IsOrderedType(e.type);
  if (e.type != Type::kString && e.type != Type::kBool && !fact.ordered) return std::nullopt;
  if (e.op == Op::kPath && !e.across_items) {
    const schema::Field* field = schema::FindField(e.name);
    if (!field) return std::nullopt;
    fact.may_be_missing = !field->required;
    if (field->type == schema::FieldType::kEnum)
      fact.closed = std::set<std::string>(field->values.begin(), field->values.end());
  } else if (e.op == Op::kLocal) {
    fact.may_be_missing = true;
  } else if (e.op != Op::kBuiltin) {
    return std::nullopt;
  }
  if (e.type == Type::kBool) fact.closed = std::set<std::string>{"true", "false"};
  facts_.emplace(e.name, std::move(fact));
  return e.name;
}

Region Space::Single(const std::string& key, ValueSet values, bool negated) {
  if (!Charge(2 * Weight(values) + Weight(Universe(key)))) return {};
  if (negated) values = SubtractValues(Universe(key), values);
  else values = IntersectValues(Universe(key), values);
  if (IsEmptyValues(values)) return {};
  return {Box{{key, std::move(values)}}};
}

std::optional<Region> Space::Atom(const Expr& e, bool negated) {
  if (e.op == Op::kLiteral && e.type == Type::kBool)
    return e.literal.boolean != negated ? Everything() : Region{};
  const bool comparison = e.op == Op::kEq || e.op == Op::kNe || e.op == Op::kLt || e.op == Op::kLe ||
                          e.op == Op::kGt || e.op == Op::kGe;
  if (comparison && e.args.size() == 2) {
    bool literal_left = e.args[0].op == Op::kLiteral && e.args[1].op != Op::kLiteral;
    const Expr& side = e.args[literal_left ? 1 : 0];
    const Expr& literal = e.args[literal_left ? 0 : 1];
    Op op = literal_left ? Flip(e.op) : e.op;
    if (literal.op == Op::kLiteral) {
      if (auto key = FactOf(side)) {
        ValueSet v;
        const Fact& fact = facts_.at(*key);
        v.ordered = fact.ordered;
        if (fact.ordered && IsOrderedType(literal.type)) {
          const Ratio& c = literal.literal.number;
          Interval i;
          if (op == Op::kEq || op == Op::kNe) i = Interval{c, c, true, true};
          else if (op == Op::kLt || op == Op::kLe) i = Interval{std::nullopt, c, false, op == Op::kLe};
          else i = Interval{c, std::nullopt, op == Op::kGe, false};
          v.intervals.push_back(i);
          return Single(*key, v, negated != (op == Op::kNe));
        }
        if (!fact.ordered && (op == Op::kEq || op == Op::kNe)) {
          if (auto text = LiteralText(literal)) {
            v.texts.insert(*text);
            return Single(*key, v, negated != (op == Op::kNe));
          }
        }
      }
    }
  }
  if ((e.op == Op::kIn || e.op == Op::kNotIn) && e.args.size() == 2 && e.args[1].op == Op::kLiteral) {
    if (auto key = FactOf(e.args[0]); key && !facts_.at(*key).ordered) {
      ValueSet v;
      v.texts.insert(e.args[1].literal.list.begin(), e.args[1].literal.list.end());
      return Single(*key, v, negated != (e.op == Op::kNotIn));
    }
  }
  // Anything else is a yes/no fact of its own (a missing operand makes it false).
  std::string key = fmt::format("?{}", model::DumpExpr(e));
  Fact opaque;
  opaque.closed = std::set<std::string>{"true", "false"};
  facts_.emplace(key, opaque);
  ValueSet v;
  v.texts.insert("true");
  return Single(key, v, negated);
}

std::optional<Region> Space::Convert(const Expr& e, bool negated, int depth) {
  if (depth > 64) return std::nullopt;
  if (e.op == Op::kNot && e.args.size() == 1) return Convert(e.args[0], !negated, depth + 1);
  if (e.op == Op::kAnd || e.op == Op::kOr) {
    const bool product = (e.op == Op::kAnd) != negated;
    Region result = product ? Everything() : Region{};
    for (const Expr& arg : e.args) {
      auto part = Convert(arg, negated, depth + 1);
      if (!part) return std::nullopt;
      if (product) result = Intersect(result, *part);
      else result.insert(result.end(), part->begin(), part->end());
      if (result.size() > kMaxBoxes) return std::nullopt;
    }
    return result;
  }
  // `list has_any [a, b]` is `(list has a) or (list has b)`: each word the yes/no fact that
  // `list has a` is, so that the two forms cover each other.
  // Longer lists are one yes/no fact (README: lists of more than kMaxEntries are not analysed).
  if (e.op == Op::kHasAny && e.args.size() == 2 && e.args[1].op == Op::kLiteral && !e.args[1].literal.list.empty() &&
      e.args[1].literal.list.size() <= kMaxEntries) {
    Expr any;
    any.op = Op::kOr;
    any.type = Type::kBool;
    for (const std::string& word : e.args[1].literal.list) {
      Expr has;
      has.op = Op::kHas;
      has.type = Type::kBool;
      Expr literal;
      literal.op = Op::kLiteral;
      literal.type = Type::kString;
      literal.literal.text = word;
      literal.literal_is_bare = IsBareWord(word);  // printed as `list has word` would be
      has.args = {e.args[0], std::move(literal)};
      any.args.push_back(std::move(has));
    }
    return Convert(any, negated, depth + 1);
  }
  return Atom(e, negated);
}

std::optional<Region> Space::FromCondition(const Expr& condition) {
  if (condition.type != Type::kBool) return std::nullopt;  // an error was reported
  if (Exhausted()) return std::nullopt;
  return Convert(condition, false, 0);
}

Region Space::Intersect(const Region& a, const Region& b) const {
  Region out;
  for (const Box& x : a) {
    for (const Box& y : b) {
      if (!Charge(Weight(x) + Weight(y))) return {};
      Box r = x;
      bool empty = false;
      for (const auto& [key, values] : y) {
        auto it = r.find(key);
        ValueSet v = it == r.end() ? values : IntersectValues(it->second, values);
        if (IsEmptyValues(v)) { empty = true; break; }
        r[key] = std::move(v);
      }
      if (!empty) out.push_back(std::move(r));
    }
  }
  return out;
}

// from \ what, box by box: peel off, fact by fact, the part of the box outside `what`'s box.
Region Space::Subtract(const Region& from, const Region& what) const {
  Region current = from;
  for (const Box& cut : what) {
    Region next;
    for (const Box& box : current) {
      if (!Charge(Weight(box) * (cut.size() + 1) + Weight(cut))) return {};
      Box rest = box;
      Region pieces;
      bool disjoint = false;
      for (const auto& [key, values] : cut) {
        auto it = rest.find(key);
        ValueSet have = it == rest.end() ? Universe(key) : it->second;
        ValueSet outside = SubtractValues(have, values);
        if (!IsEmptyValues(outside)) {
          Box piece = rest;
          piece[key] = std::move(outside);
          pieces.push_back(std::move(piece));
        }
        ValueSet inside = IntersectValues(have, values);
        if (IsEmptyValues(inside)) { disjoint = true; break; }
        rest[key] = std::move(inside);
      }
      if (disjoint) next.push_back(box);
      else next.insert(next.end(), pieces.begin(), pieces.end());
    }
    current = std::move(next);
    if (current.size() > kMaxBoxes * 8) return from;  // too fine to track: claim nothing
  }
  return current;
}

Region Space::WithoutMissing(const Region& region) const {
  Region out;
  for (Box box : region) {
    if (!Charge(Weight(box))) return {};
    bool empty = false;
    for (auto& [key, values] : box) {
      values.missing = false;
      if (IsEmptyValues(values)) empty = true;
    }
    if (!empty) out.push_back(std::move(box));
  }
  return out;
}

std::string Space::Describe(const Box& box) const {
  std::vector<std::string> parts;
  for (const auto& [key, values] : box) {
    const Fact* fact = FindFact(key);
    if (key.starts_with("?")) {
      bool holds = values.texts.count("true") > 0;
      parts.push_back(fmt::format("`{}` {}", key.substr(1), holds ? "holds" : "does not hold"));
      continue;
    }
    std::vector<std::string> alternatives;
    if (values.ordered) {
      for (const Interval& i : values.intervals) {
        const Type type = fact ? fact->type : Type::kNumber;
        if (i.lo && i.hi && *i.lo == *i.hi) alternatives.push_back(fmt::format("`{}` == {}", key, FormatBound(*i.lo, type)));
        else if (i.lo && i.hi)
          alternatives.push_back(fmt::format("{} {} `{}` {} {}", FormatBound(*i.lo, type), i.lo_closed ? "<=" : "<", key,
                                             i.hi_closed ? "<=" : "<", FormatBound(*i.hi, type)));
        else if (i.lo) alternatives.push_back(fmt::format("`{}` {} {}", key, i.lo_closed ? ">=" : ">", FormatBound(*i.lo, type)));
        else if (i.hi) alternatives.push_back(fmt::format("`{}` {} {}", key, i.hi_closed ? "<=" : "<", FormatBound(*i.hi, type)));
        else alternatives.push_back(fmt::format("`{}` has any value", key));
      }
    } else {
      std::vector<std::string> texts;
      for (const auto& t : values.texts) texts.push_back(Quote(t));
      if (values.cofinite) alternatives.push_back(texts.empty() ? fmt::format("`{}` has any value", key)
                                                  : fmt::format("`{}` is not {}", key, fmt::join(texts, " or ")));
      else if (!texts.empty()) alternatives.push_back(fmt::format("`{}` is {}", key, fmt::join(texts, " or ")));
    }
    if (values.missing) alternatives.push_back(fmt::format("`{}` is missing", key));
    parts.push_back(fmt::format("{}", fmt::join(alternatives, " or ")));
  }
  return parts.empty() ? "always" : fmt::format("{}", fmt::join(parts, " and "));
}

}  // namespace refund::check
