// Internal to syntax: how a scalar was written, and which source byte each byte of its value
// came from (quotes, escapes, folding, block indentation undone in reverse).
#pragma once

#include <cstddef>
#include <string_view>

#include "engine/syntax/node.h"

namespace refund::syntax {

// Skips an anchor (`&a`), tag (`!!str`) and the blanks after them from `mark_offset` (where
// yaml-cpp puts a node's mark); returns the offset of the scalar's first character.
size_t SkipNodeProperties(std::string_view source, size_t mark_offset);
// The style of the scalar whose first character is at `offset`.
ScalarStyle ScalarStyleAt(std::string_view source, size_t offset);
// The source offset holding byte `value_offset` of `value`, a scalar of `style` starting at
// `offset`. value.size() maps to just after the last character (a closing quote).
size_t SourceOffsetOf(std::string_view source, size_t offset, ScalarStyle style,
                      std::string_view value, size_t value_offset);

}  // namespace refund::syntax
