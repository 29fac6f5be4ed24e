// Runs policy test cases (format in rules/README.md, "Test cases"): builds each case's order as
// JSON, reads it exactly as `eval` does, decides it with coverage on, and compares the expected
// fields; with `update`, rewrites the differing ones in the file.
#include "engine/policytest/policy_test.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/policytest/expect_rewrite.h"
#include "engine/policytest/expect_schema.h"
#include "engine/policytest/expectation.h"
#include "engine/policytest/yaml_json.h"
#include "engine/source/read_file.h"
#include "engine/source/write_file.h"
#include "engine/syntax/parse_yaml.h"

namespace refund::policytest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kMaxJsonDepth = 64;  // brackets in one orders_file line, as orders allow

struct FileContext {
  const CompiledPolicy& policy;
  const fs::path& policy_dir;
  const syntax::Node* orders = nullptr;     // named base orders of this file
  std::map<std::string, json> file_orders;  // orders_file: id -> order
  std::vector<Diagnostic>& diagnostics;
  eval::CoverageSink& coverage;
  std::vector<UnreachableDeclaration>& unreachable;  // declared by every file so far
  std::vector<TextEdit> edits;  // `update`: rewrites of this file's expected fields
  // `update`: byte offset of every node inside some case's `expect` -> the cases whose expect
  // holds it. An anchor and its aliases share one offset, so a value shared by cases shows here.
  // Counts how many times (in all cases) a node at that offset occurs.
  std::map<size_t, std::vector<std::string>> expect_owners;
  std::map<size_t, int> expect_uses;
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
void PlanUpdate(FileContext& ctx, const syntax::Node& expect, const std::vector<Mismatch>& mismatches, CaseResult& result) {
  for (const Mismatch& m : mismatches) {
    if (m.expected) {
      auto owners = ctx.expect_owners.find(m.expected->offset());
      if (owners != ctx.expect_owners.end() && ctx.expect_uses[m.expected->offset()] > 1) {
        result.shared_not_updated.emplace_back(m.field, owners->second);
        continue;
      }
    }
    if (m.expected && m.expected->offset() < expect.offset()) {  // an alias of a value written earlier
      result.not_updated.push_back(m.field);                     // (an order, another key): not ours
      continue;
    }
    std::optional<TextEdit> edit = m.expected ? RewriteValue(*m.expected, m.actual) : std::nullopt;
    if (!edit) {
      result.not_updated.push_back(m.field);
      continue;
    }
    ctx.edits.push_back(std::move(*edit));
    ++result.updated;
  }
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
  if (!ValidateExpect(*expect, ctx.diagnostics)) return;
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
  if (options.update) PlanUpdate(ctx, *expect, mismatches, result);
  (result.passed ? run.passed : run.failed)++;
  run.results.push_back(std::move(result));
}

// A file-level problem (line 0: the file could not be used at all).
Diagnostic FileDiagnostic(const std::string& file, std::string message) {
  Diagnostic d;
  d.code = "T002";
  d.file = file;
  d.message = std::move(message);
  return d;
}

// Whether `line` nests brackets deeper than kMaxJsonDepth (outside strings): refused before
// parsing, so that a line of a million `[` costs nothing.
bool NestsTooDeep(std::string_view line) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if ((c == '[' || c == '{') && ++depth > kMaxJsonDepth) {
      return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

// The orders of an orders_file, one JSON object with a string `id` per non-blank line. The first
// line that is not one, and the first repeated id, are reported (with how many more there are).
void ReadOrderLines(FileContext& ctx, const syntax::Node& at, std::string_view text) {
  std::map<std::string, int64_t> line_of;
  int64_t number = 0, bad = 0, repeated = 0;
  std::string first_bad, first_repeat;
  for (std::string_view rest = text; !rest.empty();) {
    const size_t end = std::min(rest.find('\n'), rest.size());
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    json order = NestsTooDeep(line) ? json() : json::parse(line, nullptr, false);
    if (!order.is_object() || !order.contains("id") || !order["id"].is_string()) {
      if (bad++ == 0) first_bad = fmt::format("line {} is not an order with a string `id`", number);
      continue;
    }
    const std::string id = order["id"];
    if (auto [it, fresh] = line_of.emplace(id, number); !fresh) {
      if (repeated++ == 0) first_repeat = fmt::format("line {} repeats the id `{}` of line {}", number, id, it->second);
      continue;
    }
    ctx.file_orders[id] = std::move(order);
  }
  const auto report = [&](int64_t count, const std::string& first) {
    if (count == 0) return;
    const std::string more = count > 1 ? fmt::format(" (and {} more)", count - 1) : "";
    ctx.diagnostics.push_back(syntax::ErrorAt(at, "T002", fmt::format("orders_file `{}`: {}{}", at.text(), first, more)));
  };
  report(bad, first_bad);
  report(repeated, first_repeat);
}

// `orders_file`: JSON Lines inside the policy directory, each order a base named by its id.
void LoadOrdersFile(FileContext& ctx, const syntax::Node& at, const fs::path& test_file) {
  const fs::path relative = (test_file.parent_path() / at.text()).lexically_normal();
  std::optional<fs::path> inside = at.IsScalar() && !at.text().empty() && !fs::path(at.text()).is_absolute()
                                       ? source::ResolveInside(ctx.policy_dir, relative)
                                       : std::nullopt;
  if (!inside) {
    Diagnostic d = syntax::ErrorAt(at, "T002", fmt::format("orders_file `{}` is outside the policy directory", at.text()));
    d.help = "keep the orders beside the tests, e.g. `tests/orders.jsonl`, and name it relative to the test file";
    return ctx.diagnostics.push_back(std::move(d));
  }
  source::FileRead read = source::ReadRegularFile(*inside, source::kMaxFileBytes);
  if (!read.ok()) return ctx.diagnostics.push_back(syntax::ErrorAt(at, "T002", fmt::format("orders_file `{}` {}", at.text(), read.reason)));
  ReadOrderLines(ctx, at, read.text);
}

// Rewrites the file `update` changed; `real` is where it really is (a link stays a link).
void WriteUpdates(FileContext& ctx, const source::SourceFile& file, const fs::path& real, const syntax::Node& root,
                  TestRun& run) {
  if (ctx.edits.empty()) return;
  if (auto why = source::ReplaceFile(real, ApplyEdits(file.text(), std::move(ctx.edits))))
    ctx.diagnostics.push_back(syntax::ErrorAt(root, "T002", fmt::format("cannot write `{}`: {}", file.path(), *why)));
  else
    run.files_updated.push_back(file.path());
}

// Fills ctx.expect_owners: every node of every case's `expect`, walked with an explicit stack.
void RecordExpectOwners(FileContext& ctx, const syntax::Node& cases) {
  std::map<size_t, size_t> last_case;  // offset -> the last case index recorded as its owner
  for (size_t index = 0; index < cases.items().size(); ++index) {
    const syntax::Node& test = cases.items()[index];
    const syntax::Node* expect = test.IsMap() ? test.Find("expect") : nullptr;
    if (!expect) continue;
    const syntax::Node* name = test.Find("name");
    const std::string case_name = name ? name->text() : "(unnamed)";
    std::vector<const syntax::Node*> stack{expect};
    while (!stack.empty()) {
      const syntax::Node* node = stack.back();
      stack.pop_back();
      std::vector<std::string>& owners = ctx.expect_owners[node->offset()];
      auto [last, fresh] = last_case.emplace(node->offset(), index);
      if (fresh || last->second != index) owners.push_back(case_name);
      last->second = index;
      if (!node->IsMap()) ++ctx.expect_uses[node->offset()];  // a map is never rewritten
      for (const syntax::Node& item : node->items()) stack.push_back(&item);
      for (const auto& entry : node->entries()) stack.push_back(&entry.value);
    }
  }
}

void RunFile(FileContext ctx, const fs::path& relative, const TestOptions& options, TestRun& run) {
  const std::string shown = (ctx.policy_dir / relative).string();
  std::optional<fs::path> real = source::ResolveInside(ctx.policy_dir, relative);
  if (!real) return run.diagnostics.push_back(FileDiagnostic(shown, fmt::format("test file `{}` is outside the policy directory", shown)));
  source::FileRead read = source::ReadRegularFile(*real, source::kMaxFileBytes);
  if (!read.ok()) return run.diagnostics.push_back(FileDiagnostic(shown, fmt::format("test file `{}` {}", shown, read.reason)));
  source::SourceFile file(shown, std::move(read.text));
  syntax::ParsedYaml parsed = syntax::ParseYaml(file);
  run.diagnostics.insert(run.diagnostics.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
  if (!parsed.root || !parsed.root->IsMap()) return;
  ctx.orders = parsed.root->Find("orders");
  const syntax::Node* unreachable = options.other_policy ? nullptr : parsed.root->Find("unreachable");
  if (unreachable) {
    std::vector<UnreachableDeclaration> declared = ReadUnreachable(*unreachable, ctx.policy.model(), ctx.diagnostics);
    ctx.unreachable.insert(ctx.unreachable.end(), declared.begin(), declared.end());
  }
  if (const syntax::Node* orders_file = parsed.root->Find("orders_file")) LoadOrdersFile(ctx, *orders_file, relative);
  const syntax::Node* cases = parsed.root->Find("cases");
  if (!cases && parsed.root->Find("unreachable")) return;
  if (!cases || !cases->IsSequence()) return Problem(ctx, *parsed.root, "a test file needs a `cases` list");
  run.cases += static_cast<int>(cases->items().size());
  if (options.update) RecordExpectOwners(ctx, *cases);
  for (const syntax::Node& test : cases->items()) RunCase(ctx, test, options, run);
  WriteUpdates(ctx, file, *real, *parsed.root, run);
}

// The test files of `policy_dir`: tests/*.yaml, relative to it, in name order.
std::vector<fs::path> ListTestFiles(const fs::path& policy_dir, std::vector<Diagnostic>& out) {
  std::vector<fs::path> files;
  std::error_code ec;
  const fs::path dir = policy_dir / "tests";
  if (!fs::exists(fs::symlink_status(dir, ec))) return files;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->path().extension() == ".yaml") files.push_back(fs::path("tests") / it->path().filename());
  if (ec) out.push_back(FileDiagnostic(dir.string(), fmt::format("cannot list the test files in `{}`: {}", dir.string(), ec.message())));
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TestRun RunPolicyTests(const CompiledPolicy& policy, const std::string& policy_dir, const TestOptions& options) {
  TestRun run;
  const fs::path dir(policy_dir);
  eval::CoverageSink coverage;
  std::vector<UnreachableDeclaration> unreachable;
  for (const fs::path& file : ListTestFiles(dir, run.diagnostics))
    RunFile(FileContext{policy, dir, nullptr, {}, run.diagnostics, coverage, unreachable, {}, {}}, file, options, run);
  run.coverage = ReportCoverage(policy.model(), coverage, unreachable);
  run.errors = static_cast<int>(std::count_if(run.diagnostics.begin(), run.diagnostics.end(),
                                              [](const Diagnostic& d) { return d.severity == Severity::kError; }));
  std::sort(run.rules_reached.begin(), run.rules_reached.end());
  run.rules_reached.erase(std::unique(run.rules_reached.begin(), run.rules_reached.end()), run.rules_reached.end());
  return run;
}

}  // namespace refund::policytest
