// The decision schema for expectations (see expect_schema.h). Flat tables, no recursion: the
// schema is two levels deep (order fields, then the parts of refund/error/policy and items).
#include "engine/policytest/expect_schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "engine/policytest/yaml_json.h"
#include "engine/source/did_you_mean.h"

namespace refund::policytest {
namespace {

using Names = std::vector<std::string>;

enum class Type { kOutcome, kItemOutcome, kRoute, kRecords, kScore, kMoney, kText, kTextOrNull, kList, kInteger,
                  kRefund, kError, kPolicy, kItems };

struct Field {
  const char* name;
  Type type;
};

constexpr Field kOrderFields[] = {
    {"order_id", Type::kTextOrNull}, {"request_id", Type::kTextOrNull}, {"policy", Type::kPolicy},
    {"outcome", Type::kOutcome},     {"route", Type::kRoute},           {"score", Type::kScore},
    {"refund", Type::kRefund},       {"forfeited", Type::kMoney},       {"items", Type::kItems},
    {"reasons", Type::kList},        {"deadline", Type::kTextOrNull},   {"error", Type::kError},
    {"line", Type::kInteger}};
constexpr Field kItemFields[] = {{"id", Type::kText},      {"outcome", Type::kItemOutcome}, {"refund", Type::kMoney},
                                 {"records", Type::kRecords}, {"reasons", Type::kList}};
constexpr Field kRefundFields[] = {
    {"total", Type::kMoney}, {"cash", Type::kMoney}, {"stored_card", Type::kMoney}, {"voucher", Type::kMoney}};
constexpr Field kErrorFields[] = {{"code", Type::kText}, {"path", Type::kText}, {"message", Type::kText}};
constexpr Field kPolicyFields[] = {{"name", Type::kText}, {"version", Type::kText}, {"digest", Type::kText}};

struct Checker {
  std::vector<Diagnostic>& out;
  bool ok = true;

