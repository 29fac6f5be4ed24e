// PolicyDigest over OpenSSL's EVP SHA-256.
#include "engine/source/digest.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cassert>
#include <memory>

namespace refund::source {
namespace {

struct DigestContextFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

void Feed(EVP_MD_CTX* context, std::string_view bytes) {
  const int ok = EVP_DigestUpdate(context, bytes.data(), bytes.size());
  assert(ok == 1);
  (void)ok;
}

std::string LowercaseHex(const unsigned char* bytes, unsigned size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < size; ++i) {
    hex += kDigits[bytes[i] >> 4];
    hex += kDigits[bytes[i] & 0xF];
  }
  return hex;
}

}  // namespace

std::string PolicyDigest(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<const std::pair<std::string, std::string>*> sorted;
  for (const auto& file : files) sorted.push_back(&file);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* a, const auto* b) { return a->first < b->first; });

  std::unique_ptr<EVP_MD_CTX, DigestContextFree> context(EVP_MD_CTX_new());
  const int ok = context && EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) == 1;
  assert(ok);
  (void)ok;
  for (const auto* file : sorted) {
    Feed(context.get(), file->first);
    Feed(context.get(), std::string_view("\0", 1));
    Feed(context.get(), std::to_string(file->second.size()));
    Feed(context.get(), std::string_view("\0", 1));
    Feed(context.get(), file->second);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  EVP_DigestFinal_ex(context.get(), digest, &size);
  return "sha256:" + LowercaseHex(digest, size);
}

}  // namespace refund::source
