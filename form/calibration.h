// The runner's personal baseline from standing still. Population cutoffs were measured
// standing, so faults are judged against this baseline (PRODUCT.md).
//
// Only still frames calibrate: no steps, and little hip and wrist motion. A runner who starts
// running at once has no baseline, and baseline-relative metrics say so ("no standing
// baseline") rather than compare running with running. A later still stretch (stepping onto
// the rails' side decks) calibrates then.
#pragma once

#include <deque>
#include <optional>
#include <vector>

#include "form/frame_features.h"

namespace runform::form {

/// Standing values of the baseline-relative metrics.
struct Baseline {
  std::optional<double> ear_shoulder_gap;  ///< front view, ÷ torso
  std::optional<double> forward_head_deg;  ///< side view
  std::optional<double> rounding;          ///< side view, ÷ torso
};

/// Tuning of the standing calibration.
struct CalibrationParams {
  double baseline_s = 3.0;       ///< PRODUCT.md: a ~3 s standing calibration
  /// A still stretch that ends with at least this much is a baseline too ("~3 s").
  double min_baseline_s = 2.0;
  double still_window_s = 1.0;   ///< motion is judged over this long
  /// Smoothed mid-hip height range (÷ torso) below which the hips are still: pose jitter gives
  /// ≈ 0.015, the smallest running bounce (3 cm) ≈ 0.06.
  double still_hip_range = 0.03;
  /// Wrist range (÷ torso, each axis): the rails test's 0.08 (a running swing moves ≥ 0.3).
  double still_wrist_range = 0.08;
  double max_frame_gap_s = 0.2;  ///< a longer hole does not count as still time
};

/// Finds still stretches and reduces their frames to the standing baseline.
class Calibrator {
 public:
  /// A calibrator with the given tuning.
  explicit Calibrator(CalibrationParams params = {}) : params_(params) {}
  /// Adds one frame's features, with the runner's scale and whether a step was counted within
  /// the still window. Returns true when hips and wrists were still over the window (a "step"
  /// then is pose jitter). Frames calibrate only when still and with no step in the window.
  bool add(const FrameFeatures& f, double scale_px, bool stepped_recently);
  /// The baseline, once baseline_s of still frames were collected.
  [[nodiscard]] const std::optional<Baseline>& baseline() const { return baseline_; }
  /// The tuning.
  [[nodiscard]] const CalibrationParams& params() const { return params_; }
  /// Seconds of still frames collected so far.
  [[nodiscard]] double still_s() const { return still_s_; }

 private:
  struct Sample {
    double t_s = 0.0;
    std::optional<double> hip_up_px;
    std::array<std::optional<Vec2>, 2> wrist_px;
    std::optional<double> gap;
    std::optional<double> forward;
    std::optional<double> rounding;
  };
  [[nodiscard]] bool window_is_still(double scale_px) const;
  void commit(const Sample& s);
  void finish();

  CalibrationParams params_;
  std::deque<Sample> window_;       // the last still_window_s of frames
  std::size_t uncommitted_ = 0;     // the newest frames of the window not yet taken as still
  std::optional<double> last_committed_t_s_;
  double still_s_ = 0.0;
  std::vector<std::optional<double>> gaps_;
  std::vector<std::optional<double>> forward_;
  std::vector<std::optional<double>> rounding_;
  std::optional<Baseline> baseline_;
};

}  // namespace runform::form
