// Profile file -> gen::Profile: one reader per section; every bad value becomes a diagnostic.
#include <fmt/format.h>

#include "engine/gen/profile.h"
#include "engine/gen/profile_values.h"
#include "engine/source/read_file.h"
#include "engine/syntax/parse_yaml.h"

namespace refund::gen {
namespace {

class ProfileReader {
 public:
  ProfileReader(Profile& profile, std::vector<Diagnostic>& diagnostics)
      : profile_(profile), values_(diagnostics) {}

  void Read(const syntax::Node& root) {
    ReadHeader(root);
    ReadChoices(root);
    if (const syntax::Node* n = values_.Field(root, "lines", true)) ReadLines(*n);
    if (const syntax::Node* n = values_.Field(root, "requests", true)) ReadRequests(*n);
    if (const syntax::Node* n = values_.Field(root, "history", false)) ReadHistory(*n);
  }

 private:
  using Node = syntax::Node;

  std::optional<Range> MoneyRange(const Node& n) {
    return values_.RangeOf(n, [&](const Node& v) { return values_.Money(v, profile_.currency); });
  }
  std::optional<Range> SecondsRange(const Node& n) {
    return values_.RangeOf(n, [&](const Node& v) { return values_.Seconds(v); });
  }
  std::optional<Range> IntegerRange(const Node& n) {
    return values_.RangeOf(n, [&](const Node& v) { return values_.Integer(v); });
  }

  void ReadHeader(const Node& root) {
    if (const Node* n = values_.Field(root, "currency", true)) {
      std::optional<Currency> currency = Currency::Find(n->text());
      if (currency) profile_.currency = *currency;
      else values_.Bad(*n, fmt::format("unknown currency `{}`", n->text()));
    }
    if (const Node* n = values_.Field(root, "time_zone", true)) {
      profile_.time_zone = values_.Text(*n);
      if (!TimeZone::Locate(profile_.time_zone)) values_.Bad(*n, fmt::format("unknown time zone `{}`", n->text()));
    }
    if (const Node* n = values_.Field(root, "created", true))
      if (auto r = values_.RangeOf(*n, [&](const Node& v) { return values_.Instant(v); })) profile_.created = *r;
    if (const Node* n = values_.Field(root, "pay_delay", true))
      if (auto r = SecondsRange(*n)) profile_.pay_delay = *r;
    if (const Node* n = values_.Field(root, "accounts", true))
      if (auto v = values_.Integer(*n); v && *v > 0) profile_.accounts = *v;
    if (const Node* n = values_.Field(root, "discount_percent", true))
      if (auto r = IntegerRange(*n)) profile_.discount_percent = *r;
    if (const Node* n = values_.Field(root, "request_items_percent", false))
      if (auto v = values_.Integer(*n)) profile_.request_items_percent = *v;
  }

  void ReadChoices(const Node& root) {
    auto weights = [&](const char* key, Choice<std::string>& into) {
      if (const Node* n = values_.Field(root, key, true)) into = values_.Weights(*n);
    };
    weights("statuses", profile_.statuses);
    weights("converted_from", profile_.converted_from);
    weights("channels", profile_.channels);
    weights("promotions", profile_.promotions);
    weights("states", profile_.states);
    weights("reasons", profile_.reasons);
    if (const Node* n = values_.Field(root, "flags", false)) profile_.flags = values_.Chances(*n);
    if (const Node* n = values_.Field(root, "lines_per_order", true)) profile_.lines_per_order = Counts(*n);
    if (const Node* n = values_.Field(root, "terms", true)) ReadTerms(*n);
    if (const Node* n = values_.Field(root, "order_types", true)) ReadOrderTypes(*n);
    if (const Node* n = values_.Field(root, "payment_types", true)) ReadPaymentTypes(*n);
    if (const Node* n = values_.Field(root, "tenders", true)) ReadTenders(*n);
  }

