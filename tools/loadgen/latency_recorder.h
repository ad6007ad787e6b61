// LatencyRecorder: thread-safe latency samples with percentiles, for the load generator.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <vector>

namespace runform::loadgen {

class LatencyRecorder {
 public:
  void add(std::chrono::nanoseconds latency) {
    const std::lock_guard lock(mutex_);
    samples_ms_.push_back(std::chrono::duration<double, std::milli>(latency).count());
  }
  /// The p-th percentile (0–100) in milliseconds, nearest-rank; 0 with no samples.
  [[nodiscard]] double percentile_ms(double p) const {
    const std::lock_guard lock(mutex_);
    if (samples_ms_.empty()) return 0.0;
    std::vector<double> sorted = samples_ms_;
    std::sort(sorted.begin(), sorted.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
  }
  [[nodiscard]] std::size_t count() const {
    const std::lock_guard lock(mutex_);
    return samples_ms_.size();
  }
  void clear() {
    const std::lock_guard lock(mutex_);
    samples_ms_.clear();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<double> samples_ms_;
};

}  // namespace runform::loadgen
