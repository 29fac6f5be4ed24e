// Fuzz target: any bytes as the policy.yaml of a policy directory (beside cloud-cn's codes.yaml,
// so seeds that include it still compile). CompilePolicy must return a result, never crash, and
// a policy that does not compile has at least one error.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "refund/policy.h"

namespace {

// A scratch policy directory, removed when the fuzzer exits. Run from the repository root.
struct ScratchDir {
  ScratchDir() {
    char pattern[] = "/tmp/fuzz_policy.XXXXXX";
    if (!::mkdtemp(pattern)) std::abort();
    path = pattern;
    std::filesystem::copy_file("rules/cloud-cn/codes.yaml", path + "/codes.yaml");
    std::filesystem::copy_file("rules/cloud-cn/labels.yaml", path + "/labels.yaml");
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  std::string path;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ScratchDir scratch;
  const std::string& dir = scratch.path;
  {
    std::ofstream out(dir + "/policy.yaml", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  const refund::CompileResult result = refund::CompilePolicy(dir);
  if (!result.ok()) {
    bool any_error = false;
    for (const refund::Diagnostic& d : result.diagnostics()) any_error |= d.severity == refund::Severity::kError;
    if (!any_error) __builtin_trap();
  }
  return 0;
}
