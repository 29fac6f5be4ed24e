// The common case of ParseJsonTree without nlohmann: one well-formed object whose strings have
// no escapes and whose numbers are plain integers, without duplicate keys, within the depth
// limit. Anything else (including every error) gives nullopt, and ParseJsonTree then parses the
// text with nlohmann, which decides and words the error: both paths build the same tree.
#pragma once

#include <optional>
#include <string_view>

#include "engine/order/json_tree.h"

namespace refund::order {

// `text` must already be valid UTF-8.
std::optional<JsonTreeResult> ParseCommonJsonTree(std::string_view text);

}  // namespace refund::order
