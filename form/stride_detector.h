// Step detection from the vertical bounce of the hips. Timestamps come from the frames, so
// dropped frames and uneven spacing only cost resolution, never correctness.
#pragma once

#include <deque>
#include <optional>

namespace runform::form {

/// Tuning of the step detector.
struct StrideDetectorParams {
  double detrend_tau_s = 0.5;       ///< slow baseline removed from hip height (well below step rate)
  double hysteresis = 0.015;        ///< ÷ torso; the bounce must pass ±this to count (rejects jitter)
  double min_step_s = 60.0 / 300.0; ///< fastest plausible cadence: 300 steps/min
  double max_step_s = 60.0 / 80.0;  ///< slowest running-like cadence: 80 steps/min
  double max_gap_s = 0.3;           ///< a longer hole in the data restarts detection
  std::size_t cadence_window_steps = 8;  ///< steps in the cadence median
};

/// Finds steps as upward zero crossings of the detrended hip height.
class StrideDetector {
 public:
  /// A detector with the given tuning.
  explicit StrideDetector(StrideDetectorParams params = {}) : params_(params) {}
  /// Feeds hip height (pixels, up positive) and the runner's scale (torso px). Returns the
  /// interpolated time of a step that ended.
  std::optional<double> add(double t_s, std::optional<double> hip_up_px, double scale_px);
  /// Cadence from the median of recent step durations, in steps per minute.
  [[nodiscard]] std::optional<double> cadence_spm() const;
  /// Time of the last step, if any.
  [[nodiscard]] std::optional<double> last_step_t_s() const { return last_crossing_t_s_; }

 private:
  StrideDetectorParams params_;
  std::optional<double> baseline_;
  std::optional<double> last_t_s_;
  double last_detrended_ = 0.0;
  bool armed_ = false;  // true once the bounce has gone below -hysteresis
  std::optional<double> last_crossing_t_s_;
  std::deque<double> step_durations_s_;
};

}  // namespace runform::form
