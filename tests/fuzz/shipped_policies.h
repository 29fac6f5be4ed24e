// The shipped policies the fuzz targets decide under, compiled once; the targets run from the
// repository root, and a policy that does not compile there stops the run with a message.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "refund/policy.h"

namespace refund::fuzz {

inline std::shared_ptr<const CompiledPolicy> LoadShippedPolicy(const char* path) {
  CompileResult compiled = CompilePolicy(path);
  if (!compiled.ok()) {
    std::fprintf(stderr, "%s does not compile; run the fuzzer from the repository root\n", path);
    std::abort();
  }
  return compiled.shared();
}

}  // namespace refund::fuzz
