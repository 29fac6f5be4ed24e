// The `{name}` placeholders of reason messages: which names exist where, so the checker can
// reject a placeholder a rule cannot fill, and eval can fill the rest.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/model/policy.h"
#include "engine/model/policy_builder.h"

namespace refund::model {

// The names inside `{...}` in `text`, in order ("{{" is a literal brace).
std::vector<std::string> PlaceholderNames(std::string_view text);

// `text` as literal runs and placeholders: `{{` and `}}` are literal braces, `{name}` names a
// fact, and a `{` without a closing `}` or a lone `}` is kept as it is.
std::vector<MessagePiece> CutMessageText(std::string_view text);

// The placeholders of `text` that a message at `site` (for `rule`, when known) cannot fill.
std::vector<std::string> UnfillablePlaceholders(std::string_view text, MessageSite site,
                                                const Policy& policy, const Rule* rule);

}  // namespace refund::model
