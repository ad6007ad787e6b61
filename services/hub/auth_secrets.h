// The hub's secrets, made and checked in one place: random bearer tokens (people and kiosks),
// one-time enrolment codes, the hashes under which the store keeps them, and argon2id password
// hashes (libsodium crypto_pwhash_str). Nothing here logs or keeps a secret.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace runform::services {

/// argon2id cost. The hash string records it, so a hash made at one cost verifies at any.
struct PasswordCost {
  unsigned long long ops;  ///< passes over memory
  std::size_t mem_bytes;
  /// libsodium's INTERACTIVE: 2 passes, 64 MiB, about 0.1–0.5 s a hash on a kiosk-class CPU.
  static PasswordCost interactive();
  /// libsodium's minimum (1 pass, 8 KiB): for tests only, where hundreds of hashes run.
  static PasswordCost fastest_for_tests();
};

/// Thrown when libsodium cannot start or runs out of memory for a hash.
void ensure_sodium_ready();

/// A new bearer token: prefix + 43 base64url characters (256 random bits).
std::string new_bearer_token(std::string_view prefix);
/// A new enrolment code a person can type: 16 characters of Crockford base32 in groups of four
/// (80 random bits), e.g. "7K2M-XQ9D-04HT-BW3E".
std::string new_enrolment_code();
/// The code as typed, normalised: upper case, dashes and spaces dropped, O→0, I/L→1.
std::string normalise_enrolment_code(std::string_view typed);
/// The hash the store keeps for a token or code (BLAKE2b-256, hex). Tokens carry 256 random
/// bits, so an unsalted fast hash is enough: there is nothing to guess from it.
std::string secret_hash(std::string_view secret);

/// A salted argon2id hash string of the password. Throws std::runtime_error when out of memory.
std::string hash_password(std::string_view password, const PasswordCost& cost);
/// True if the password matches the hash string (any cost).
bool verify_password(std::string_view hash, std::string_view password);

/// Prefixes: a token says what it is for, which makes a leaked one easy to recognise.
inline constexpr std::string_view kPersonTokenPrefix = "rfp_";
inline constexpr std::string_view kKioskTokenPrefix = "rfk_";

}  // namespace runform::services
