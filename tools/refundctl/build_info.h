// What the build put into refundctl: its version line and the default generation profile.
// Generated at configure time from tools/refundctl/build_info.cc.in (CMakeLists.txt).
#pragma once

#include <string_view>

namespace refundctl {

// "refundctl 0.1.0 (git 1edac1d, Release)": the CMake project version, the git revision found at
// configure time (`unknown` outside a git checkout or without git) and the build type.
extern const std::string_view kVersionLine;

// The text of samples/profiles/cloud.yaml as it was at configure time: `gen` without --profile
// reads it, so gen works from any directory. The file stays the documented, editable copy;
// editing it re-runs CMake and rebuilds this copy.
extern const std::string_view kDefaultProfileName;
extern const std::string_view kDefaultProfileText;

}  // namespace refundctl
