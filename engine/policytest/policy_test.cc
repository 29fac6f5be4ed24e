// Runs policy test cases (format in rules/README.md, "Test cases"): builds each case's order as
// JSON, reads it exactly as `eval` does, decides it, and compares the expected fields.
#include "engine/policytest/policy_test.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "engine/policytest/yaml_json.h"
#include "engine/syntax/parse_yaml.h"

namespace refund::policytest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct FileContext {
  const CompiledPolicy& policy;
  const syntax::Node* orders = nullptr;     // named base orders of this file
  std::map<std::string, json> file_orders;  // orders_file: id -> order
  std::vector<Diagnostic>& diagnostics;
};

void Problem(FileContext& ctx, const syntax::Node& at, std::string message) {
  ctx.diagnostics.push_back(syntax::ErrorAt(at, "T001", std::move(message)));
}

// The case's order: `order` inline, or `base` (a named order) with `set` overrides.
std::optional<json> BuildOrder(FileContext& ctx, const syntax::Node& test) {
  json order;
  if (const syntax::Node* inline_order = test.Find("order")) {
    order = NodeToJson(*inline_order);
  } else if (const syntax::Node* base = test.Find("base")) {
    const syntax::Node* named = ctx.orders ? ctx.orders->Find(base->text()) : nullptr;
    if (named) order = NodeToJson(*named);
    else if (auto it = ctx.file_orders.find(base->text()); it != ctx.file_orders.end()) order = it->second;
    else return Problem(ctx, *base, fmt::format("unknown base order `{}`", base->text())), std::nullopt;
  } else {
    return Problem(ctx, test, "a case needs `order` or `base`"), std::nullopt;
  }
  if (const syntax::Node* set = test.Find("set")) {
    for (const auto& [pointer, value] : set->entries()) {
      try {
        json::json_pointer ptr(pointer.text());
        if (value.IsNull()) {
          json& parent = order.at(ptr.parent_pointer());
          if (parent.is_object()) parent.erase(ptr.back());
          else if (parent.is_array()) parent.erase(std::stoul(ptr.back()));
        } else {
          order[ptr] = NodeToJson(value);
        }
      } catch (const std::exception& e) {
        return Problem(ctx, pointer, fmt::format("cannot apply `{}`: {}", pointer.text(), e.what())), std::nullopt;
      }
    }
  }
  return order;
}

