// The stride phase of a simulated runner, integrated frame by frame with the cadence in force
// (the cadence may ramp with fatigue, so the phase is an integral, not cadence × t).
#pragma once

#include "sim/body_model.h"

namespace runform::sim {

/// Integrates one runner's stride phase over fixed time steps.
class StridePhase {
 public:
  /// The phase now, radians in [0, 2π); one stride is 2π.
  [[nodiscard]] double radians() const { return phase_rad_; }
  /// Completed strides so far.
  [[nodiscard]] long stride_index() const { return stride_index_; }
  /// The cadence the body runs at, at t_s (0 while standing, blended in over the first second).
  [[nodiscard]] static double cadence_spm(const BodyModel& body, double t_s);
  /// Moves the phase on by dt_s at the given cadence.
  void advance(double cadence_spm, double dt_s);
  /// The phase at t_s of a steady cadence from phase 0 at t = 0, radians in [0, 2π).
  [[nodiscard]] static double steady_radians(double cadence_spm, double t_s);

 private:
  double phase_rad_ = 0.0;
  long stride_index_ = 0;
};

/// The second person who walks past the treadmill: slower, smaller swing, shorter.
RunnerParams passerby_params(double duration_s);

}  // namespace runform::sim
