// Whole-number options (--jobs, --count, --seed, --max-examples, --width) checked as written:
// digits only, within a documented range. Anything else — a sign, a fraction, a value the type
// would silently wrap or clamp, one out of range — is a usage error (exit 2) naming the range.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace refundctl {

inline constexpr int kMaxJobs = 256;  // --jobs: threads, 1..256

// Accepts a decimal whole number in [lo, hi] (no sign, no spaces).
CLI::Validator WholeNumber(uint64_t lo, uint64_t hi);

// `--jobs N`, 1..kMaxJobs, on a command that decides on threads; `what` completes the help.
void AddJobsOption(CLI::App& command, int& jobs, const std::string& what);

}  // namespace refundctl
