#include "services/hub/auth_secrets.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace runform::services {

namespace {
constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kTokenBytes = 32;
constexpr std::size_t kCodeChars = 16;
}  // namespace

PasswordCost PasswordCost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::fastest_for_tests() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

void ensure_sodium_ready() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start (no source of randomness?)");
}

std::string new_bearer_token(std::string_view prefix) {
  ensure_sodium_ready();
  std::array<unsigned char, kTokenBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, sodium_base64_ENCODED_LEN(kTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes.data(), bytes.size());
  return std::string(prefix) + text.data();
}

std::string new_enrolment_code() {
  ensure_sodium_ready();
  std::string code;
  for (std::size_t i = 0; i < kCodeChars; ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    code += kCrockford[randombytes_uniform(static_cast<std::uint32_t>(kCrockford.size()))];
  }
  return code;
}

std::string normalise_enrolment_code(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    out += c;
  }
  // Back to the issued form, so the hash matches whatever grouping was typed.
  std::string grouped;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i > 0 && i % 4 == 0) grouped += '-';
    grouped += out[i];
  }
  return grouped;
}

std::string secret_hash(std::string_view secret) {
  ensure_sodium_ready();
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                     nullptr, 0);
  std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return hex.data();
}

std::string hash_password(std::string_view password, const PasswordCost& cost) {
  ensure_sodium_ready();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), cost.ops, cost.mem_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("not enough memory to hash a password; retry when the hub is less busy");
  }
  return out.data();
}

bool verify_password(std::string_view hash, std::string_view password) {
  ensure_sodium_ready();
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

}  // namespace runform::services
