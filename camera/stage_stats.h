// Per-stage pipeline statistics for the kiosk's status bar: latency percentiles over a recent
// window, frames processed and frames dropped.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace runform::camera {

/// A stage's figures at one moment.
struct StageSnapshot {
  std::string name;
  double p50_ms = 0.0;
  double p95_ms = 0.0;
  std::uint64_t processed = 0;
  std::uint64_t dropped = 0;
};

/// Thread-safe latency and counters of one stage; percentiles over the last `window` samples.
class StageStats {
 public:
  /// Stats named `name` over the last `window` latencies.
  explicit StageStats(std::string name, std::size_t window = 300);
  /// Records one processed item and how long it took.
  void record(double latency_ms);
  /// Counts dropped items.
  void add_dropped(std::uint64_t n);
  /// The current figures.
  [[nodiscard]] StageSnapshot snapshot() const;

 private:
  std::string name_;
  std::size_t window_;
  mutable std::mutex mutex_;
  std::deque<double> recent_ms_;
  std::uint64_t processed_ = 0;
  std::uint64_t dropped_ = 0;
};

/// The value below which `fraction` of the samples fall (nearest rank); 0 for none.
double percentile(std::vector<double> samples, double fraction);

}  // namespace runform::camera
