#include "services/hub/athlete_reference.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace runform::services {

namespace {
constexpr std::string_view kKeyName = "athlete-ref-key";
constexpr std::size_t kReferenceBytes = 16;  // 128 bits: no two athletes of any club collide
}  // namespace

AthleteReferences::AthleteReferences(SessionStore& store) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not initialise");
  std::string candidate(crypto_generichash_KEYBYTES, '\0');
  randombytes_buf(candidate.data(), candidate.size());
  key_ = store.database_secret(kKeyName, candidate);
  if (key_.size() < crypto_generichash_KEYBYTES_MIN || key_.size() > crypto_generichash_KEYBYTES_MAX) {
    throw StoreError("the database's athlete reference key has an impossible length; restore it from a backup");
  }
}

std::string AthleteReferences::of(std::string_view athlete_id) const {
  std::array<unsigned char, kReferenceBytes> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(athlete_id.data()),
                     athlete_id.size(), reinterpret_cast<const unsigned char*>(key_.data()), key_.size());
  std::string hex(kReferenceBytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
  hex.pop_back();  // the terminating NUL
  return hex;
}

std::string new_event_reference() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not initialise");
  std::array<unsigned char, 8> random{};
  randombytes_buf(random.data(), random.size());
  std::string hex(random.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
  hex.pop_back();
  return "ref-" + hex;
}

}  // namespace runform::services
