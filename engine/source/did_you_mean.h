// The one edit-distance helper behind every "did you mean `x`?" (keys, fields, codes, windows,
// types, file names).
//
//   DidYouMean("payed_at", {"paid_at", "created_at"});   // "paid_at"
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace refund::source {

// Optimal string alignment distance (Damerau-Levenshtein where no substring is edited twice):
// insertions, deletions, substitutions and swaps of two adjacent characters each cost 1.
// Counts characters (UTF-8 code points), not bytes.
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` when its distance is at most max(1, characters(word) / 3);
// ties go to the earlier candidate. Never suggests `word` itself (distance 0).
std::optional<std::string> DidYouMean(std::string_view word,
                                      const std::vector<std::string>& candidates);

}  // namespace refund::source
