// Breathing-linked shoulder rise: the amplitude of the shoulder-above-hip oscillation in the
// breathing band, kept apart from the step frequency (≈ 2.5–3.3 Hz) by a narrow-band scan.
#pragma once

#include <deque>
#include <optional>

namespace runform::form {

/// One estimate over the analysis window.
struct BreathEstimate {
  double rise = 0.0;      ///< oscillation amplitude (half peak-to-peak) ÷ torso
  double rate_bpm = 0.0;  ///< frequency of the strongest component, breaths per minute
};

/// Tuning of the breathing estimator.
struct BreathingParams {
  double band_low_hz = 0.2;   ///< PRODUCT.md: breathing band ≈ 0.2–0.7 Hz
  double band_high_hz = 0.7;
  double window_s = 20.0;     ///< ≥ 4 breaths at the slowest rate
  double min_span_s = 15.0;   ///< an estimate needs at least this much data
  double resample_hz = 10.0;  ///< uniform grid for the scan (well above the band)
  double scan_step_hz = 0.01;
};

/// Windowed narrow-band amplitude scan.
class BreathingEstimator {
 public:
  /// An estimator with the given tuning.
  explicit BreathingEstimator(BreathingParams params = {}) : params_(params) {}
  /// Adds the shoulder-above-hip gap at t_s (any length unit, typically pixels).
  void add(double t_s, double shoulder_hip_gap);
  /// Estimate over the last window, amplitude divided by scale (torso length in the same unit),
  /// or nullopt when there is too little data.
  [[nodiscard]] std::optional<BreathEstimate> estimate(double scale = 1.0) const;
  /// Forgets the window (the runner stopped).
  void clear() { samples_.clear(); }

 private:
  struct Sample {
    double t_s;
    double value;
  };
  BreathingParams params_;
  std::deque<Sample> samples_;
};

}  // namespace runform::form
