// A parametric kinematic runner in 3-D. Body frame: lat (+ toward the runner's left),
// up (+ up from the belt), fwd (+ the way the runner faces); metres.
#pragma once

#include <array>

#include "form/landmarks.h"
#include "sim/runner_params.h"

namespace runform::sim {

/// A point in the body frame, metres.
struct Vec3 {
  double lat = 0.0;
  double up = 0.0;
  double fwd = 0.0;
};

/// A 3-D COCO-17 skeleton.
using Skeleton3 = std::array<Vec3, form::kKeypointCount>;

/// Segment lengths from standing height (Winter 2009 anthropometric fractions).
struct Anthropometry {
  explicit Anthropometry(double height_cm);
  double hip_height_m, torso_m, shoulder_width_m, hip_width_m, neck_m, head_half_width_m;
  double upper_arm_m, forearm_m, thigh_m, shank_m;
};

/// Poses the runner. Stateless: the simulator integrates the stride phase.
class BodyModel {
 public:
  /// A model of this runner.
  explicit BodyModel(RunnerParams params);
  /// The parameters in force at t_s: fatigue ramps applied, blended from standing to walking
  /// (if there is a warm-up) and on to running.
  [[nodiscard]] RunnerParams effective(double t_s) const;
  /// 0 while standing (at the start or in a pause), 1 while moving, with 1 s blends.
  [[nodiscard]] double run_blend(double t_s) const;
  /// True inside a standing pause (blends included).
  [[nodiscard]] bool in_pause(double t_s) const;
  /// When running starts (after standing and the walking warm-up).
  [[nodiscard]] double running_from_s() const { return params_.standing_s + params_.walk_s; }
  /// The skeleton at t_s with the given stride phase (radians; one stride = 2π).
  [[nodiscard]] Skeleton3 pose(double t_s, double stride_phase_rad, bool hands_on_rails) const;
  /// Segment lengths.
  [[nodiscard]] const Anthropometry& body() const { return body_; }
  /// The parameters as given.
  [[nodiscard]] const RunnerParams& params() const { return params_; }

 private:
  RunnerParams params_;
  Anthropometry body_;
};

/// Every numeric parameter linearly between two runners (k = 0: from, 1: to).
RunnerParams mix(const RunnerParams& from, const RunnerParams& to, double k);

}  // namespace runform::sim