  // A map `count: weight` with non-negative integer counts.
  Choice<int64_t> Counts(const Node& node) {
    Choice<int64_t> counts;
    Choice<std::string> weights = values_.Weights(node);
    for (size_t i = 0; i < weights.values.size(); ++i) {
      std::optional<int64_t> count = values_.Integer(node.entries()[i].key);
      int64_t weight = weights.cumulative[i] - (i ? weights.cumulative[i - 1] : 0);
      if (count && *count >= 0) counts.Add(*count, weight);
    }
    return counts;
  }

  void ReadTerms(const Node& node) {
    Choice<std::string> weights = values_.Weights(node);
    for (size_t i = 0; i < weights.values.size(); ++i) {
      std::optional<TermLength> term = values_.Term(node.entries()[i].key);
      if (term) profile_.terms.Add(*term, weights.cumulative[i] - (i ? weights.cumulative[i - 1] : 0));
    }
  }

  // A list of maps each with `weight`; `read` fills one value from its map.
  template <typename T, typename Read>
  void ReadWeightedList(const Node& node, Choice<T>& into, Read read) {
    if (!node.IsSequence()) return values_.Bad(node, "expected a list of maps with a `weight`");
    for (const Node& entry : node.items()) {
      const Node* weight = values_.Field(entry, "weight", true);
      const int64_t w = weight ? values_.Integer(*weight).value_or(-1) : -1;
      T value;
      if (read(entry, value) && w >= 0) into.Add(std::move(value), w);
    }
    if (into.empty()) values_.Bad(node, "at least one weight must be positive");
  }

  void ReadOrderTypes(const Node& node) {
    ReadWeightedList(node, profile_.order_types, [&](const Node& e, OrderTypeSpec& spec) {
      const Node* name = values_.Field(e, "name", true);
      if (name) spec.name = values_.Text(*name);
      if (const Node* n = values_.Field(e, "term_starts_after", false))
        if (auto r = SecondsRange(*n)) spec.term_starts_after = *r;
      return name != nullptr;
    });
  }

  void ReadPaymentTypes(const Node& node) {
    ReadWeightedList(node, profile_.payment_types, [&](const Node& e, PaymentSpec& spec) {
      const Node* name = values_.Field(e, "name", true);
      if (name) spec.name = values_.Text(*name);
      if (const Node* n = values_.Field(e, "term", false)) spec.term = n->text() != "false";
      if (const Node* n = values_.Field(e, "kinds", false)) spec.kinds = values_.Texts(*n);
      return name != nullptr;
    });
  }

  void ReadTenders(const Node& node) {
    static const char* kTenders[4] = {"cash", "stored_card", "voucher", "coupon"};
    ReadWeightedList(node, profile_.tenders, [&](const Node& e, TenderMix& mix) {
      int64_t sum = 0;
      for (int t = 0; t < 4; ++t) {
        const Node* n = values_.Field(e, kTenders[t], false);
        mix.percent[t] = n ? values_.Integer(*n).value_or(0) : 0;
        sum += mix.percent[t];
      }
      if (sum != 100) values_.Bad(e, fmt::format("tender percents add up to {}, not 100", sum));
      return sum == 100;
    });
  }

  bool ReadLine(const Node& e, LineSpec& line, bool child);
  void ReadLines(const Node& node) {
    ReadWeightedList(node, profile_.lines, [&](const Node& e, LineSpec& line) { return ReadLine(e, line, false); });
  }
  void ReadRequests(const Node& node);
  void ReadHistory(const Node& node);

