// Effective-dated policy versions (engine/compile/versions.h): which version decides an order,
// POLICY@VERSION, and every mistake a versions.yaml can hold.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "refund/explain.h"
#include "refund/policy.h"

namespace {

namespace fs = std::filesystem;

// A toy policy whose every item gets nothing; `version` and `currency` vary.
std::string ToyPolicy(const std::string& version, const std::string& currency = "CNY") {
  return "policy: {name: toy, version: \"" + version + "\", time_zone: Asia/Shanghai, currency: " + currency +
         ", rounding: half_up}\n"
         "payment_types: {subscription: [prepaid]}\n"
         "item_rules:\n  - {id: no-refund, otherwise: true, refund: none, code: NO_REFUND}\n"
         "codes:\n  NO_REFUND: {en: \"Not refundable.\", zh: \"不可退款。\"}\n";
}

// A fresh directory holding versions.yaml (`list`) and toy versions v1.yaml, v2.yaml, v3.yaml.
std::string VersionedDirectory(const std::string& list) {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() /
                 ("refund_versions_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::create_directories(dir);
  std::ofstream(dir / "versions.yaml") << list;
  for (const char* v : {"1", "2", "3"}) std::ofstream(dir / fmt::format("v{}.yaml", v)) << ToyPolicy(v);
  std::ofstream(dir / "usd.yaml") << ToyPolicy("4", "USD");
  return dir.string();
}

const char* kTwoVersions = R"(anchor: ANCHOR
versions:
  - {path: v1.yaml, effective_from: "2026-01-01T00:00:00+08:00"}
  - {path: v2.yaml, effective_from: "2026-04-01T00:00:00+08:00"}
)";

std::string TwoVersions(const std::string& anchor) {
  std::string list = kTwoVersions;
  list.replace(list.find("ANCHOR"), 6, anchor);
  return list;
}

std::string Order(const std::string& paid_at, const std::string& request_at) {
  return R"({"id":"O-1","status":"paid","payment_type":"prepaid","created_at":")" + paid_at +
         R"(","paid_at":")" + paid_at + R"(","currency":"CNY","account":{"id":"A"},"items":[)"
         R"({"id":"i-1","product":"ecs","kind":"instance","list_price":"100.00","paid":{"cash":"100.00"},"term":{"start":")" +
         paid_at + R"(","end":"2028-01-01T00:00:00+08:00"}}],)"
         R"("request":{"at":")" + request_at + "\"}}";
}

std::string VersionDeciding(const refund::CompileResult& policy, const std::string& json) {
  refund::OrderResult order = refund::ParseOrder(json, refund::OrderSettingsOf(policy.value()));
  REQUIRE_MESSAGE(order.ok(), order.error().path << ": " << order.error().message);
  return refund::Evaluate(policy.value(), order.value(), {}).policy_version;
}

std::string Codes(const refund::CompileResult& result) {
  std::string codes;
  for (const refund::Diagnostic& d : result.diagnostics())
    codes += (codes.empty() ? "" : " ") + d.code + "@" + std::to_string(d.line);
  return codes;
}

}  // namespace

TEST_CASE("the version in force at request.at decides, and the decision names it") {
  refund::CompileResult policy = refund::CompilePolicy(VersionedDirectory(TwoVersions("request.at")));
  REQUIRE_MESSAGE(policy.ok(), Codes(policy));
  CHECK(policy.value().versions().size() == 2);
  CHECK(policy.value().version() == "2");  // a versioned policy's own name and version: the latest's
  struct Case { const char* paid_at; const char* request_at; const char* version; };
  const Case cases[] = {
      {"2026-01-10T10:00:00+08:00", "2026-03-31T23:59:59+08:00", "1"},
      {"2026-01-10T10:00:00+08:00", "2026-04-01T00:00:00+08:00", "2"},  // effective_from is inclusive
      {"2025-12-01T10:00:00+08:00", "2025-12-02T10:00:00+08:00", "1"},  // before every version: the first
      {"2026-05-01T10:00:00+08:00", "2027-05-01T10:00:00+08:00", "2"},
  };
  for (const Case& c : cases) CHECK_MESSAGE(VersionDeciding(policy, Order(c.paid_at, c.request_at)) == c.version, c.request_at);
}

TEST_CASE("with anchor paid_at the version in force at payment decides") {
  refund::CompileResult policy = refund::CompilePolicy(VersionedDirectory(TwoVersions("paid_at")));
  REQUIRE_MESSAGE(policy.ok(), Codes(policy));
  CHECK(VersionDeciding(policy, Order("2026-03-31T23:59:59+08:00", "2026-04-02T10:00:00+08:00")) == "1");
  CHECK(VersionDeciding(policy, Order("2026-04-01T00:00:00+08:00", "2026-04-02T10:00:00+08:00")) == "2");
}

