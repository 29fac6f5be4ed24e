// Finds the YAML node written at a line and column (where a model construct says it came from)
// in O(log n), for the stages that point diagnostics back at tokens after the model is built.
// Built once per policy in one walk: looking each construct up by walking the whole tree made
// compiling quadratic in the number of rules (10,000 rules: 10 s).
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "engine/syntax/node.h"

namespace refund::syntax {

class NodeIndex {
 public:
  // Indexes every node under `roots` (null roots are skipped), to the depth ParseYaml allows.
  explicit NodeIndex(const std::vector<const Node*>& roots);

  // The first node of `kind` (in document order) written at file:line:column; nullptr if none.
  const Node* At(const std::string& file, int line, int column, NodeKind kind) const;
  const Node* MapAt(const std::string& file, int line, int column) const {
    return At(file, line, column, NodeKind::kMap);
  }
  // The value of the first map entry whose key is written at file:line:column; nullptr if none.
  const Node* ValueOfKeyAt(const std::string& file, int line, int column) const;

 private:
  using Key = std::tuple<std::string, int, int>;
  void Add(const Node& node, int depth);

  std::map<std::tuple<std::string, int, int, NodeKind>, const Node*> nodes_;
  std::map<Key, const Node*> values_of_keys_;
};

}  // namespace refund::syntax
