// JSON string literals for decisions.md output, written without building a nlohmann::json.
#pragma once

#include <string>
#include <string_view>

namespace refund::eval {

// Appends `s` as a JSON string literal, byte for byte what nlohmann's dump() gives: `"` and `\`
// escaped, \b \f \n \r \t short, other control characters as \u00XX (lowercase hex), everything
// else (DEL, valid UTF-8) passed through. Invalid UTF-8 is handed to nlohmann, which throws its
// type_error 316, as the output always did.
void AppendJsonString(std::string_view s, std::string& out);

}  // namespace refund::eval
