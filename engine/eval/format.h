// Money, dates and policy words as a reader sees them, per language: `¥2,850.00`,
// `7 Mar 2026 00:00` / `2026年3月7日 00:00`, and a policy's `labels` for its own words
// (`system_disk` -> "system disk" / "系统盘"). Used by reason messages and explanations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "refund/policy.h"
#include "refund/time.h"

namespace refund::eval {

std::string FormatMoney(int64_t minor, std::string_view currency, int digits);
std::string FormatDateTime(Instant at, const TimeZone& zone, Language language);
// The same, appended to `out` (reason messages are written in place).
void AppendMoney(std::string& out, int64_t minor, std::string_view currency, int digits);
void AppendDateTime(std::string& out, Instant at, const TimeZone& zone, Language language);
std::string FormatOffset(Instant at, const TimeZone& zone);  // "UTC+8", "UTC+5:30"
// A fraction as the percentage it was written as: 0.1 -> "10%", 0.125 -> "12.5%".
void AppendPercent(std::string& out, const Ratio& fraction);
std::string FormatPercent(const Ratio& fraction);
// The policy's label for `word` in `language`, if it declares one.
std::optional<std::string> FindLabel(const model::Policy& policy, std::string_view word, Language language);
// The label, or else the word with `_` and `-` read as spaces (`used_days` -> "used days").
std::string Label(const model::Policy& policy, std::string_view word, Language language);

}  // namespace refund::eval
