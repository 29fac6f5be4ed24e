// Field-by-field comparison of expectations (see expectation.h).
#include "engine/policytest/expectation.h"

#include <fmt/format.h>

#include <set>

#include "engine/policytest/yaml_json.h"

namespace refund::policytest {
namespace {

using nlohmann::json;

std::string Show(const json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

void Expect(std::vector<Mismatch>& out, const std::string& field, const syntax::Node& expected, const json& actual) {
  json want = NodeToJson(expected);
  if (want != actual) out.push_back({field, fmt::format("{}: expected {}, got {}", field, Show(want), Show(actual)), &expected, actual});
}

std::set<std::string> Codes(const json& reasons) {
  std::set<std::string> codes;
  if (reasons.is_array())
    for (const json& r : reasons) codes.insert(r.is_string() ? r.get<std::string>() : r.value("code", ""));
  return codes;
}

// The codes of a decision's reasons, in the decision's order.
json CodeList(const json& reasons) {
  json codes = json::array();
  if (reasons.is_array())
    for (const json& r : reasons) codes.push_back(r.is_string() ? r.get<std::string>() : r.value("code", ""));
  return codes;
}

void ExpectCodes(std::vector<Mismatch>& out, const std::string& field, const syntax::Node& expected, const json& actual) {
  std::set<std::string> want = Codes(NodeToJson(expected)), got = Codes(actual);
  if (want != got)
    out.push_back({field, fmt::format("{}: expected [{}], got [{}]", field, fmt::join(want, ", "), fmt::join(got, ", ")),
                   &expected, CodeList(actual)});
}

void CompareItems(std::vector<Mismatch>& out, const syntax::Node& expected, const json& actual) {
  for (const auto& [id_node, want] : expected.entries()) {
    const std::string& id = id_node.text();
    const json* got = nullptr;
    if (actual.is_array())
      for (const json& item : actual) if (item.value("id", "") == id) got = &item;
    if (!got) {
      out.push_back({fmt::format("items.{}", id), fmt::format("items.{}: expected an item, but the decision has none", id), nullptr, {}});
      continue;
    }
    for (const auto& [key, value] : want.entries()) {
      const std::string field = fmt::format("items.{}.{}", id, key.text());
      if (key.text() == "reasons") ExpectCodes(out, field, value, got->value("reasons", json()));
      else Expect(out, field, value, got->contains(key.text()) ? (*got)[key.text()] : json());
    }
  }
}

// `refund: {total: ..}` and `error: {path: .., message: ..}`: each part listed.
void CompareParts(std::vector<Mismatch>& out, const std::string& key, const syntax::Node& expected, const json& actual) {
  const json section = actual.value(key, json::object());
  for (const auto& [part_node, value] : expected.entries()) {
    const std::string& part = part_node.text();
    const json got = section.is_object() && section.contains(part) ? section[part] : json();
    if (key == "error" && part == "message" && got.is_string() && value.IsScalar() &&
        got.get<std::string>().find(value.text()) != std::string::npos)
      continue;
    Expect(out, fmt::format("{}.{}", key, part), value, got);
  }
}

}  // namespace

std::vector<Mismatch> CompareExpected(const syntax::Node& expect, const json& actual) {
  std::vector<Mismatch> out;
  if ((expect.Find("error") != nullptr) != actual.contains("error")) {
    out.push_back({"error", actual.contains("error") ? fmt::format("expected a decision, got error {}", actual["error"].dump())
                                                     : "expected an invalid order, got a decision", nullptr, {}});
    return out;
  }
  for (const auto& [key_node, value] : expect.entries()) {
    const std::string& key = key_node.text();
    if (key == "reasons") ExpectCodes(out, key, value, actual.value("reasons", json()));
    else if (key == "items") CompareItems(out, value, actual.value("items", json()));
    else if (key == "refund" || key == "error") CompareParts(out, key, value, actual);
    else Expect(out, key, value, actual.contains(key) ? actual[key] : json());
  }
  return out;
}

}  // namespace refund::policytest
