// One run of the policy-mutation fuzzer: a shipped policy mutated (policy_mutator.h), written
// into a scratch policy directory beside the shipped codes.yaml and labels.yaml, compiled, and,
// when it passes the check, every sample order decided under it (English and Chinese) with the
// invariants of decision_invariants.h checked. Shared by fuzz_policy_mutation.cc and
// tests/unit/policy_mutation_test.cc. Run from the repository root.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "refund/policy.h"
#include "tests/fuzz/decision_invariants.h"
#include "tests/fuzz/policy_mutator.h"

namespace refund::fuzz {

inline constexpr const char* kMutatedPolicies[] = {"rules/cloud-cn", "rules/cloud-hourly"};

// The lines of samples/orders.jsonl, once.
inline const std::vector<std::string>& SampleOrders() {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> out;
    std::ifstream in("samples/orders.jsonl");
    for (std::string line; std::getline(in, line);)
      if (line.find_first_not_of(" \t\r") != std::string::npos) out.push_back(line);
    return out;
  }();
  return lines;
}

// A scratch policy directory per shipped policy, removed at exit.
class ScratchPolicies {
 public:
  ScratchPolicies() {
    for (const char* from : kMutatedPolicies) {
      char pattern[] = "/tmp/refund-mutation.XXXXXX";
      if (!::mkdtemp(pattern)) std::abort();
      dirs_.push_back(pattern);
      for (const char* file : {"codes.yaml", "labels.yaml"})
        std::filesystem::copy_file(std::filesystem::path(from) / file, std::filesystem::path(pattern) / file);
      std::ifstream in(std::filesystem::path(from) / "policy.yaml", std::ios::binary);
      texts_.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  ~ScratchPolicies() {
    std::error_code ignored;
    for (const std::string& dir : dirs_) std::filesystem::remove_all(dir, ignored);
  }
  size_t size() const { return dirs_.size(); }
  const std::string& dir(size_t i) const { return dirs_[i]; }
  const std::string& text(size_t i) const { return texts_[i]; }

 private:
  std::vector<std::string> dirs_;
  std::vector<std::string> texts_;
};

struct MutationResult {
  std::string policy;          // the mutated policy.yaml
  bool compiled = false;
  int decided = 0;             // orders decided (valid under the mutated policy)
  std::string violation;       // empty, or the first invariant broken (with the order)
};

// Mutates policy `which` of `scratch` with `choices` and checks what passes.
inline MutationResult RunMutation(const ScratchPolicies& scratch, size_t which, Choices& choices) {
  MutationResult result;
  PolicyMutator mutator(scratch.text(which));
  mutator.Mutate(choices, 1 + static_cast<int>(choices.Next(3)));
  result.policy = mutator.Text();
  std::ofstream(std::filesystem::path(scratch.dir(which)) / "policy.yaml", std::ios::binary | std::ios::trunc)
      << result.policy;
  const CompileResult compiled = CompilePolicy(scratch.dir(which));
  if (!compiled.ok()) {
    bool any_error = false;
    for (const Diagnostic& d : compiled.diagnostics()) any_error = any_error || d.severity == Severity::kError;
    if (!any_error) result.violation = "a policy that does not compile has no error";
    return result;
  }
  result.compiled = true;
  for (const std::string& line : SampleOrders()) {
    const OrderResult order = ParseOrder(line, OrderSettingsOf(compiled.value()));
    if (!order.ok()) continue;
    ++result.decided;
    for (Language language : {Language::kEn, Language::kZh}) {
      EvalOptions options;
      options.language = language;
      const Decision decision = Evaluate(compiled.value(), order.value(), options);
      if (const char* broken = DecisionViolation(order.value(), decision)) {
        result.violation = std::string(broken) + " (order " + order.value().id + ")";
        return result;
      }
      if (DecisionToJson(decision).empty()) {
        result.violation = "empty decision JSON (order " + order.value().id + ")";
        return result;
      }
    }
  }
  return result;
}

}  // namespace refund::fuzz