  void Problem(const syntax::Node& at, std::string message) {
    out.push_back(syntax::ErrorAt(at, "T003", std::move(message)));
    ok = false;
  }
};

void CheckEnum(Checker& c, const std::string& field, const syntax::Node& value, const Names& allowed, bool null_ok) {
  if (null_ok && value.IsNull()) return;
  const bool found = value.IsScalar() && std::find(allowed.begin(), allowed.end(), value.text()) != allowed.end();
  if (found) return;
  std::string message = fmt::format("`{}` must be one of {}", field, fmt::join(allowed, ", "));
  if (!value.IsScalar()) return c.Problem(value, message + ", not a " + (value.IsMap() ? "map" : value.IsNull() ? "null" : "list"));
  message += fmt::format(", not `{}`", value.text());
  if (auto near = source::DidYouMean(value.text(), allowed)) message += fmt::format(" (did you mean `{}`?)", *near);
  c.Problem(value, message);
}

// A decimal string as decisions write money: "2850.00", "0".
bool IsMoneyText(const std::string& s) {
  const size_t dot = s.find('.');
  const std::string whole = s.substr(0, dot), fraction = dot == std::string::npos ? "1" : s.substr(dot + 1);
  const auto digits = [](const std::string& t) {
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  return digits(whole) && digits(fraction);
}

void CheckMoney(Checker& c, const std::string& field, const syntax::Node& value) {
  const nlohmann::json j = NodeToJson(value);
  if (j.is_string() && IsMoneyText(j.get<std::string>())) return;
  c.Problem(value, fmt::format("`{}` is money: a quoted decimal string like \"2850.00\", not {}", field,
                               value.IsScalar() ? fmt::format("`{}`{}", value.text(), j.is_string() ? "" : " (a number)")
                                                : value.IsMap() ? "a map" : value.IsNull() ? "null" : "a list"));
}

template <size_t N>
void CheckMap(Checker& c, const std::string& where, const syntax::Node& node, const Field (&fields)[N]);

bool IsMapType(Type type) { return type == Type::kRefund || type == Type::kError || type == Type::kPolicy || type == Type::kItems; }

void CheckValue(Checker& c, const std::string& field, const syntax::Node& value, Type type) {
  // `outcome:` left empty never matches a decision that has one (and `--update` fills it in); an
  // empty map field would check nothing, so it must be a map.
  if (value.IsNull() && !IsMapType(type)) return;
  const nlohmann::json j = NodeToJson(value);
  switch (type) {
    case Type::kOutcome: return CheckEnum(c, field, value, {"cancel", "full_refund", "partial_refund", "no_refund"}, false);
    case Type::kItemOutcome: return CheckEnum(c, field, value, {"full_refund", "partial_refund", "no_refund"}, false);
    case Type::kRoute: return CheckEnum(c, field, value, {"auto", "review"}, false);
    case Type::kRecords: return CheckEnum(c, field, value, {"no_reason", "full", "partial", "cancel"}, true);
    case Type::kMoney: return CheckMoney(c, field, value);
    case Type::kScore:
      if (!j.is_number_integer() || j.get<int64_t>() < 0 || j.get<int64_t>() > 100)
        c.Problem(value, fmt::format("`{}` must be a whole number from 0 to 100", field));
      return;
    case Type::kInteger:
      if (!j.is_number_integer()) c.Problem(value, fmt::format("`{}` must be a whole number", field));
      return;
    case Type::kText:
      if (!value.IsScalar()) c.Problem(value, fmt::format("`{}` must be text", field));
      return;
    case Type::kTextOrNull:
      if (!value.IsScalar() && !value.IsNull()) c.Problem(value, fmt::format("`{}` must be text or null", field));
      return;
    case Type::kList:
      if (!value.IsSequence()) c.Problem(value, fmt::format("`{}` must be a list of reason codes", field));
      else
        for (const syntax::Node& code : value.items())
          if (!code.IsScalar() && !(code.IsMap() && code.Find("code")))
            c.Problem(code, fmt::format("`{}` lists reason codes (text)", field));
      return;
    case Type::kRefund: return CheckMap(c, field, value, kRefundFields);
    case Type::kError: return CheckMap(c, field, value, kErrorFields);
    case Type::kPolicy: return CheckMap(c, field, value, kPolicyFields);
    case Type::kItems:
      if (!value.IsMap()) return c.Problem(value, "`items` must be a map from item id to its expected fields");
      for (const auto& [id, item] : value.entries()) CheckMap(c, fmt::format("items.{}", id.text()), item, kItemFields);
      return;
  }
}

template <size_t N>
void CheckMap(Checker& c, const std::string& where, const syntax::Node& node, const Field (&fields)[N]) {
  if (!node.IsMap()) return c.Problem(node, fmt::format("`{}` must be a map of decision fields", where));
  Names names;
  for (const Field& f : fields) names.push_back(f.name);
  for (const auto& [key, value] : node.entries()) {
    const std::string field = where.empty() ? key.text() : fmt::format("{}.{}", where, key.text());
    const Field* known = std::find_if(std::begin(fields), std::end(fields), [&](const Field& f) { return key.text() == f.name; });
    if (known != std::end(fields)) {
      CheckValue(c, field, value, known->type);
      continue;
    }
    std::string message = fmt::format("unknown decision field `{}`", field);
    if (auto near = source::DidYouMean(key.text(), names)) message += fmt::format(" (did you mean `{}`?)", *near);
    c.Problem(key, message);
  }
}

}  // namespace

bool ValidateExpect(const syntax::Node& expect, std::vector<Diagnostic>& out) {
  Checker c{out};
  if (!expect.IsMap()) {
    c.Problem(expect, "`expect` must be a map of decision fields (outcome, refund, items, ...)");
    return false;
  }
  if (expect.entries().empty()) c.Problem(expect, "`expect` lists no decision field, so it would check nothing");
  CheckMap(c, "", expect, kOrderFields);
  return c.ok;
}

}  // namespace refund::policytest
