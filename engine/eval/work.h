// Counts of the work evaluation does, by kind, so that tests check cost bounds by counting
// (tests/unit/cost_test.cc) instead of timing. One plain increment where counted; per thread.
#pragma once

#include <cstdint>

namespace refund::eval {

struct WorkCount {
  uint64_t evaluations = 0;      // Evaluate calls
  uint64_t items = 0;            // items of the orders evaluated (each call counts every item)
  uint64_t entries = 0;          // history entries of the orders evaluated (likewise)
  uint64_t history_entries = 0;  // history entries visited by quotas
  uint64_t parent_steps = 0;     // links followed from an inheriting item towards its ancestors
  uint64_t grant_probes = 0;     // earlier grants compared while finding an item's quota group
};

// This thread's counts; a test zeroes them (`ThreadWork() = {}`), runs, and reads them.
inline WorkCount& ThreadWork() {
  thread_local WorkCount work;
  return work;
}

}  // namespace refund::eval
