// Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013): keeps the first and last
// points and, from each bucket in between, the point that spans the largest triangle with its
// neighbours, so peaks and dips survive the reduction that a chart needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace runform::services {

/// One sample of a series.
struct SeriesSample {
  std::int64_t t_us = 0;
  double value = 0.0;
  friend bool operator==(const SeriesSample&, const SeriesSample&) = default;
};

/// Downsamples to at most max_points (≥ 3) points; shorter series come back unchanged.
std::vector<SeriesSample> lttb(const std::vector<SeriesSample>& points, std::size_t max_points);

}  // namespace runform::services
