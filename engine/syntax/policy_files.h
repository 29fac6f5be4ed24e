// Reading a policy from disk: its root file and every file it includes, each parsed into a
// syntax tree, with one digest over all of them. Problems are diagnostics, never exceptions.
//
//   syntax::PolicySources sources = syntax::LoadPolicySources("rules/my-policy");
//   for (const syntax::SyntaxFile& file : sources.files) { ... file.root ... }
//
// A policy path is a directory (its `policy.yaml` is the root) or a single `.yaml` file (its
// directory is the policy directory). A file may have a top-level `include:` list of paths
// relative to its own directory; each must stay inside the policy directory.
//
// Codes: S010 include cycle, S011 file not found, S012 a directory or special file where a yaml
// file belongs (or a file that is not yaml), S013 `include` is not a list of paths, S014 an
// include leaves the policy directory, S015 unreadable file, S016 includes nest too deep,
// S017 file too large; and ParseYaml's S001-S006.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/source/read_file.h"
#include "engine/source/source_file.h"
#include "engine/syntax/node.h"
#include "refund/diagnostics.h"

namespace refund::syntax {

inline constexpr int kMaxIncludeDepth = 32;              // files in one chain of includes
inline constexpr size_t kMaxFileBytes = source::kMaxFileBytes;  // 8 MiB per policy file

struct SyntaxFile {
  // Inside the policy directory, '/'-separated and normalized: "policy.yaml", "windows/eu.yaml".
  std::string relative_path;
  // path() is what diagnostics show: the policy path as the user named it joined with
  // relative_path ("rules/my-policy/windows/eu.yaml"). Owns the text `root` points into.
  std::shared_ptr<const source::SourceFile> source;
  std::optional<Node> root;  // nullopt when the file is unusable (see ParseYaml)
};

struct PolicySources {
  // The root file first, then included files depth-first in `include` order, each once.
  std::vector<SyntaxFile> files;
  std::vector<Diagnostic> diagnostics;
  // PolicyDigest (source/digest.h) over every file read, by relative_path.
  std::string digest;
  // The path as named, or its root file, could not be used (missing, not a policy, not a regular
  // file, unreadable): the caller named the wrong thing, rather than the policy being broken.
  bool root_unusable = false;
};

PolicySources LoadPolicySources(std::string path);

}  // namespace refund::syntax
