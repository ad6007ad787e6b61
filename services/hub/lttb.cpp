#include "services/hub/lttb.h"

#include <cmath>

namespace runform::services {

std::vector<SeriesSample> lttb(const std::vector<SeriesSample>& points, std::size_t max_points) {
  const std::size_t n = points.size();
  if (max_points < 3 || n <= max_points) return points;
  std::vector<SeriesSample> out;
  out.reserve(max_points);
  out.push_back(points.front());
  // n − 2 interior points go into max_points − 2 buckets of (fractional) equal size.
  const double bucket = static_cast<double>(n - 2) / static_cast<double>(max_points - 2);
  std::size_t chosen = 0;
  for (std::size_t b = 0; b < max_points - 2; ++b) {
    const auto begin = static_cast<std::size_t>(std::floor(static_cast<double>(b) * bucket)) + 1;
    const auto end = std::min(static_cast<std::size_t>(std::floor(static_cast<double>(b + 1) * bucket)) + 1, n - 1);
    // The third corner is the average of the next bucket (or the last point).
    const auto next_begin = end;
    const auto next_end = std::min(static_cast<std::size_t>(std::floor(static_cast<double>(b + 2) * bucket)) + 1, n);
    double avg_t = 0.0;
    double avg_v = 0.0;
    const std::size_t count = std::max<std::size_t>(next_end - next_begin, 1);
    for (std::size_t i = next_begin; i < next_begin + count && i < n; ++i) {
      avg_t += static_cast<double>(points[i].t_us);
      avg_v += points[i].value;
    }
    avg_t /= static_cast<double>(count);
    avg_v /= static_cast<double>(count);
    const double at = static_cast<double>(points[chosen].t_us);
    const double av = points[chosen].value;
    double best_area = -1.0;
    std::size_t best = begin;
    for (std::size_t i = begin; i < end; ++i) {
      const double area = std::abs((at - avg_t) * (points[i].value - av) -
                                   (at - static_cast<double>(points[i].t_us)) * (avg_v - av));
      if (area > best_area) {
        best_area = area;
        best = i;
      }
    }
    out.push_back(points[best]);
    chosen = best;
  }
  out.push_back(points.back());
  return out;
}

}  // namespace runform::services