TEST_CASE("POLICY@VERSION compiles one version; an unknown version is a diagnostic naming the known ones") {
  const std::string dir = VersionedDirectory(TwoVersions("request.at"));
  refund::CompileResult v1 = refund::CompilePolicy(dir + "@1");
  REQUIRE_MESSAGE(v1.ok(), Codes(v1));
  CHECK(v1.value().versions().empty());
  CHECK(v1.value().version() == "1");
  CHECK(VersionDeciding(v1, Order("2026-05-01T10:00:00+08:00", "2026-05-02T10:00:00+08:00")) == "1");
  refund::CompileResult unknown = refund::CompilePolicy(dir + "@9");
  CHECK_FALSE(unknown.ok());
  REQUIRE(unknown.diagnostics().size() == 1);
  CHECK(unknown.diagnostics()[0].code == "V110");
  CHECK(unknown.diagnostics()[0].help.value_or("") == "versions: `1`, `2`");
}

TEST_CASE("a policy without versions is its own single version under @") {
  CHECK(refund::CompilePolicy("rules/cloud-cn@2026.1").ok());
  CHECK(Codes(refund::CompilePolicy("rules/cloud-cn@2025.9")) == "V110@0");
}

TEST_CASE("mistakes in versions.yaml are diagnostics at their line") {
  struct Case { const char* list; const char* codes; };
  const Case cases[] = {
      {"versions:\n  - {path: v2.yaml, effective_from: \"2026-04-01T00:00:00+08:00\"}\n"
       "  - {path: v1.yaml, effective_from: \"2026-01-01T00:00:00+08:00\"}\n",
       "V105@3"},
      {"versions:\n  - {path: v1.yaml, effective_from: \"2026-01-01T00:00:00+08:00\"}\n"
       "  - {path: v2.yaml, effective_from: \"2026-01-01T08:00:00+08:00\"}\n"
       "  - {path: v3.yaml, effective_from: \"2026-01-01T00:00:00Z\"}\n",
       "V106@4"},  // the same instant written in another offset
      {"versions:\n  - {path: v1.yaml, effective_from: \"2026-01-01T00:00:00+08:00\"}\n"
       "  - {path: v1.yaml, effective_from: \"2026-02-01T00:00:00+08:00\"}\n",
       "V107@3 V107@3"},  // listed twice; so the version string repeats too
      {"versions:\n  - {path: v1.yaml, effective_from: \"2026-01-01\"}\n", "V104@2"},
      {"anchor: created_at\nversions:\n  - {path: v1.yaml, effective_from: \"2026-01-01T00:00:00Z\"}\n", "V104@1"},
      {"versions:\n  - {path: v1.yaml, efective_from: \"2026-01-01T00:00:00Z\"}\n", "V102@2 V101@2"},  // the entry lacks effective_from; the key is unknown
      {"versions:\n  - {path: ../v1.yaml, effective_from: \"2026-01-01T00:00:00Z\"}\n", "V104@2"},
      {"versions: []\n", "V103@1"},
      {"anchor: paid_at\n", "V102@1"},
      {"versions:\n  - {path: v1.yaml, effective_from: \"2026-01-01T00:00:00Z\"}\n"
       "  - {path: usd.yaml, effective_from: \"2026-02-01T00:00:00Z\"}\n",
       "V108@3"},
  };
  for (const Case& c : cases) {
    refund::CompileResult result = refund::CompilePolicy(VersionedDirectory(c.list));
    CHECK_FALSE(result.ok());
    CHECK_MESSAGE(Codes(result) == c.codes, c.list);
  }
}

TEST_CASE("a directory with both policy.yaml and versions.yaml is rejected") {
  const std::string dir = VersionedDirectory(TwoVersions("request.at"));
  std::ofstream(fs::path(dir) / "policy.yaml") << ToyPolicy("0");
  refund::CompileResult result = refund::CompilePolicy(dir);
  CHECK_FALSE(result.ok());
  CHECK(Codes(result) == "V109@0");
}

TEST_CASE("a policy without versions is in force for every order") {
  refund::CompileResult policy = refund::CompilePolicy(VersionedDirectory(TwoVersions("request.at")) + "@2");
  REQUIRE(policy.ok());
  refund::OrderResult order = refund::ParseOrder(Order("2025-01-10T10:00:00+08:00", "2025-01-11T10:00:00+08:00"),
                                                 refund::OrderSettingsOf(policy.value()));
  REQUIRE(order.ok());
  CHECK(&policy.value().InForce(order.value()) == &policy.value());
}

TEST_CASE("an explanation is worded from the version that decided the order") {
  refund::CompileResult policy = refund::CompilePolicy(VersionedDirectory(TwoVersions("request.at")));
  REQUIRE_MESSAGE(policy.ok(), Codes(policy));
  refund::OrderResult order = refund::ParseOrder(Order("2026-01-10T10:00:00+08:00", "2026-03-31T23:59:59+08:00"),
                                                 refund::OrderSettingsOf(policy.value()));
  REQUIRE(order.ok());
  const std::string text = refund::Explain(policy.value(), order.value(), {});
  CHECK_MESSAGE(text.find("policy toy 1 ") != std::string::npos, text);
  CHECK(text.find("policy toy 2 ") == std::string::npos);
}
