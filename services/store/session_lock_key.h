// The PostgreSQL advisory lock key of a session: a 64-bit FNV-1a hash of its id. 64 bits make a
// collision between two live sessions (a false "owned elsewhere") practically impossible.
#pragma once

#include <cstdint>
#include <string_view>

namespace runform::services {

[[nodiscard]] constexpr std::int64_t session_lock_key(std::string_view session_id) {
  constexpr std::uint64_t kFnvOffsetBasis = 14695981039346656037ULL;  // FNV-1a 64-bit parameters
  constexpr std::uint64_t kFnvPrime = 1099511628211ULL;
  std::uint64_t hash = kFnvOffsetBasis;
  for (const char c : session_id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kFnvPrime;
  }
  return static_cast<std::int64_t>(hash);
}

}  // namespace runform::services
