// The generator's only source of randomness: std::mt19937_64 (whose output the standard fixes)
// mapped to ranges by our own exact arithmetic, so a seed gives the same orders everywhere.
#pragma once

#include <cstdint>
#include <random>

namespace refund::gen {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  // Uniform in [0, n), n > 0: Lemire's multiply-shift with rejection (no modulo bias).
  uint64_t Below(uint64_t n) {
    unsigned __int128 m = static_cast<unsigned __int128>(engine_()) * n;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < n) {
      const uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(engine_()) * n;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }
  // Uniform in [lo, hi], both inclusive; lo when hi <= lo.
  int64_t Between(int64_t lo, int64_t hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }
  // True with probability `per_million` / 1,000,000.
  bool PerMillion(int64_t per_million) { return static_cast<int64_t>(Below(1'000'000)) < per_million; }
  bool Percent(int64_t percent) { return static_cast<int64_t>(Below(100)) < percent; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace refund::gen
