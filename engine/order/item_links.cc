// The rules that tie items to each other: `parent` names another item and no item is its own
// ancestor; `request.items` names existing items, each once. Runs after every item was read.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "engine/order/order_parts.h"

namespace refund::order {
namespace {

using IdIndex = std::map<std::string_view, int, std::less<>>;

IdIndex IndexIds(const std::vector<Item>& items) {
  IdIndex index;
  for (size_t i = 0; i < items.size(); ++i) index.emplace(items[i].id, static_cast<int>(i));
  return index;
}

std::string ParentPath(int item) { return fmt::format("/items/{}/parent", item); }

// Follows parent links from `start`; every item on the way is marked 1 (on this walk) and then
// 2 (known to reach a root). Meeting a 1 means a cycle: reported at its lowest index.
bool WalkAncestors(FieldReader& reader, const std::vector<Item>& items, int start,
                   std::vector<int>& mark) {
  std::vector<int> walk;
  int at = start;
  while (at >= 0 && mark[at] == 0) {
    mark[at] = 1;
    walk.push_back(at);
    at = items[at].parent_index;
  }
  if (at >= 0 && mark[at] == 1) {
    size_t from = 0;
    while (walk[from] != at) ++from;
    int lowest = at;
    std::string chain;
    for (size_t k = from; k < walk.size(); ++k) {
      lowest = std::min(lowest, walk[k]);
      chain += fmt::format("{} -> ", items[walk[k]].id);
    }
    chain += items[at].id;
    return reader.Fail(ParentPath(lowest),
                       fmt::format("item {} is its own ancestor ({})", Quote(items[lowest].id),
                                   chain));
  }
  for (int visited : walk) mark[visited] = 2;
  return true;
}

}  // namespace

bool LinkParents(FieldReader& reader, std::vector<Item>& items) {
  IdIndex index = IndexIds(items);
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].parent) continue;
    auto found = index.find(*items[i].parent);
    if (found == index.end()) {
      return reader.Fail(ParentPath(static_cast<int>(i)),
                         fmt::format("no item has id {}", Quote(*items[i].parent)));
    }
    items[i].parent_index = found->second;
  }
  std::vector<int> mark(items.size(), 0);
  for (size_t i = 0; i < items.size(); ++i) {
    if (!WalkAncestors(reader, items, static_cast<int>(i), mark)) return false;
  }
  return true;
}

bool ResolveRequestItems(FieldReader& reader, const Node& ids, const std::vector<Item>& items,
                         Request& request) {
  if (!ids.present()) return true;
  std::vector<std::string> names;
  if (!reader.Strings(ids, names)) return false;
  if (names.empty()) {
    return reader.Fail(ids.path, "expected at least one item id, got an empty array "
                                 "(leave request.items out to ask for every line)");
  }
  IdIndex index = IndexIds(items);
  std::vector<bool> taken(items.size(), false);
  for (size_t k = 0; k < names.size(); ++k) {
    std::string path = fmt::format("{}/{}", ids.path, k);
    auto found = index.find(names[k]);
    if (found == index.end()) {
      return reader.Fail(path, fmt::format("no item has id {}", Quote(names[k])));
    }
    if (taken[found->second]) {
      return reader.Fail(path, fmt::format("item {} is requested twice", Quote(names[k])));
    }
    taken[found->second] = true;
    request.items.push_back(found->second);
  }
  request.items_given = true;
  return true;
}

}  // namespace refund::order