  Profile& profile_;
  ValueReader values_;
};

bool ProfileReader::ReadLine(const Node& e, LineSpec& line, bool child) {
  const Node* product = values_.Field(e, "product", !child);
  const Node* kind = values_.Field(e, "kind", true);
  const Node* price = values_.Field(e, "price", true);
  if (product) line.product = values_.Text(*product);
  if (kind) line.kind = values_.Text(*kind);
  std::optional<Range> prices = price ? MoneyRange(*price) : std::nullopt;
  if (prices) line.price = *prices;
  if (const Node* n = values_.Field(e, "tags", false)) line.tags = values_.Chances(*n);
  if (const Node* n = values_.Field(e, "usage_total", false)) line.usage_total = IntegerRange(*n);
  if (const Node* n = values_.Field(e, "unused_percent", false)) line.unused_percent = values_.Integer(*n).value_or(0);
  if (const Node* n = values_.Field(e, "percent", child)) line.percent = values_.Integer(*n).value_or(0);
  if (const Node* n = values_.Field(e, "children", false)) {
    if (child) values_.Bad(*n, "an attached line cannot have lines of its own");
    else if (!n->IsSequence()) values_.Bad(*n, "expected a list of lines");
    else for (const Node& c : n->items()) {
      LineSpec spec;
      spec.product = line.product;
      if (ReadLine(c, spec, true)) line.children.push_back(std::move(spec));
    }
  }
  return (product || child) && kind && prices;
}

void ProfileReader::ReadRequests(const Node& node) {
  ReadWeightedList(node, profile_.requests, [&](const Node& e, RequestSpec& spec) {
    const Node* anchor = values_.Field(e, "anchor", true);
    if (anchor) spec.anchor = values_.Text(*anchor);
    if (anchor && spec.anchor != "created_at" && spec.anchor != "paid_at" && spec.anchor != "term.start" &&
        spec.anchor != "term.end")
      values_.Bad(*anchor, fmt::format("unknown anchor `{}`: expected created_at, paid_at, term.start or term.end", spec.anchor));
    if (const Node* n = values_.Field(e, "within", false)) spec.within = SecondsRange(*n);
    if (const Node* n = values_.Field(e, "after", false)) spec.edge_seconds = values_.Seconds(*n);
    if (const Node* n = values_.Field(e, "local_midnight_after_days", false)) spec.edge_days = values_.Integer(*n);
    if (const Node* n = values_.Field(e, "nudges", false)) {
      spec.nudges.clear();
      for (const Node& v : n->items()) spec.nudges.push_back(values_.Seconds(v).value_or(0));
      if (spec.nudges.empty()) spec.nudges.push_back(0);
    }
    int ways = spec.within.has_value() + spec.edge_seconds.has_value() + spec.edge_days.has_value();
    if (ways != 1) values_.Bad(e, "give exactly one of `within`, `after`, `local_midnight_after_days`");
    return anchor && ways == 1;
  });
}

void ProfileReader::ReadHistory(const Node& node) {
  HistorySpec& h = profile_.history;
  if (const Node* n = values_.Field(node, "counts", true)) h.counts = Counts(*n);
  if (const Node* n = values_.Field(node, "types", true)) h.types = values_.Weights(*n);
  if (const Node* n = values_.Field(node, "within", true))
    if (auto r = SecondsRange(*n)) h.within = *r;
  if (const Node* n = values_.Field(node, "same_product_percent", false)) h.same_product = values_.Integer(*n).value_or(0);
}

}  // namespace

ProfileResult ReadProfile(const std::string& path) {
  ProfileResult result;
  source::FileRead read = source::ReadRegularFile(path, source::kMaxFileBytes);
  if (!read.ok()) {
    Diagnostic d;
    d.code = "G001";
    d.file = path;
    d.message = fmt::format("the profile `{}` {}", path, read.reason);
    result.diagnostics_.push_back(std::move(d));
    return result;
  }
  return ReadProfileText(path, std::move(read.text));
}

ProfileResult ReadProfileText(const std::string& name, std::string text) {
  ProfileResult result;
  source::SourceFile file(name, std::move(text));
  syntax::ParsedYaml parsed = syntax::ParseYaml(file);
  result.diagnostics_ = std::move(parsed.diagnostics);
  if (!parsed.root || !parsed.root->IsMap()) {
    if (parsed.root) result.diagnostics_.push_back(syntax::ErrorAt(*parsed.root, "G004", "a profile is a map"));
    return result;
  }
  Profile profile;
  ProfileReader(profile, result.diagnostics_).Read(*parsed.root);
  if (!HasErrors(result.diagnostics_)) result.profile_ = std::move(profile);
  return result;
}

}  // namespace refund::gen
