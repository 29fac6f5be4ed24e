// The identity of a policy: one SHA-256 over all of its files, independent of load order.
//
//   PolicyDigest({{"policy.yaml", text}, {"windows.yaml", more}});   // "sha256:3f0a..."
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace refund::source {

// "sha256:" + 64 lowercase hex digits of SHA-256 over the canonical form of `files`
// (pairs of relative path, file bytes):
//   the files sorted by path (bytewise), and for each, concatenated:
//     path bytes, one NUL byte, the byte count in decimal ASCII (no sign, no leading zeros),
//     one NUL byte, the file's bytes.
// Example: {{"a.yaml", "x: 1\n"}} hashes the 14 bytes "a.yaml\0" "5\0" "x: 1\n".
std::string PolicyDigest(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace refund::source
