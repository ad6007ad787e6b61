// Wall-clock time as stored and sent: milliseconds since the Unix epoch.
#pragma once

#include <chrono>
#include <cstdint>

namespace runform::services {

/// The current time in Unix milliseconds.
inline std::int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace runform::services
