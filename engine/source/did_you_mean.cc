// Edit distance (optimal string alignment) over code points and the suggestion built on it.
#include "engine/source/did_you_mean.h"

#include <algorithm>

#include "engine/source/utf8.h"

namespace refund::source {
namespace {

std::u32string CodePoints(std::string_view text) {
  std::u32string out;
  for (size_t i = 0; i < text.size();) {
    const DecodedChar decoded = DecodeUtf8(text, i);
    out.push_back(decoded.code_point);
    i += decoded.size;
  }
  return out;
}

}  // namespace

int EditDistance(std::string_view a_text, std::string_view b_text) {
  const std::u32string a = CodePoints(a_text);
  const std::u32string b = CodePoints(b_text);
  const size_t columns = b.size() + 1;
  // Three rows of the (a.size()+1) x (b.size()+1) table: two back, one back, current.
  std::vector<int> before(columns), previous(columns), current(columns);
  for (size_t j = 0; j < columns; ++j) previous[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    for (size_t j = 1; j < columns; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[columns - 1];
}

std::optional<std::string> DidYouMean(std::string_view word,
                                      const std::vector<std::string>& candidates) {
  const int limit = std::max(1, CountChars(word) / 3);
  const std::string* best = nullptr;
  int best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    const int distance = EditDistance(word, candidate);
    if (distance > 0 && distance < best_distance) {
      best = &candidate;
      best_distance = distance;
    }
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

}  // namespace refund::source
