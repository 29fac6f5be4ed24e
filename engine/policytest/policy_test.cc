// Runs policy test cases (format in rules/README.md, "Test cases"): builds each case's order as
// JSON, reads it exactly as `eval` does, decides it with coverage on, and compares the expected
// fields; with `update`, rewrites the differing ones in the file.
#include "engine/policytest/policy_test.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "engine/policytest/expect_rewrite.h"
#include "engine/policytest/expectation.h"
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
  eval::CoverageSink& coverage;
  std::vector<UnreachableDeclaration>& unreachable;  // declared by every file so far
  std::vector<TextEdit> edits;  // `update`: rewrites of this file's expected fields
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

// Plans the rewrite of each differing field that has a value written in the file.
void PlanUpdate(FileContext& ctx, const std::vector<Mismatch>& mismatches, CaseResult& result) {
  for (const Mismatch& m : mismatches) {
    std::optional<TextEdit> edit = m.expected ? RewriteValue(*m.expected, m.actual) : std::nullopt;
    if (!edit) {
      result.not_updated.push_back(m.field);
      continue;
    }
    ctx.edits.push_back(std::move(*edit));
    ++result.updated;
  }
}

// Writes `text` to `path` through a temporary file, so that a failed write leaves the old file.
bool WriteFile(const fs::path& path, const std::string& text) {
  fs::path temporary = path;
  temporary += ".update";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return false;
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  return !ec;
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
    Decision decision = Evaluate(ctx.policy, parsed.value(), {.coverage = &ctx.coverage});
    result.actual_json = DecisionToJson(decision);
    for (const ItemDecision& item : decision.items) run.rules_reached.push_back(item.rule);
    for (const Reason& reason : decision.reasons) run.rules_reached.push_back(reason.rule);
    for (const ItemDecision& item : decision.items)
      for (const Reason& reason : item.reasons) run.rules_reached.push_back(reason.rule);
  } else {
    result.actual_json = ErrorRecordToJson(result.line, parsed.order_id(), parsed.error());
  }
  std::vector<Mismatch> mismatches = CompareExpected(*expect, json::parse(result.actual_json));
  for (const Mismatch& m : mismatches) result.mismatches.push_back(m.text);
  result.passed = mismatches.empty();
  if (options.update) PlanUpdate(ctx, mismatches, result);
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

void RunFile(FileContext ctx, const fs::path& path, const TestOptions& options, TestRun& run) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  source::SourceFile file(path.string(), text.str());
  syntax::ParsedYaml parsed = syntax::ParseYaml(file);
  run.diagnostics.insert(run.diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
  if (!parsed.root || !parsed.root->IsMap()) return;
  ctx.orders = parsed.root->Find("orders");
  if (const syntax::Node* unreachable = parsed.root->Find("unreachable")) {
    std::vector<UnreachableDeclaration> read = ReadUnreachable(*unreachable, ctx.policy.model(), ctx.diagnostics);
    ctx.unreachable.insert(ctx.unreachable.end(), read.begin(), read.end());
  }
  if (const syntax::Node* orders_file = parsed.root->Find("orders_file"))
    LoadOrdersFile(ctx, *orders_file, path.parent_path() / orders_file->text());
  const syntax::Node* cases = parsed.root->Find("cases");
  if (!cases && parsed.root->Find("unreachable")) return;
  if (!cases || !cases->IsSequence()) return Problem(ctx, *parsed.root, "a test file needs a `cases` list");
  for (const syntax::Node& test : cases->items()) RunCase(ctx, test, options, run);
  if (ctx.edits.empty()) return;
  if (WriteFile(path, ApplyEdits(file.text(), std::move(ctx.edits)))) run.files_updated.push_back(path.string());
  else Problem(ctx, *parsed.root, fmt::format("cannot write `{}`", path.string()));
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
  eval::CoverageSink coverage;
  std::vector<UnreachableDeclaration> unreachable;
  for (const fs::path& file : files)
    RunFile(FileContext{policy, nullptr, {}, run.diagnostics, coverage, unreachable, {}}, file, options, run);
  run.coverage = ReportCoverage(policy.model(), coverage, unreachable);
  std::sort(run.rules_reached.begin(), run.rules_reached.end());
  run.rules_reached.erase(std::unique(run.rules_reached.begin(), run.rules_reached.end()), run.rules_reached.end());
  return run;
}

}  // namespace refund::policytest
