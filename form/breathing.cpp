#include "form/breathing.h"

#include <cmath>
#include <numbers>
#include <vector>

namespace runform::form {

void BreathingEstimator::add(double t_s, double shoulder_hip_gap) {
  samples_.push_back({t_s, shoulder_hip_gap});
  while (!samples_.empty() && samples_.front().t_s < t_s - params_.window_s) samples_.pop_front();
}

std::optional<BreathEstimate> BreathingEstimator::estimate(double scale) const {
  if (samples_.size() < 2) return std::nullopt;
  const double t0 = samples_.front().t_s;
  const double span_s = samples_.back().t_s - t0;
  if (span_s < params_.min_span_s) return std::nullopt;

  // Resample onto a uniform grid so dropped frames and jittered timestamps do not bias the scan.
  const auto n = static_cast<std::size_t>(span_s * params_.resample_hz);
  std::vector<double> grid(n);
  std::size_t j = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = t0 + static_cast<double>(i) / params_.resample_hz;
    while (j + 2 < samples_.size() && samples_[j + 1].t_s < t) ++j;
    const auto& a = samples_[j];
    const auto& b = samples_[j + 1];
    const double k = b.t_s > a.t_s ? (t - a.t_s) / (b.t_s - a.t_s) : 0.0;
    grid[i] = a.value + k * (b.value - a.value);
  }
  // Remove the linear trend (slow posture change) so it does not leak into the band.
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<double>(i);
    sx += x;
    sy += grid[i];
    sxx += x * x;
    sxy += x * grid[i];
  }
  const auto nd = static_cast<double>(n);
  const double slope = (nd * sxy - sx * sy) / (nd * sxx - sx * sx);
  const double intercept = (sy - slope * sx) / nd;
  // Hann window: low sidelobes keep step-frequency energy out of the breathing band.
  std::vector<double> weighted(n);
  double weight_sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double w = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / (nd - 1.0));
    weighted[i] = w * (grid[i] - (intercept + slope * static_cast<double>(i)));
    weight_sum += w;
  }
  BreathEstimate best;
  for (double f = params_.band_low_hz; f <= params_.band_high_hz + 1e-9; f += params_.scan_step_hz) {
    const double step = 2.0 * std::numbers::pi * f / params_.resample_hz;
    double re = 0.0, im = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      re += weighted[i] * std::cos(step * static_cast<double>(i));
      im -= weighted[i] * std::sin(step * static_cast<double>(i));
    }
    const double amplitude = 2.0 * std::hypot(re, im) / weight_sum;
    if (amplitude > best.rise) best = BreathEstimate{amplitude, f * 60.0};
  }
  best.rise /= scale;
  return best;
}

}  // namespace runform::form