std::string Show(const json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

void Expect(std::vector<std::string>& out, const std::string& field, const json& expected, const json& actual) {
  if (expected != actual) out.push_back(fmt::format("{}: expected {}, got {}", field, Show(expected), Show(actual)));
}

std::set<std::string> Codes(const json& reasons) {
  std::set<std::string> codes;
  if (reasons.is_array())
    for (const json& r : reasons) codes.insert(r.is_string() ? r.get<std::string>() : r.value("code", ""));
  return codes;
}

void ExpectCodes(std::vector<std::string>& out, const std::string& field, const json& expected, const json& actual) {
  std::set<std::string> want = Codes(expected), got = Codes(actual);
  if (want != got)
    out.push_back(fmt::format("{}: expected [{}], got [{}]", field, fmt::join(want, ", "), fmt::join(got, ", ")));
}

void CompareItems(std::vector<std::string>& out, const json& expected, const json& actual) {
  for (const auto& [id, want] : expected.items()) {
    const json* got = nullptr;
    for (const json& item : actual) if (item.value("id", "") == id) got = &item;
    if (!got) {
      out.push_back(fmt::format("items.{}: expected an item, but the decision has none", id));
      continue;
    }
    for (const auto& [key, value] : want.items()) {
      if (key == "reasons") ExpectCodes(out, "items." + id + ".reasons", value, (*got)["reasons"]);
      else Expect(out, "items." + id + "." + key, value, got->contains(key) ? (*got)[key] : json());
    }
  }
}

std::vector<std::string> Compare(const json& expected, const json& actual) {
  std::vector<std::string> out;
  if (expected.contains("error") != actual.contains("error")) {
    out.push_back(actual.contains("error") ? "expected a decision, got error " + actual["error"].dump()
                                           : "expected an invalid order, got a decision");
    return out;
  }
  for (const auto& [key, value] : expected.items()) {
    if (key == "reasons") ExpectCodes(out, "reasons", value, actual["reasons"]);
    else if (key == "items") CompareItems(out, value, actual["items"]);
    else if (key == "refund" || key == "error") {
      for (const auto& [part, v] : value.items()) {
        const json& got = actual[key].contains(part) ? actual[key][part] : json();
        if (key == "error" && part == "message" && got.is_string() && got.get<std::string>().find(v.get<std::string>()) != std::string::npos) continue;
        Expect(out, key + "." + part, v, got);
      }
    } else {
      Expect(out, key, value, actual.contains(key) ? actual[key] : json());
    }
  }
  return out;
}

void RunCase(FileContext& ctx, const syntax::Node& test, const TestOptions& options, TestRun& run) {
  CaseResult result;
  const syntax::Node* name = test.Find("name");
  result.name = name ? name->text() : "(unnamed)";
  result.file = test.file().path();
  result.line = test.location().line;
  if (!options.filter.empty() && result.name.find(options.filter) == std::string::npos) return;
  const syntax::Node* expect = test.Find("expect");
  if (!expect) return Problem(ctx, test, fmt::format("case `{}` has no `expect`", result.name));
  std::optional<json> order = BuildOrder(ctx, test);
  if (!order) return;
  OrderResult parsed = ParseOrder(order->dump(), OrderSettingsOf(ctx.policy));
  if (parsed.ok()) {
    Decision decision = Evaluate(ctx.policy, parsed.value(), {});
    result.actual_json = DecisionToJson(decision);
    for (const ItemDecision& item : decision.items) run.rules_reached.push_back(item.rule);
    for (const Reason& reason : decision.reasons) run.rules_reached.push_back(reason.rule);
    for (const ItemDecision& item : decision.items)
      for (const Reason& reason : item.reasons) run.rules_reached.push_back(reason.rule);
  } else {
    result.actual_json = ErrorRecordToJson(result.line, parsed.order_id(), parsed.error());
  }
  result.mismatches = Compare(NodeToJson(*expect), json::parse(result.actual_json));
  result.passed = result.mismatches.empty();
  (result.passed ? run.passed : run.failed)++;
  run.results.push_back(std::move(result));
}

void LoadOrdersFile(FileContext& ctx, const syntax::Node& at, const fs::path& path) {
  std::ifstream in(path);
  if (!in) return Problem(ctx, at, fmt::format("cannot read orders file `{}`", path.string()));
  std::string line;
  while (std::getline(in, line)) {
    json order = json::parse(line, nullptr, false);
    if (order.is_object() && order.contains("id") && order["id"].is_string()) ctx.file_orders[order["id"]] = order;
  }
}

void RunFile(const CompiledPolicy& policy, const fs::path& path, const TestOptions& options, TestRun& run) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  source::SourceFile file(path.string(), text.str());
  syntax::ParsedYaml parsed = syntax::ParseYaml(file);
  run.diagnostics.insert(run.diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
  if (!parsed.root || !parsed.root->IsMap()) return;
  FileContext ctx{policy, parsed.root->Find("orders"), {}, run.diagnostics};
  if (const syntax::Node* orders_file = parsed.root->Find("orders_file"))
    LoadOrdersFile(ctx, *orders_file, path.parent_path() / orders_file->text());
  const syntax::Node* cases = parsed.root->Find("cases");
  if (!cases || !cases->IsSequence()) return Problem(ctx, *parsed.root, "a test file needs a `cases` list");
  for (const syntax::Node& test : cases->items()) RunCase(ctx, test, options, run);
}

}  // namespace

TestRun RunPolicyTests(const CompiledPolicy& policy, const std::string& policy_dir, const TestOptions& options) {
  TestRun run;
  fs::path dir = fs::path(policy_dir) / "tests";
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) RunFile(policy, file, options, run);
  std::sort(run.rules_reached.begin(), run.rules_reached.end());
  run.rules_reached.erase(std::unique(run.rules_reached.begin(), run.rules_reached.end()), run.rules_reached.end());
  return run;
}

}  // namespace refund::policytest
