// Step detection from the vertical bounce of the hips. Timestamps come from the frames, so
// dropped frames and uneven spacing only cost resolution, never correctness.
//
// The signal is the *unsmoothed* hip height, band-limited to the step band: the landmark
// smoother's low cutoff (1.5 Hz) sits below the step rate (≈ 3 Hz) and shrinks a small bounce by
// ~40%, so a third of the steps of a 4 cm bounce would miss the hysteresis.
#pragma once

#include <deque>
#include <optional>

namespace runform::form {

/// Tuning of the step detector.
struct StrideDetectorParams {
  double detrend_tau_s = 0.5;       ///< high-pass: slow baseline removed (cutoff ≈ 0.3 Hz, below walking steps at 1.7 Hz)
  double lowpass_hz = 6.0;          ///< two one-pole low-passes: above running steps (≤ 3.3 Hz), below pose jitter
  double hysteresis = 0.006;        ///< ÷ torso; the band-limited bounce must dip below −this to arm (a 3 cm bounce reaches −0.023)
  double min_step_s = 60.0 / 300.0; ///< fastest plausible cadence: 300 steps/min
  double max_step_s = 60.0 / 80.0;  ///< slowest step counted: 80 steps/min (walking is ≥ 100)
  double max_gap_s = 0.3;           ///< a longer hole in the data restarts detection
  /// An interval beyond this × the recent median is a missed step, not a long one (issue 9):
  /// a missed step doubles the interval, the fastest real slowdown (run → walk) is ≈ 1.45×.
  double max_interval_ratio = 1.5;
  /// An interval of about twice the median (within these ratios) is one missed step (a dropped
  /// frame or a flat beat): the step in between is inferred at the midpoint.
  double missed_step_min_ratio = 1.7;
  double missed_step_max_ratio = 2.3;
  /// A crossing sooner than this × the median after the last step is jitter, not a step.
  double min_interval_ratio = 0.5;
  /// Intervals that agree within this ratio lock the rhythm (at the start, or at a new pace).
  double lock_agreement = 1.3;
  std::size_t cadence_window_steps = 8;  ///< steps in the cadence estimate and the missed-step median
};

/// One detected step.
struct DetectedStep {
  double t_s = 0.0;         ///< interpolated time of the step
  double interval_s = 0.0;  ///< time since the previous counted step (0 when follows_gap)
  /// True when the interval before it was not counted (start, a hole, a missed step): a stride
  /// in progress cannot be trusted and starts afresh here.
  bool follows_gap = false;
  /// A step missed just before this one, inferred midway (the interval was about twice the median).
  std::optional<double> inferred_before_t_s;
};

/// Finds steps as upward zero crossings of the band-limited hip height.
class StrideDetector {
 public:
  /// A detector with the given tuning.
  explicit StrideDetector(StrideDetectorParams params = {}) : params_(params) {}
  /// Feeds the raw hip height (pixels, up positive) and the runner's scale (torso px).
  /// Returns a step that ended at this sample.
  std::optional<DetectedStep> add(double t_s, std::optional<double> hip_up_px, double scale_px);
  /// Cadence from the mean of recent step durations, in steps per minute.
  [[nodiscard]] std::optional<double> cadence_spm() const;
  /// Time of the last counted step, if any (cleared by a hole in the data).
  [[nodiscard]] std::optional<double> last_step_t_s() const { return last_step_t_s_; }
  /// Intervals rejected so far (too long to be a step, not twice a step either).
  [[nodiscard]] std::size_t intervals_rejected() const { return intervals_rejected_; }
  /// Missed steps inferred so far.
  [[nodiscard]] std::size_t steps_inferred() const { return steps_inferred_; }

 private:
  void restart();
  std::optional<DetectedStep> on_crossing(double crossing_t_s);
  [[nodiscard]] std::optional<double> median_step_s() const;

  StrideDetectorParams params_;
  std::optional<double> last_t_s_;
  double baseline_px_ = 0.0;
  double low1_ = 0.0;
  double low2_ = 0.0;
  double last_band_ = 0.0;
  bool armed_ = false;  // true once the bounce has gone below -hysteresis
  std::optional<double> last_crossing_t_s_;  // the last crossing taken as a step candidate
  std::optional<double> last_step_t_s_;
  std::deque<double> step_durations_s_;
  std::deque<double> unlocked_intervals_s_;  // candidate intervals while no rhythm is locked
  bool locked_ = false;
  bool fresh_ = true;  // no step counted since the start or the last restart
  std::size_t intervals_rejected_ = 0;
  std::size_t steps_inferred_ = 0;
};

}  // namespace runform::form
