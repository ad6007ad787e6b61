// Time as the camera code sees it: a function returning seconds, injected so that backoff and
// latency logic is tested without sleeping.
#pragma once

#include <chrono>
#include <functional>

namespace runform::camera {

/// Returns the current time in seconds on some monotonic clock.
using ClockFn = std::function<double()>;

/// Seconds on std::chrono::steady_clock.
inline double steady_now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace runform::camera
