#include "camera/stage_stats.h"

#include <algorithm>
#include <cmath>

namespace runform::camera {

double percentile(std::vector<double> samples, double fraction) {
  if (samples.empty()) return 0.0;
  const auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(samples.size())));
  const std::size_t i = std::clamp<std::size_t>(rank, 1, samples.size()) - 1;
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(i), samples.end());
  return samples[i];
}

StageStats::StageStats(std::string name, std::size_t window) : name_(std::move(name)), window_(window) {}

void StageStats::record(double latency_ms) {
  std::lock_guard lock(mutex_);
  ++processed_;
  recent_ms_.push_back(latency_ms);
  if (recent_ms_.size() > window_) recent_ms_.pop_front();
}

void StageStats::add_dropped(std::uint64_t n) {
  std::lock_guard lock(mutex_);
  dropped_ += n;
}

StageSnapshot StageStats::snapshot() const {
  std::lock_guard lock(mutex_);
  const std::vector<double> samples(recent_ms_.begin(), recent_ms_.end());
  return {name_, percentile(samples, 0.5), percentile(samples, 0.95), processed_, dropped_};
}

}  // namespace runform::camera
