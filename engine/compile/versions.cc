// Effective-dated versions (see versions.h): read versions.yaml, check the list, compile every
// version, check they agree on what reads orders, and assemble the versioned policy.
#include "engine/compile/versions.h"

#include <fmt/format.h>

#include <filesystem>

#include "engine/model/policy.h"
#include "engine/source/read_file.h"
#include "engine/syntax/parse_yaml.h"
#include "engine/syntax/policy_files.h"

namespace refund {

const CompiledPolicy& CompiledPolicy::InForce(const Order& order) const {
  if (versions_.empty()) return *this;
  const Instant at = anchor_ == VersionAnchor::kPaidAt && order.paid_at ? *order.paid_at : order.request.at;
  const CompiledPolicy* in_force = versions_.front().policy.get();
  for (const PolicyVersion& v : versions_) {
    if (v.effective_from > at) break;
    in_force = v.policy.get();
  }
  return *in_force;
}

CompiledPolicy::CompiledPolicy(std::vector<PolicyVersion> versions, VersionAnchor anchor)
    : model_(versions.back().policy->model_),
      tree_(versions.back().policy->tree_),
      versions_(std::move(versions)),
      anchor_(anchor) {}

namespace compile {
namespace {

namespace fs = std::filesystem;

// One entry of the list as written.
struct VersionEntry {
  const syntax::Node* node = nullptr;
  const syntax::Node* path = nullptr;
  std::optional<Instant> effective_from;
};

struct VersionsFile {
  std::shared_ptr<const source::SourceFile> source;  // owns the text `root` points into
  std::optional<syntax::Node> root;
  VersionAnchor anchor = VersionAnchor::kRequestAt;
  std::vector<VersionEntry> entries;
  std::vector<Diagnostic> diagnostics;
};

// A diagnostic about a whole file (line 0), or the unknown version of POLICY@VERSION.
Diagnostic FileDiagnostic(std::string code, std::string file, std::string message) {
  Diagnostic d;
  d.code = std::move(code);
  d.file = std::move(file);
  d.message = std::move(message);
  return d;
}

void CheckKeys(const syntax::Node& map, std::initializer_list<std::string_view> allowed, std::vector<Diagnostic>& out) {
  for (const syntax::MapEntry& e : map.entries()) {
    bool known = false;
    for (std::string_view key : allowed) known |= e.key.text() == key;
    if (known) continue;
    std::string list;
    for (std::string_view key : allowed) list += fmt::format("{}`{}`", list.empty() ? "" : ", ", key);
    Diagnostic d = syntax::ErrorAt(e.key, "V101", fmt::format("unknown key `{}` in versions.yaml", e.key.text()));
    d.help = "allowed here: " + list;
    out.push_back(std::move(d));
  }
}

VersionEntry ReadEntry(const std::string& directory, const syntax::Node& node, std::vector<Diagnostic>& out) {
  VersionEntry entry{&node, nullptr, std::nullopt};
  if (!node.IsMap()) {
    out.push_back(syntax::ErrorAt(node, "V103", fmt::format("expected a map with `path` and `effective_from`, found a {}", node.KindName())));
    return entry;
  }
  CheckKeys(node, {"path", "effective_from"}, out);
  entry.path = node.Find("path");
  if (!entry.path) out.push_back(syntax::ErrorAt(node, "V102", "a version needs `path`"));
  else if (!entry.path->IsScalar() || entry.path->text().empty())
    out.push_back(syntax::ErrorAt(*entry.path, "V103", "`path` must be a directory or file name")), entry.path = nullptr;
  else if (!source::ResolveInside(directory, entry.path->text()))
    out.push_back(syntax::ErrorAt(*entry.path, "V104", fmt::format("`{}` is outside the policy directory", entry.path->text()))), entry.path = nullptr;
  const syntax::Node* from = node.Find("effective_from");
  if (!from) {
    out.push_back(syntax::ErrorAt(node, "V102", "a version needs `effective_from`"));
  } else {
    std::string why;
    entry.effective_from = from->IsScalar() ? ParseTimestamp(from->text(), &why) : std::nullopt;
    if (!entry.effective_from) {
      Diagnostic d = syntax::ErrorAt(*from, "V104", fmt::format("`effective_from` is not a timestamp: `{}`", from->text()));
      d.help = "write RFC 3339 with an offset, e.g. \"2026-04-01T00:00:00+08:00\"";
      out.push_back(std::move(d));
    }
  }
  return entry;
}

// Later entries must take effect strictly after earlier ones; paths are listed once.
void CheckOrder(const std::vector<VersionEntry>& entries, std::vector<Diagnostic>& out) {
  for (size_t i = 0; i < entries.size(); ++i) {
    const VersionEntry& e = entries[i];
    for (size_t j = 0; j < i; ++j) {
      const VersionEntry& before = entries[j];
      if (e.path && before.path && fs::path(e.path->text()).lexically_normal() == fs::path(before.path->text()).lexically_normal())
        out.push_back(syntax::ErrorAt(*e.path, "V107", fmt::format("version `{}` is listed twice (first on line {})", e.path->text(), before.node->location().line)));
    }
    if (!e.effective_from) continue;
    const syntax::Node& from = *e.node->Find("effective_from");
    for (size_t j = i; j-- > 0;) {
      const VersionEntry& before = entries[j];
      if (!before.effective_from) continue;
      if (*before.effective_from == *e.effective_from) {
        out.push_back(syntax::ErrorAt(from, "V106", fmt::format("versions overlap: `{}` is also when the version on line {} takes effect", from.text(), before.node->location().line)));
      } else if (*before.effective_from > *e.effective_from) {
        Diagnostic d = syntax::ErrorAt(from, "V105", fmt::format("versions out of order: `{}` is before the effective_from of the version on line {}", from.text(), before.node->location().line));
        d.help = "list versions oldest first";
        out.push_back(std::move(d));
      }
      break;  // compared with the nearest dated entry before it
    }
  }
}

// The code of a file that could not be read, as policy_files.h numbers them.
const char* ReadProblemCode(source::FileProblem problem) {
  switch (problem) {
    case source::FileProblem::kMissing: return "S011";
    case source::FileProblem::kDirectory:
    case source::FileProblem::kNotRegular: return "S012";
    case source::FileProblem::kTooLarge: return "S017";
    default: return "S015";
  }
}

VersionsFile ReadVersionsFile(const std::string& directory, bool& unusable) {
  VersionsFile file;
  const std::string display = (fs::path(directory) / kVersionsFileName).generic_string();
  source::FileRead read = source::ReadRegularFile(display, syntax::kMaxFileBytes);
  if (!read.ok()) {
    unusable = read.problem != source::FileProblem::kTooLarge;
    file.diagnostics.push_back(FileDiagnostic(ReadProblemCode(read.problem), display, fmt::format("`{}` {}", display, read.reason)));
    return file;
  }
  file.source = std::make_shared<const source::SourceFile>(display, std::move(read.text));
  syntax::ParsedYaml parsed = syntax::ParseYaml(*file.source);
  file.diagnostics = std::move(parsed.diagnostics);
  file.root = std::move(parsed.root);
  if (!file.root) return file;
  if (!file.root->IsMap()) {
    file.diagnostics.push_back(syntax::ErrorAt(*file.root, "V103", fmt::format("expected a map with `versions`, found a {}", file.root->KindName())));
    return file;
  }
  CheckKeys(*file.root, {"anchor", "versions"}, file.diagnostics);
  if (const syntax::Node* anchor = file.root->Find("anchor")) {
    if (anchor->text() == "paid_at") file.anchor = VersionAnchor::kPaidAt;
    else if (anchor->text() != "request.at") {
      Diagnostic d = syntax::ErrorAt(*anchor, "V104", fmt::format("unknown anchor `{}`", anchor->text()));
      d.help = "the anchor is `request.at` (default) or `paid_at`";
      file.diagnostics.push_back(std::move(d));
    }
  }
  const syntax::Node* list = file.root->Find("versions");
  if (!list) file.diagnostics.push_back(syntax::ErrorAt(*file.root, "V102", "versions.yaml needs a `versions` list"));
  else if (!list->IsSequence() || list->items().empty())
    file.diagnostics.push_back(syntax::ErrorAt(*list, "V103", "`versions` must be a non-empty list"));
  else
    for (const syntax::Node& item : list->items()) file.entries.push_back(ReadEntry(directory, item, file.diagnostics));
  CheckOrder(file.entries, file.diagnostics);
  return file;
}

// Orders are read once, before a version is chosen: every version must read them alike.
void CheckAgreement(const VersionEntry& entry, const CompiledPolicy& first, const CompiledPolicy& other,
                    std::vector<Diagnostic>& out) {
  const model::Policy& a = first.model();
  const model::Policy& b = other.model();
  std::string what;
  if (a.name != b.name) what = fmt::format("name `{}` (not `{}`)", b.name, a.name);
  else if (!(a.currency == b.currency)) what = fmt::format("currency `{}` (not `{}`)", b.currency.code(), a.currency.code());
  else if (a.aliases != b.aliases) what = "payment-type aliases";
  if (!what.empty())
    out.push_back(syntax::ErrorAt(*entry.path, "V108", fmt::format("version `{}` differs from the first version in its {}", entry.path->text(), what)));
}

}  // namespace

bool HasVersionsFile(const std::string& path) {
  std::error_code error;
  return fs::is_directory(path, error) && fs::exists(fs::path(path) / kVersionsFileName, error);
}

CompiledWithDiagnostics CompileVersionedPolicy(const std::string& directory) {
  CompiledWithDiagnostics result;
  VersionsFile file = ReadVersionsFile(directory, result.path_unusable);
  result.diagnostics = std::move(file.diagnostics);
  std::error_code error;
  if (fs::exists(fs::path(directory) / "policy.yaml", error))
    result.diagnostics.push_back(FileDiagnostic("V109", (fs::path(directory) / "policy.yaml").generic_string(),
                                                "a policy directory has either `policy.yaml` or `versions.yaml`, not both"));
  std::vector<PolicyVersion> versions;
  std::vector<std::shared_ptr<const CompiledPolicy>> compiled;  // every version that compiles
  bool complete = !HasErrors(result.diagnostics);
  for (const VersionEntry& entry : file.entries) {
    if (!entry.path) continue;
    CompiledWithDiagnostics one = CompileSinglePolicy((fs::path(directory) / entry.path->text()).generic_string());
    result.diagnostics.insert(result.diagnostics.end(), one.diagnostics.begin(), one.diagnostics.end());
    if (!one.policy) {
      complete = false;
      continue;
    }
    for (const auto& earlier : compiled)
      if (earlier->version() == one.policy->version()) {
        result.diagnostics.push_back(syntax::ErrorAt(*entry.path, "V107", fmt::format("two versions are both `{}` (`policy.version`)", one.policy->version())));
        break;
      }
    if (!compiled.empty()) CheckAgreement(entry, *compiled.front(), *one.policy, result.diagnostics);
    compiled.push_back(one.policy);
    if (entry.effective_from) versions.push_back({*entry.effective_from, std::move(one.policy)});
  }
  if (complete && !versions.empty() && !HasErrors(result.diagnostics))
    result.policy = std::make_shared<const CompiledPolicy>(std::move(versions), file.anchor);
  return result;
}

std::pair<std::string, std::optional<std::string>> SplitVersionSuffix(const std::string& path) {
  std::error_code error;
  const size_t at = path.rfind('@');
  const size_t slash = path.rfind('/');
  if (at == std::string::npos || (slash != std::string::npos && at < slash) || at + 1 == path.size() ||
      fs::exists(path, error))
    return {path, std::nullopt};
  return {path.substr(0, at), path.substr(at + 1)};
}

CompiledWithDiagnostics SelectVersion(CompiledWithDiagnostics all, const std::string& version, const std::string& written) {
  if (!all.policy) return all;
  std::vector<std::shared_ptr<const CompiledPolicy>> candidates;
  if (all.policy->versions().empty()) candidates.push_back(all.policy);
  for (const PolicyVersion& v : all.policy->versions()) candidates.push_back(v.policy);
  std::string known;
  for (const auto& candidate : candidates) {
    if (candidate->version() == version) return {candidate, std::move(all.diagnostics)};
    known += fmt::format("{}`{}`", known.empty() ? "" : ", ", candidate->version());
  }
  Diagnostic d = FileDiagnostic("V110", written, fmt::format("no version `{}` in `{}`", version,
                                                             written.substr(0, written.size() - version.size() - 1)));
  d.help = "versions: " + known;
  all.diagnostics.push_back(std::move(d));
  return {nullptr, std::move(all.diagnostics)};
}

}  // namespace compile
}  // namespace refund
