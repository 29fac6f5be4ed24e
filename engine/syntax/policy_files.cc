// LoadPolicySources: resolve the policy path, read the root and its includes depth-first with
// cycle detection, parse each, and digest what was read.
#include "engine/syntax/policy_files.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>

#include "engine/source/did_you_mean.h"
#include "engine/source/digest.h"
#include "engine/source/read_file.h"
#include "engine/syntax/parse_yaml.h"

namespace refund::syntax {
namespace {

namespace fs = std::filesystem;

bool IsYamlName(const fs::path& path) {
  return path.extension() == ".yaml" || path.extension() == ".yml";
}

// Names in `directory` a user could have meant, written as `prefix`/name, sorted so that
// DidYouMean's ties are deterministic.
std::vector<std::string> NearbyNames(const fs::path& directory, const fs::path& prefix,
                                     bool with_directories) {
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(directory, error), end; !error && it != end;
       it.increment(error)) {
    const bool is_directory = it->is_directory(error);
    if (is_directory ? with_directories : IsYamlName(it->path())) {
      names.push_back((prefix / it->path().filename()).generic_string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<std::string> SuggestName(const std::string& written, const fs::path& directory,
                                       bool with_directories) {
  const fs::path prefix = fs::path(written).parent_path();
  const auto match = source::DidYouMean(written, NearbyNames(directory, prefix, with_directories));
  if (!match) return std::nullopt;
  return "did you mean `" + *match + "`?";
}

// Where a file is named: an include entry, or nothing for the root (diagnostics at line 0).
struct Mention {
  const Node* entry = nullptr;
  std::string display_path;  // the file as diagnostics show it
};

class Loader {
 public:
  Loader(fs::path directory, fs::path display_directory, PolicySources& out)
      : directory_(std::move(directory)),
        display_directory_(std::move(display_directory)),
        out_(out) {}

  // Reads, parses and follows the includes of `relative` (normalized, inside the directory).
  void Load(const std::string& relative, const Mention& mention);

 private:
  std::optional<std::string> Read(const std::string& relative, const Mention& mention);
  void FollowIncludes(const Node& root, const std::string& relative);
  void FollowInclude(const Node& entry, const std::string& relative);
  bool InsideDirectory(const fs::path& relative) const;
  void Report(const Mention& mention, std::string code, std::string message,
              std::optional<std::string> help = std::nullopt);

  fs::path directory_;
  fs::path display_directory_;  // as the user named it
  PolicySources& out_;
  std::vector<std::string> chain_;  // files being loaded, outermost first
  std::set<std::string> loaded_;
};

void Loader::Report(const Mention& mention, std::string code, std::string message,
                    std::optional<std::string> help) {
  Diagnostic diagnostic;
  if (mention.entry != nullptr) {
    diagnostic = ErrorAt(*mention.entry, std::move(code), std::move(message));
  } else {
    diagnostic.code = std::move(code);
    diagnostic.file = mention.display_path;
    diagnostic.message = std::move(message);
  }
  diagnostic.help = std::move(help);
  out_.diagnostics.push_back(std::move(diagnostic));
}

void Loader::Load(const std::string& relative, const Mention& mention) {
  if (static_cast<int>(chain_.size()) >= kMaxIncludeDepth) {
    Report(mention, "S016", "includes nest deeper than `32` files");
    return;
  }
  std::optional<std::string> text = Read(relative, mention);
  if (!text) return;
  loaded_.insert(relative);
  const std::string display = (display_directory_ / relative).generic_string();
  auto source = std::make_shared<const source::SourceFile>(display, std::move(*text));
  ParsedYaml parsed = ParseYaml(*source);
  out_.diagnostics.insert(out_.diagnostics.end(), parsed.diagnostics.begin(),
                          parsed.diagnostics.end());
  out_.files.push_back(SyntaxFile{relative, source, std::move(parsed.root)});
  // Copy: out_.files may reallocate while includes load.
  const std::optional<Node> root = out_.files.back().root;
  if (!root) return;
  chain_.push_back(relative);
  FollowIncludes(*root, relative);
  chain_.pop_back();
}

std::optional<std::string> Loader::Read(const std::string& relative, const Mention& mention) {
  const fs::path path = directory_ / relative;
  // An include names the file as its entry says; the root as the user named it.
  const std::string shown =
      "`" + (mention.entry ? mention.entry->text() : mention.display_path) + "`";
  source::FileRead read = source::ReadRegularFile(path, kMaxFileBytes);
  if (read.ok()) return std::move(read.text);
  // The root the caller named is missing, not a file or unreadable: their mistake; a root too
  // large is the policy's.
  if (mention.entry == nullptr && read.problem != source::FileProblem::kTooLarge) out_.root_unusable = true;
  switch (read.problem) {
    case source::FileProblem::kMissing: {
      const std::string written = mention.entry ? mention.entry->text() : relative;
      Report(mention, "S011", "file " + shown + " not found",
             SuggestName(written, path.parent_path(), false));
      break;
    }
    case source::FileProblem::kDirectory:
    case source::FileProblem::kNotRegular: {
      const char* kind = read.problem == source::FileProblem::kDirectory ? "a directory" : "not a regular file";
      Report(mention, "S012", shown + " is " + kind + ", expected a yaml file");
      break;
    }
    case source::FileProblem::kTooLarge:
      Report(mention, "S017", shown + " is larger than `" + source::FormatByteCount(kMaxFileBytes) + "`");
      break;
    default:
      Report(mention, "S015", "cannot read " + shown + ": " + read.system_error);
  }
  return std::nullopt;
}

void Loader::FollowIncludes(const Node& root, const std::string& relative) {
  const Node* includes = root.Find("include");
  if (includes == nullptr || includes->IsNull()) return;
  if (!includes->IsSequence()) {
    Diagnostic error = ErrorAt(*includes, "S013", "`include` must be a list of relative paths");
    error.help = "write `include: [windows.yaml]`";
    out_.diagnostics.push_back(std::move(error));
    return;
  }
  for (const Node& entry : includes->items()) {
    if (!entry.IsScalar() || entry.text().empty()) {
      out_.diagnostics.push_back(ErrorAt(entry, "S013", "an `include` entry must be a path, " +
                                                            std::string("found a ") +
                                                            std::string(entry.KindName())));
      continue;
    }
    FollowInclude(entry, relative);
  }
}

bool Loader::InsideDirectory(const fs::path& relative) const {
  return source::ResolveInside(directory_, relative).has_value();
}

void Loader::FollowInclude(const Node& entry, const std::string& relative) {
  const fs::path written(entry.text());
  const fs::path resolved = (fs::path(relative).parent_path() / written).lexically_normal();
  if (written.is_absolute() || !InsideDirectory(resolved)) {
    Diagnostic error = ErrorAt(entry, "S014", "include `" + entry.text() +
                                                  "` is outside the policy directory");
    error.help = "include paths are relative to the including file and stay in `" +
                 display_directory_.generic_string() + "`";
    out_.diagnostics.push_back(std::move(error));
    return;
  }
  const std::string target = resolved.generic_string();
  const auto in_chain = std::find(chain_.begin(), chain_.end(), target);
  if (in_chain != chain_.end()) {
    std::string cycle;
    for (auto it = in_chain; it != chain_.end(); ++it) cycle += "`" + *it + "` -> ";
    out_.diagnostics.push_back(
        ErrorAt(entry, "S010", "include cycle: " + cycle + "`" + target + "`"));
    return;
  }
  if (loaded_.count(target) > 0) return;  // shared by two files: load once
  Load(target, Mention{&entry, (display_directory_ / target).generic_string()});
}

// The policy directory and root file for what the user named, or a diagnostic.
struct PolicyRoot {
  fs::path directory;
  fs::path display_directory;
  std::string relative;
};

std::optional<PolicyRoot> ResolveRoot(const std::string& path, std::vector<Diagnostic>& out) {
  const fs::path named(path);
  std::error_code error;
  const fs::file_status status = fs::status(named, error);
  Diagnostic diagnostic;
  diagnostic.code = "S011";
  diagnostic.file = path;
  if (fs::is_directory(status)) return PolicyRoot{named, named, "policy.yaml"};
  if (fs::is_regular_file(status) && IsYamlName(named)) {
    const fs::path parent = named.parent_path();
    return PolicyRoot{parent.empty() ? fs::path(".") : parent, parent,
                      named.filename().generic_string()};
  }
  if (fs::exists(status)) {
    diagnostic.code = "S012";
    diagnostic.message = "`" + path + "` is not a policy directory or a yaml file";
    diagnostic.help = "name a directory holding `policy.yaml`, or a `.yaml` file";
  } else {
    diagnostic.message = "policy `" + path + "` not found";
    const fs::path parent = named.parent_path();
    diagnostic.help = SuggestName(path, parent.empty() ? fs::path(".") : parent, true);
  }
  out.push_back(std::move(diagnostic));
  return std::nullopt;
}

}  // namespace

PolicySources LoadPolicySources(std::string path) {
  PolicySources sources;
  const std::optional<PolicyRoot> root = ResolveRoot(path, sources.diagnostics);
  sources.root_unusable = !root;
  if (root) {
    Loader loader(root->directory, root->display_directory, sources);
    const std::string display = (root->display_directory / root->relative).generic_string();
    loader.Load(root->relative, Mention{nullptr, display});
  }
  std::vector<std::pair<std::string, std::string>> contents;
  for (const SyntaxFile& file : sources.files) {
    contents.emplace_back(file.relative_path, file.source->text());
  }
  sources.digest = source::PolicyDigest(contents);
  return sources;
}

}  // namespace refund::syntax
