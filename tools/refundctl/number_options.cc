// The whole-number option checks (see number_options.h).
#include "tools/refundctl/number_options.h"

#include <charconv>

namespace refundctl {

CLI::Validator WholeNumber(uint64_t lo, uint64_t hi) {
  const std::string range = "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        const bool digits = !text.empty() && text.front() != '-' && text.front() != '+';
        if (!digits || error != std::errc() || stop != end || value < lo || value > hi)
          return "must be " + range + ", got `" + text + "`";
        return "";
      },
      range);
}

void AddJobsOption(CLI::App& command, int& jobs, const std::string& what) {
  command.add_option("--jobs", jobs, "decide on N threads, 1 to " + std::to_string(kMaxJobs) + " (default 1); " + what)
      ->check(WholeNumber(1, kMaxJobs));
}

}  // namespace refundctl
