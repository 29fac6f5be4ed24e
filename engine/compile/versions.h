// Effective-dated policy versions: a policy directory whose `versions.yaml` lists complete
// policies, each in force from its `effective_from` until the next one's. Reading and checking
// the list, compiling every version, and picking one by `POLICY@VERSION`.
//
//   # rules/my-policy/versions.yaml
//   anchor: request.at            # or paid_at
//   versions:
//     - path: 2026.1              # a policy directory or .yaml file, relative to this directory
//       effective_from: "2026-01-01T00:00:00+08:00"
//
// Codes: V101 unknown key, V102 something required missing, V103 wrong shape, V104 invalid
// value (anchor, timestamp, path outside the directory), V105 versions out of date order, V106
// overlapping versions (the same effective_from), V107 duplicate path or version, V108 versions
// disagree on what reads orders (name, currency, payment-type aliases), V109 both policy.yaml
// and versions.yaml, V110 unknown version in POLICY@VERSION.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "refund/diagnostics.h"
#include "refund/policy.h"

namespace refund::compile {

inline constexpr const char* kVersionsFileName = "versions.yaml";

// A policy compiled with its diagnostics; `policy` null on any error.
struct CompiledWithDiagnostics {
  std::shared_ptr<const CompiledPolicy> policy;
  std::vector<Diagnostic> diagnostics;
  bool path_unusable = false;  // see CompileResult::path_unusable
};

// One policy without versions (compile_policy.cc).
CompiledWithDiagnostics CompileSinglePolicy(const std::string& path);

// Whether `path` is a directory holding a versions.yaml.
bool HasVersionsFile(const std::string& path);

// Every version listed in `directory`/versions.yaml, checked and compiled.
CompiledWithDiagnostics CompileVersionedPolicy(const std::string& directory);

// "rules/p@2026.2" -> {"rules/p", "2026.2"} when the path as written does not exist and has an
// `@` after its last '/'; otherwise {path, nullopt}.
std::pair<std::string, std::optional<std::string>> SplitVersionSuffix(const std::string& path);

// The version of `all` whose `policy.version` is `version` (V110 when there is none; a policy
// without versions is its own single version).
CompiledWithDiagnostics SelectVersion(CompiledWithDiagnostics all, const std::string& version,
                                      const std::string& written);

}  // namespace refund::compile
