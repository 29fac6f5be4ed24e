// YAML (the syntax mirror) -> JSON, for orders and expectations written in test files.
// Quoted scalars are strings; plain scalars are null, booleans, integers, decimals or strings
// as YAML 1.2's core schema reads them, so money must be quoted ("12.50"), as in orders.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/syntax/node.h"

namespace refund::policytest {

nlohmann::json NodeToJson(const syntax::Node& node);

}  // namespace refund::policytest
