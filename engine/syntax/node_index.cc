// NodeIndex: one walk over the mirror, preorder, lists before maps' entries (see node_index.h).
#include "engine/syntax/node_index.h"

namespace refund::syntax {
namespace {

constexpr int kMaxDepth = 64;  // as the linear searches it replaces, and as deep as ParseYaml nests

}  // namespace

NodeIndex::NodeIndex(const std::vector<const Node*>& roots) {
  for (const Node* root : roots)
    if (root) Add(*root, 0);
}

void NodeIndex::Add(const Node& node, int depth) {
  if (depth > kMaxDepth) return;
  const Location at = node.location();
  nodes_.emplace(std::tuple{node.file().path(), at.line, at.column, node.kind()}, &node);
  for (const Node& item : node.items()) Add(item, depth + 1);
  for (const MapEntry& entry : node.entries()) {
    const Location key_at = entry.key.location();
    values_of_keys_.emplace(Key{entry.key.file().path(), key_at.line, key_at.column}, &entry.value);
    Add(entry.key, depth + 1);
    Add(entry.value, depth + 1);
  }
}

const Node* NodeIndex::At(const std::string& file, int line, int column, NodeKind kind) const {
  auto it = nodes_.find(std::tuple{file, line, column, kind});
  return it == nodes_.end() ? nullptr : it->second;
}

const Node* NodeIndex::ValueOfKeyAt(const std::string& file, int line, int column) const {
  auto it = values_of_keys_.find(Key{file, line, column});
  return it == values_of_keys_.end() ? nullptr : it->second;
}

}  // namespace refund::syntax
