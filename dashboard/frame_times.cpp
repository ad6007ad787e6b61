#include "dashboard/frame_times.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace runform::dashboard {

void FrameTimes::add(double ms) {
  if (values_.size() >= capacity_) values_.erase(values_.begin());
  values_.push_back(ms);
}

double FrameTimes::percentile(double p) const {
  if (values_.empty()) return 0.0;
  std::vector<double> sorted = values_;
  std::sort(sorted.begin(), sorted.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

std::string FrameTimes::describe() const {
  if (values_.empty()) return "no samples";
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, "p50 %.2f ms, p99 %.2f ms, max %.2f ms (n = %zu)", percentile(50),
                percentile(99), percentile(100), values_.size());
  return buffer;
}

}  // namespace runform::dashboard
