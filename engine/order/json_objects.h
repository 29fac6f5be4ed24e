// Objects of known keys and arrays over the fast reader's token cursor (json_tokens.h): the JSON
// structure ParseOrderFast (order_fast.cc) walks, apart from which objects orders.md has. Each
// reader returns false where the text is anything it does not handle, so that the fast reader
// can give up; internal to engine/order, inline because it is the fast reader's inner loop.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "engine/order/json_tokens.h"

namespace refund::order {

// A field of one kind of object: its key and whether orders.md requires it (present, not null).
struct FieldSpec {
  std::string_view key;
  bool required = false;
};

// The keys one object has shown so far, to give up on a key given twice (the tree reader names
// it): the object's own fields by bit, unknown keys by value, up to kMaxOtherKeys of them. One
// is made for every object read, so unknown keys are kept as starts and sizes in plain arrays,
// left uninitialised, rather than as string_views, which would be zeroed every time.
class SeenKeys {
 public:
  static constexpr size_t kMaxOtherKeys = 8;

  // False when `key` (at `field` in the object's table, -1 when not in it) came before.
  bool Add(int field, std::string_view key) {
    if (field >= 0) {
      const uint32_t bit = uint32_t{1} << field;
      if ((fields_ & bit) != 0) return false;
      fields_ |= bit;
      return true;
    }
    for (size_t i = 0; i < other_count_; ++i)
      if (std::string_view(other_starts_[i], other_sizes_[i]) == key) return false;
    if (other_count_ == kMaxOtherKeys) return false;
    other_starts_[other_count_] = key.data();
    other_sizes_[other_count_++] = key.size();
    return true;
  }

  bool Has(size_t field) const { return ((fields_ >> field) & 1) != 0; }

 private:
  uint32_t fields_ = 0;
  std::array<const char*, kMaxOtherKeys> other_starts_;
  std::array<size_t, kMaxOtherKeys> other_sizes_;
  size_t other_count_ = 0;
};

// The field after `field` among `count`, the first after the last.
inline size_t FieldAfter(size_t field, size_t count) { return field + 1 == count ? 0 : field + 1; }

// The index of `key` in `fields`, -1 when it is not there. Keys mostly come in the order of the
// tables (orders.md's, the generator's), so the search starts at `from`, the field after the last
// one found, and wraps around.
inline int FieldIndex(std::span<const FieldSpec> fields, std::string_view key, size_t from) {
  for (size_t k = 0, i = from; k < fields.size(); ++k, i = FieldAfter(i, fields.size())) {
    if (SameText(fields[i].key, key)) return static_cast<int>(i);
  }
  return -1;
}

// Reads one object whose own fields are `fields`: `member(field)` reads the value of each of
// them; values under other keys are skipped. Gives up on a repeated key or a missing required
// field.
template <typename Field, typename Member>
bool ReadObject(Tokens& tokens, std::span<const FieldSpec> fields, Member&& member) {
  if (!tokens.Take('{')) return false;
  SeenKeys seen;
  size_t next = 0;  // the field whose key is expected next
  if (!tokens.Take('}')) {
    do {
      std::string_view key;
      int field = static_cast<int>(next);
      if (!tokens.Key(fields[next].key)) {
        if (!tokens.String(key)) return false;
        field = FieldIndex(fields, key, next);
      }
      if (!tokens.Take(':')) return false;
      if (field >= 0) next = FieldAfter(static_cast<size_t>(field), fields.size());
      if (!seen.Add(field, key)) return false;
      if (!(field < 0 ? tokens.SkipScalar() : member(static_cast<Field>(field)))) return false;
    } while (tokens.Take(','));
    if (!tokens.Take('}')) return false;
  }
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].required && !seen.Has(i)) return false;
  return true;
}

// Reads one array, `element()` reading each element.
template <typename Element>
bool ReadArray(Tokens& tokens, Element&& element) {
  if (!tokens.Take('[')) return false;
  if (tokens.Take(']')) return true;
  do {
    if (!element()) return false;
  } while (tokens.Take(','));
  return tokens.Take(']');
}

}  // namespace refund::order
