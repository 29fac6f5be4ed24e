// YAML text -> syntax::Node, the only place yaml-cpp is called and its exceptions are caught.
// Any input gives a result: a malformed, hostile or non-UTF-8 file gives diagnostics.
//
//   source::SourceFile file("rules/my-policy/policy.yaml", text);
//   syntax::ParsedYaml parsed = syntax::ParseYaml(file);   // file must outlive parsed.root
//   if (parsed.root && parsed.root->IsMap()) ...
//
// Codes: S001 invalid YAML, S002 duplicate key, S003 too many nodes (alias bomb), S004 nesting
// too deep, S005 not UTF-8, S006 more than one document.
#pragma once

#include <optional>
#include <vector>

#include "engine/source/source_file.h"
#include "engine/syntax/node.h"
#include "refund/diagnostics.h"

namespace refund::syntax {

inline constexpr int kMaxNodes = 100'000;  // after expanding aliases
inline constexpr int kMaxDepth = 64;       // nested collections, the root being level 1

struct ParsedYaml {
  // The document; an empty file is a null node at 1:1. nullopt when the file is unusable
  // (S001, S003, S004, S005). Duplicate keys (S002) and extra documents (S006) keep it.
  std::optional<Node> root;
  std::vector<Diagnostic> diagnostics;
};

ParsedYaml ParseYaml(const source::SourceFile& file);

}  // namespace refund::syntax
