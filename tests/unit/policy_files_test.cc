// Tests for engine/syntax/policy_files.h: finding a policy's files on disk, following includes
// and digesting what was read. Every test builds its files in a fresh temporary directory.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "engine/source/digest.h"
#include "engine/syntax/policy_files.h"
#include "refund/policy.h"

namespace refund::syntax {
namespace {

namespace fs = std::filesystem;

// A fresh directory for one test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter = 0;
    path_ = fs::temp_directory_path() / ("refund-policy-files-" + std::to_string(::getpid()) +
                                         "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string path() const { return path_.string(); }
  std::string Write(const std::string& relative, const std::string& text) const {
    const fs::path file = path_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }

 private:
  fs::path path_;
};

// "relative: code line:col message", one per line, with the temp directory cut from paths.
std::string Problems(const PolicySources& sources, const std::string& root) {
  std::string out;
  for (const Diagnostic& d : sources.diagnostics) {
    std::string file = d.file;
    if (file.starts_with(root + "/")) file = file.substr(root.size() + 1);
    out += file + ": " + d.code + " " + std::to_string(d.line) + ":" + std::to_string(d.column) +
           " " + d.message + "\n";
  }
  return out;
}

std::string Relatives(const PolicySources& sources) {
  std::string out;
  for (const SyntaxFile& file : sources.files) out += (out.empty() ? "" : " ") + file.relative_path;
  return out;
}

TEST_CASE("a policy directory loads its policy.yaml under the name the user gave") {
  TempDir dir;
  dir.Write("policy.yaml", "currency: CNY\n");
  for (const std::string& named : {dir.path(), dir.path() + "/"}) {
    CAPTURE(named);
    const PolicySources sources = LoadPolicySources(named);
    CHECK(Problems(sources, dir.path()) == "");
    REQUIRE(sources.files.size() == 1);
    CHECK(sources.files[0].relative_path == "policy.yaml");
    CHECK(sources.files[0].source->path() == dir.path() + "/policy.yaml");
    REQUIRE(sources.files[0].root);
    CHECK(sources.files[0].root->Dump() == "{currency: CNY}");
  }
}

TEST_CASE("a single yaml file is a policy whose directory holds its includes") {
  TempDir dir;
  const std::string named = dir.Write("cn.yaml", "include: [parts/w.yaml]\n");
  dir.Write("parts/w.yaml", "windows: {}\n");
  const PolicySources sources = LoadPolicySources(named);
  CHECK(Problems(sources, dir.path()) == "");
  CHECK(Relatives(sources) == "cn.yaml parts/w.yaml");
  CHECK(sources.files[0].source->path() == named);
  CHECK(sources.files[1].source->path() == dir.path() + "/parts/w.yaml");
}

TEST_CASE("includes load depth-first, relative to the including file, each file once") {
  TempDir dir;
  dir.Write("policy.yaml", "include:\n  - windows.yaml\n  - parts/rules.yaml\n");
  dir.Write("windows.yaml", "include: [shared.yaml]\n");
  dir.Write("parts/rules.yaml", "include: [../shared.yaml, ./more.yaml]\n");
  dir.Write("parts/more.yaml", "x: 1\n");
  dir.Write("shared.yaml", "y: 2\n");
  const PolicySources sources = LoadPolicySources(dir.path());
  CHECK(Problems(sources, dir.path()) == "");
  CHECK(Relatives(sources) ==
        "policy.yaml windows.yaml shared.yaml parts/rules.yaml parts/more.yaml");
}

TEST_CASE("include mistakes are reported at the include entry") {
  struct File { const char* path; const char* text; };
  struct Row { const char* name; std::vector<File> files; std::string problems; };
  const Row rows[] = {
      {"a file including itself", {{"policy.yaml", "include: [policy.yaml]\n"}},
       "policy.yaml: S010 1:11 include cycle: `policy.yaml` -> `policy.yaml`\n"},
      {"a longer cycle",
       {{"policy.yaml", "include: [a.yaml]\n"}, {"a.yaml", "include: [sub/b.yaml]\n"},
        {"sub/b.yaml", "include:\n  - ../a.yaml\n"}},
       "sub/b.yaml: S010 2:5 include cycle: `a.yaml` -> `sub/b.yaml` -> `a.yaml`\n"},
      {"a misspelt file", {{"policy.yaml", "include: [windws.yaml]\n"}, {"windows.yaml", ""}},
       "policy.yaml: S011 1:11 file `windws.yaml` not found\n"},
      {"a directory", {{"policy.yaml", "include: [parts]\n"}, {"parts/a.yaml", ""}},
       "policy.yaml: S012 1:11 `parts` is a directory, expected a yaml file\n"},
      {"a path that is not a list", {{"policy.yaml", "include: a.yaml\n"}},
       "policy.yaml: S013 1:10 `include` must be a list of relative paths\n"},
      {"an entry that is not a path", {{"policy.yaml", "include: [{a: b}, '']\n"}},
       "policy.yaml: S013 1:11 an `include` entry must be a path, found a map\n"
       "policy.yaml: S013 1:19 an `include` entry must be a path, found a scalar\n"},
      {"a path leaving the directory", {{"policy.yaml", "include: [../x.yaml, /etc/passwd]\n"}},
       "policy.yaml: S014 1:11 include `../x.yaml` is outside the policy directory\n"
       "policy.yaml: S014 1:22 include `/etc/passwd` is outside the policy directory\n"},
      {"broken yaml in an included file",
       {{"policy.yaml", "include: [a.yaml]\n"}, {"a.yaml", "x: [1,\n"}},
       "a.yaml: S001 2:1 invalid yaml: end of sequence flow not found\n"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    TempDir dir;
    for (const File& file : row.files) dir.Write(file.path, file.text);
    const PolicySources sources = LoadPolicySources(dir.path());
    CHECK(Problems(sources, dir.path()) == row.problems);
  }
}

TEST_CASE("a missing include suggests the nearest yaml file beside it") {
  TempDir dir;
  dir.Write("policy.yaml", "include: [parts/windws.yaml]\n");
  dir.Write("parts/windows.yaml", "");
  dir.Write("parts/windows.txt", "");
  const PolicySources sources = LoadPolicySources(dir.path());
  REQUIRE(sources.diagnostics.size() == 1);
  CHECK(sources.diagnostics[0].help == "did you mean `parts/windows.yaml`?");
  CHECK(sources.diagnostics[0].source_line == "include: [parts/windws.yaml]");
  CHECK(sources.diagnostics[0].length == 17);
}

TEST_CASE("a policy path that is not there or not a policy is reported without a line") {
  TempDir dir;
  dir.Write("cloud-cn/policy.yaml", "");
  dir.Write("empty/policy.yml", "");
  dir.Write("notes.txt", "");
  struct Row { std::string named; std::string problems; std::optional<std::string> help; };
  const Row rows[] = {
      {dir.path() + "/cloud-ch", "cloud-ch: S011 0:0 policy `" + dir.path() + "/cloud-ch` not found\n",
       "did you mean `" + dir.path() + "/cloud-cn`?"},
      {dir.path() + "/empty",
       "empty/policy.yaml: S011 0:0 file `" + dir.path() + "/empty/policy.yaml` not found\n",
       "did you mean `policy.yml`?"},
      {dir.path() + "/notes.txt",
       "notes.txt: S012 0:0 `" + dir.path() + "/notes.txt` is not a policy directory or a yaml file\n",
       "name a directory holding `policy.yaml`, or a `.yaml` file"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.named);
    const PolicySources sources = LoadPolicySources(row.named);
    CHECK(Problems(sources, dir.path()) == row.problems);
    REQUIRE(sources.diagnostics.size() == 1);
    CHECK(sources.diagnostics[0].help == row.help);
    CHECK(sources.files.empty());
  }
}

TEST_CASE("special files and escaping symbolic links are refused") {
  TempDir dir;
  TempDir outside;
  const std::string secret = outside.Write("secret.yaml", "x: 1\n");
  dir.Write("policy.yaml", "include: [pipe.yaml, link.yaml]\n");
  REQUIRE(::mkfifo((dir.path() + "/pipe.yaml").c_str(), 0600) == 0);
  fs::create_symlink(secret, dir.path() + "/link.yaml");
  const PolicySources sources = LoadPolicySources(dir.path());
  CHECK(Problems(sources, dir.path()) ==
        "policy.yaml: S012 1:11 `pipe.yaml` is not a regular file, expected a yaml file\n"
        "policy.yaml: S014 1:22 include `link.yaml` is outside the policy directory\n");
}

TEST_CASE("the digest covers every file read, by its path inside the policy directory") {
  TempDir dir;
  dir.Write("policy.yaml", "include: [w.yaml]\n");
  const std::string named_file = dir.path() + "/policy.yaml";
  dir.Write("w.yaml", "a: 1\n");
  dir.Write("tests/case.yaml", "not: loaded\n");
  const PolicySources by_directory = LoadPolicySources(dir.path());
  CHECK(by_directory.digest == source::PolicyDigest({{"policy.yaml", "include: [w.yaml]\n"},
                                                     {"w.yaml", "a: 1\n"}}));
  CHECK(LoadPolicySources(named_file).digest == by_directory.digest);
  dir.Write("w.yaml", "a: 2\n");
  CHECK(LoadPolicySources(dir.path()).digest != by_directory.digest);
}

TEST_CASE("a path that names nothing to load is the caller's mistake; a broken policy is not") {
  TempDir dir;
  dir.Write("notes.txt", "");
  fs::create_directories(dir.path() + "/empty");
  REQUIRE(::mkfifo((dir.path() + "/pipe.yaml").c_str(), 0600) == 0);
  fs::create_directories(dir.path() + "/fifo-root");
  REQUIRE(::mkfifo((dir.path() + "/fifo-root/policy.yaml").c_str(), 0600) == 0);
  fs::create_directories(dir.path() + "/zero-root");
  fs::create_symlink("/dev/zero", dir.path() + "/zero-root/policy.yaml");
  dir.Write("bad-include/policy.yaml", "include: [missing.yaml]\n");
  dir.Write("bad-yaml/policy.yaml", "a: [\n");
  dir.Write("huge/policy.yaml", std::string(kMaxFileBytes + 1, '#'));
  dir.Write("versions-fifo/.keep", "");
  REQUIRE(::mkfifo((dir.path() + "/versions-fifo/versions.yaml").c_str(), 0600) == 0);
  dir.Write("versions-missing/versions.yaml", "versions:\n  - {path: v1, effective_from: \"2026-01-01T00:00:00+08:00\"}\n");
  struct Row { std::string named; bool unusable; };
  const Row rows[] = {
      {"missing", true},      {"empty", true},          {"notes.txt", true},        {"pipe.yaml", true},
      {"fifo-root", true},    {"zero-root", true},      {"versions-fifo", true},    {"bad-include", false},
      {"bad-yaml", false},    {"huge", false},          {"versions-missing", false},
  };
  for (const Row& row : rows) {
    CAPTURE(row.named);
    const CompileResult compiled = CompilePolicy(dir.path() + "/" + row.named);
    CHECK_FALSE(compiled.ok());
    CHECK(compiled.path_unusable() == row.unusable);
    if (!fs::exists(dir.path() + "/" + row.named + "/versions.yaml"))
      CHECK(LoadPolicySources(dir.path() + "/" + row.named).root_unusable == row.unusable);
  }
}

TEST_CASE("a chain of 32 includes loads, a 33rd file is refused") {
  // policy.yaml includes f1.yaml, which includes f2.yaml, ...: `files` files in one chain.
  const auto chain = [](const TempDir& dir, int files) {
    dir.Write("policy.yaml", "include: [f1.yaml]\n");
    for (int k = 1; k < files; ++k)
      dir.Write("f" + std::to_string(k) + ".yaml",
                k + 1 < files ? "include: [f" + std::to_string(k + 1) + ".yaml]\n" : "x: 1\n");
  };
  TempDir at_limit;
  chain(at_limit, kMaxIncludeDepth);
  const PolicySources loaded = LoadPolicySources(at_limit.path());
  CHECK(Problems(loaded, at_limit.path()) == "");
  CHECK(loaded.files.size() == static_cast<size_t>(kMaxIncludeDepth));

  TempDir past;
  chain(past, kMaxIncludeDepth + 1);
  const std::string problems = Problems(LoadPolicySources(past.path()), past.path());
  CHECK(problems.find("S016") != std::string::npos);
  CHECK(problems.find("includes nest deeper than `32` files") != std::string::npos);
}

}  // namespace
}  // namespace refund::syntax
