// The rules that tie items to each other: ids are unique, `parent` names another item and no
// item is its own ancestor; `request.items` names existing items, each once; the paid amounts
// add up within int64. Runs after every item was read, for both readers (order_parts.h).
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "engine/order/order_parts.h"

namespace refund::order {
namespace {

// Orders with at most this many items (nearly all) find ids by scanning the items; larger
// ones through a sorted index, so that a hostile order with many items stays n log n.
constexpr size_t kScanItems = 16;

// Finds items by id without allocating for a usual order.
class ItemIndex {
 public:
  explicit ItemIndex(const std::vector<Item>& items) : items_(items) {
    if (items.size() <= kScanItems) return;
    sorted_.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      sorted_.emplace_back(items[i].id, static_cast<int>(i));
    }
    std::sort(sorted_.begin(), sorted_.end());
  }

  // The index of the first item with this id, -1 when there is none.
  int Find(std::string_view id) const {
    if (sorted_.empty()) {
      for (size_t i = 0; i < items_.size(); ++i)
        if (items_[i].id == id) return static_cast<int>(i);
      return -1;
    }
    auto found = std::lower_bound(sorted_.begin(), sorted_.end(), std::make_pair(id, -1));
    return found != sorted_.end() && found->first == id ? found->second : -1;
  }

 private:
  const std::vector<Item>& items_;
  std::vector<std::pair<std::string_view, int>> sorted_;  // (id, index); empty when scanning
};

std::string ParentPath(int item) { return fmt::format("/items/{}/parent", item); }

// Follows parent links from `start`; every item on the way is marked 1 (on this walk) and then
// 2 (known to reach a root). Meeting a 1 means a cycle: reported at its lowest index. `walk` is
// scratch space, reused across calls.
bool WalkAncestors(FieldReader& reader, const std::vector<Item>& items, int start,
                   std::vector<int>& mark, std::vector<int>& walk) {
  walk.clear();
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
    for (size_t k = from; k < walk.size(); ++k) lowest = std::min(lowest, walk[k]);
    // The cycle as it runs, its first kShownLinks ids at most: a cycle through 100k items
    // would otherwise make a megabyte-long message.
    constexpr size_t kShownLinks = 8;
    std::string chain;
    for (size_t k = from; k < walk.size() && k - from < kShownLinks; ++k)
      chain += fmt::format("{} -> ", ShownPart(items[walk[k]].id));
    if (walk.size() - from > kShownLinks) chain += fmt::format("... ({} items) -> ", walk.size() - from);
    chain += ShownPart(items[at].id);
    return reader.Fail(ParentPath(lowest),
                       fmt::format("item {} is its own ancestor ({})", Quote(items[lowest].id),
                                   chain));
  }
  for (int visited : walk) mark[visited] = 2;
  return true;
}

}  // namespace

bool ItemIdsUnique(const std::vector<Item>& items) {
  if (items.size() <= kScanItems) {
    for (size_t i = 0; i < items.size(); ++i)
      for (size_t j = 0; j < i; ++j)
        if (items[i].id == items[j].id) return false;
    return true;
  }
  std::vector<std::string_view> ids;
  ids.reserve(items.size());
  for (const Item& item : items) ids.push_back(item.id);
  std::sort(ids.begin(), ids.end());
  return std::adjacent_find(ids.begin(), ids.end()) == ids.end();
}

bool LinkParents(FieldReader& reader, std::vector<Item>& items) {
  ItemIndex index(items);
  bool any_parent = false;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].parent) continue;
    int found = index.Find(*items[i].parent);
    if (found < 0) {
      return reader.Fail(ParentPath(static_cast<int>(i)),
                         fmt::format("no item has id {}", Quote(*items[i].parent)));
    }
    items[i].parent_index = found;
    any_parent = true;
  }
  if (!any_parent) return true;  // no links, no cycles
  std::vector<int> mark(items.size(), 0), walk;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!WalkAncestors(reader, items, static_cast<int>(i), mark, walk)) return false;
  }
  return true;
}

bool ResolveRequestItems(FieldReader& reader, const Node& ids, const std::vector<Item>& items,
                         Request& request) {
  if (!ids.present()) return true;
  std::vector<std::string> names;
  if (!reader.Strings(ids, names)) return false;
  std::vector<std::string_view> views(names.begin(), names.end());
  return ResolveRequestItems(reader, ids.path, views, items, request);
}

bool ResolveRequestItems(FieldReader& reader, std::string_view path,
                         std::span<const std::string_view> ids, const std::vector<Item>& items,
                         Request& request) {
  if (ids.empty()) {
    return reader.Fail(std::string(path), "expected at least one item id, got an empty array "
                                          "(leave request.items out to ask for every line)");
  }
  ItemIndex index(items);
  std::vector<bool> taken(items.size(), false);
  for (size_t k = 0; k < ids.size(); ++k) {
    int found = index.Find(ids[k]);
    if (found < 0) {
      return reader.Fail(fmt::format("{}/{}", path, k),
                         fmt::format("no item has id {}", Quote(ids[k])));
    }
    if (taken[found]) {
      return reader.Fail(fmt::format("{}/{}", path, k),
                         fmt::format("item {} is requested twice", Quote(ids[k])));
    }
    taken[found] = true;
    request.items.push_back(found);
  }
  request.items_given = true;
  return true;
}

bool CheckPaidSum(FieldReader& reader, const std::vector<Item>& items, Currency currency) {
  int64_t sum = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const Tenders& p = items[i].paid;
    const std::pair<const char*, int64_t> parts[] = {
        {"cash", p.cash}, {"stored_card", p.stored_card}, {"voucher", p.voucher}, {"coupon", p.coupon}};
    for (const auto& [tender, minor] : parts) {
      if (!__builtin_add_overflow(sum, minor, &sum)) continue;
      return reader.Fail(fmt::format("/items/{}/paid/{}", i, tender),
                         fmt::format("the order's paid amounts add up to more than {} {}",
                                     FormatMinor(INT64_MAX, currency.digits()), currency.code()));
    }
  }
  return true;
}

}  // namespace refund::order
