// Per-landmark smoothing with confidence gating: low-confidence landmarks are held briefly,
// then dropped, and never fed to the filters.
#pragma once

#include <array>

#include "form/landmarks.h"
#include "form/one_euro_filter.h"

namespace runform::form {

/// Tuning of the landmark smoother.
struct SmootherParams {
  /// Below this confidence a landmark is not trusted (OpenPose/MoveNet demos use 0.2–0.3).
  double min_confidence = 0.3;
  /// How long an untrusted landmark keeps its last good position before it counts as missing.
  double hold_s = 0.2;
  /// Filter tuning; beta is per torso length per second, so it is resolution independent.
  /// Chosen so a 3 Hz wrist swing at 30 fps lags < 1 frame (tests/form/one_euro_filter_test.cpp).
  OneEuroParams filter{.min_cutoff_hz = 1.5, .beta = 4.0, .d_cutoff_hz = 1.0};
};

/// Smooths a stream of pose frames.
class LandmarkSmoother {
 public:
  /// A smoother with the given tuning.
  explicit LandmarkSmoother(SmootherParams params = {});
  /// Returns the smoothed frame; missing landmarks come out with confidence 0.
  /// torso_px scales the filter speed so tuning does not depend on resolution or distance.
  PoseFrame smooth(const PoseFrame& raw, double torso_px);
  /// Forgets all history (a new runner).
  void reset();
  /// Which landmarks of the last smoothed frame are held (stale) rather than fresh.
  [[nodiscard]] const std::array<bool, kKeypointCount>& held() const { return held_; }

 private:
  struct Track {
    OneEuroFilter x;
    OneEuroFilter y;
    Landmark last_good;
    double last_good_t_s = -1e9;
  };
  SmootherParams params_;
  std::array<Track, kKeypointCount> tracks_;
  std::array<bool, kKeypointCount> held_{};
};

}  // namespace runform::form
