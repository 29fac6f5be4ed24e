// YAML -> JSON conversion for test files (see yaml_json.h).
#include "engine/policytest/yaml_json.h"

#include <cctype>

namespace refund::policytest {
namespace {

bool IsInteger(const std::string& s) {
  size_t i = (s.size() > 1 && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i >= s.size()) return false;
  for (; i < s.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return s.size() < 19;
}

nlohmann::json PlainScalar(const std::string& s) {
  if (s == "null" || s == "~" || s.empty()) return nullptr;
  if (s == "true") return true;
  if (s == "false") return false;
  if (IsInteger(s)) return std::stoll(s);
  // Anything else, decimals included, stays text: the order reader says what is wrong with it.
  return s;
}

}  // namespace

nlohmann::json NodeToJson(const syntax::Node& node) {
  switch (node.kind()) {
    case syntax::NodeKind::kNull: return nullptr;
    case syntax::NodeKind::kScalar:
      return node.IsQuoted() || node.IsBlock() ? nlohmann::json(node.text()) : PlainScalar(node.text());
    case syntax::NodeKind::kSequence: {
      nlohmann::json list = nlohmann::json::array();
      for (const syntax::Node& item : node.items()) list.push_back(NodeToJson(item));
      return list;
    }
    case syntax::NodeKind::kMap: {
      nlohmann::json map = nlohmann::json::object();
      for (const auto& [key, value] : node.entries()) map[key.text()] = NodeToJson(value);
      return map;
    }
  }
  return nullptr;
}

}  // namespace refund::policytest
