// What the build puts into refundctl (tools/refundctl/build_info.h).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "engine/gen/profile.h"
#include "tools/refundctl/build_info.h"

TEST_CASE("the profile built into refundctl is byte for byte samples/profiles/cloud.yaml") {
  std::ifstream file("samples/profiles/cloud.yaml", std::ios::binary);  // tests run from the repo root
  REQUIRE(file);
  std::ostringstream text;
  text << file.rdbuf();
  CHECK(refundctl::kDefaultProfileName == "samples/profiles/cloud.yaml");
  CHECK(text.str() == refundctl::kDefaultProfileText);
}

TEST_CASE("the profile built into refundctl reads as a valid profile") {
  refund::gen::ProfileResult profile = refund::gen::ReadProfileText(
      std::string(refundctl::kDefaultProfileName), std::string(refundctl::kDefaultProfileText));
  CHECK(profile.ok());
}

TEST_CASE("the version line names the version, the git revision and the build type") {
  const std::string line(refundctl::kVersionLine);
  CHECK(line.rfind("refundctl ", 0) == 0);
  CHECK(line.find(" (git ") != std::string::npos);
  CHECK(line.back() == ')');
}
