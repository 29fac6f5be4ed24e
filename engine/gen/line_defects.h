// Breaking a valid generated order line on purpose, in one of several ways orders.md rejects,
// so that tools reading generated data meet invalid input as they will in production.
#pragma once

#include <cstdint>
#include <string>

namespace refund::gen {

inline constexpr uint64_t kDefectKinds = 6;

// Applies defect `kind` (< kDefectKinds) to `line` (one JSON object, no newline): truncated
// JSON, money as a JSON number, a timestamp without offset, an unknown status, a missing
// `request`, a lowercase currency.
void BreakLine(std::string& line, uint64_t kind);

}  // namespace refund::gen
