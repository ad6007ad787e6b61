// Frame-time samples with percentiles (the dashboard's --stats and its benchmark).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace runform::dashboard {

/// Frame times in milliseconds, the newest `capacity` kept.
class FrameTimes {
 public:
  explicit FrameTimes(std::size_t capacity = 100'000) : capacity_(capacity) {}
  /// Adds one sample.
  void add(double ms);
  /// The p-th percentile (0–100) by nearest rank; 0 with no samples.
  [[nodiscard]] double percentile(double p) const;
  /// Number of samples.
  [[nodiscard]] std::size_t count() const { return values_.size(); }
  /// Forgets every sample.
  void clear() { values_.clear(); }
  /// "p50 … ms, p99 … ms, max … ms (n = …)".
  [[nodiscard]] std::string describe() const;

 private:
  std::size_t capacity_;
  std::vector<double> values_;
};

}  // namespace runform::dashboard
