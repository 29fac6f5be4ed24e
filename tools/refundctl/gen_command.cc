// `refundctl gen --count N --seed S [--profile FILE] [--invalid-rate R]`: synthetic orders as
// JSON Lines on stdout, the same bytes for the same seed and profile. Without --profile, the copy
// of samples/profiles/cloud.yaml built into the binary (build_info.h): gen works from anywhere. Exit 1 when the profile is
// bad or the output cannot be written (generation stops at the first failed write), 2 on a usage
// error: a value out of range, a --profile that is missing, not a regular file or unreadable.
#include <fmt/format.h>

#include <iostream>
#include <limits>

#include "engine/gen/order_generator.h"
#include "engine/gen/profile.h"
#include "tools/refundctl/build_info.h"
#include "tools/refundctl/commands.h"
#include "tools/refundctl/number_options.h"
#include "tools/refundctl/output.h"

namespace refundctl {
namespace {

constexpr uint64_t kMaxCount = 1'000'000'000'000;  // --count: orders, 0 to 10^12

struct GenCommandOptions {
  int64_t count = 0;
  uint64_t seed = 0;
  std::string profile;  // empty: the copy of samples/profiles/cloud.yaml built into refundctl
  std::string invalid_rate = "0";
};

// "0.01" -> 10000 per million, exactly (no floating point); nullopt unless 0 <= rate <= 1.
std::optional<int64_t> PerMillion(const std::string& rate) {
  std::optional<refund::Ratio> value = refund::Ratio::ParseDecimal(rate);
  if (!value || value->Sign() < 0 || refund::Ratio(1) < *value) return std::nullopt;
  std::optional<refund::Ratio> scaled = refund::Ratio::Mul(*value, refund::Ratio(1'000'000));
  return scaled ? scaled->Round(refund::Rounding::kHalfUp) : std::nullopt;
}

int RunGen(const GenCommandOptions& options) {
  std::optional<int64_t> per_million = PerMillion(options.invalid_rate);
  if (!per_million) {
    std::cerr << "refundctl gen: --invalid-rate must be a decimal between 0 and 1, got `" << options.invalid_rate << "`\n";
    return 2;
  }
  refund::gen::ProfileResult profile =
      options.profile.empty()
          ? refund::gen::ReadProfileText(std::string(kDefaultProfileName), std::string(kDefaultProfileText))
          : refund::gen::ReadProfile(options.profile);
  for (const refund::Diagnostic& d : profile.diagnostics()) std::cerr << refund::RenderDiagnostic(d);
  if (!profile.ok()) {
    // G001: the --profile path itself is unusable, a usage error; anything else is a bad profile.
    for (const refund::Diagnostic& d : profile.diagnostics())
      if (d.code == "G001") return 2;
    return 1;
  }
  refund::gen::OrderGenerator generator(profile.value(), options.seed, *per_million);
  fmt::memory_buffer out;
  for (int64_t n = 1; n <= options.count && OutputOk(); ++n) {
    generator.Append(n, out);
    if (out.size() >= (1 << 20)) {
      std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
      out.clear();
    }
  }
  std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
  return OutputOk() ? 0 : 1;  // main() says why
}

}  // namespace

void AddGenCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<GenCommandOptions>();
  CLI::App* command = app.add_subcommand("gen", "synthetic orders as JSON Lines, the same for the same seed");
  command->add_option("--count", options->count, "how many orders, 0 to 10^12")->required()->check(WholeNumber(0, kMaxCount));
  command->add_option("--seed", options->seed, "random seed, a whole number from 0 to 2^64-1")
      ->required()
      ->check(WholeNumber(0, std::numeric_limits<uint64_t>::max()));
  command->add_option("--profile", options->profile, "generation profile (default: samples/profiles/cloud.yaml as built into refundctl)");
  command->add_option("--invalid-rate", options->invalid_rate,
                      "share of lines broken on purpose, a decimal between 0 and 1 (default 0)");
  command->callback([options, &exit_code] { exit_code = RunGen(*options); });
}

}  // namespace refundctl
