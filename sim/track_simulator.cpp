#include "sim/track_simulator.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>

#include "sim/body_model.h"
#include "sim/camera_projection.h"
#include "sim/stride_phase.h"

namespace runform::sim {
namespace {

using form::Keypoint;

bool in_any(const std::vector<Interval>& intervals, double t_s) {
  return std::any_of(intervals.begin(), intervals.end(), [t_s](const Interval& i) { return i.contains(t_s); });
}

bool is_right_side(std::size_t k) { return k >= 1 && k % 2 == 0; }  // COCO: even indices from 2

// Confidence a pose estimator would report: high when visible, lower for the far side in a
// side view (seen through the body), near zero when a handrail hides the joint.
double base_confidence(const CameraParams& cam, std::size_t k) {
  return cam.view == form::View::kSide && is_right_side(k) ? 0.55 : 0.9;
}

// The left/right mirror of a COCO keypoint index (the nose is its own).
std::size_t mirrored(std::size_t k) { return k == 0 ? 0 : (k % 2 == 1 ? k + 1 : k - 1); }

// True while the estimator has the left and right labels swapped.
bool labels_swapped(const RealismParams& q, double t_s, double fps) {
  if (q.label_swap_every_s <= 0.0 || q.label_swap_frames <= 0) return false;
  const double into_s = std::fmod(t_s, q.label_swap_every_s);
  return t_s >= q.label_swap_every_s && into_s < q.label_swap_frames / fps - 1e-9;
}

}  // namespace

form::TrackHeader header_for(const SimulationSpec& spec) {
  return {spec.camera.width_px, spec.camera.height_px, spec.camera.fps, spec.camera.view};
}

GroundTruth simulate(const SimulationSpec& spec, const FrameSink& sink) {
  if (const auto problem = validate(spec)) throw std::invalid_argument(*problem);
  const BodyModel body(spec.runner);
  // A second person walking past, off to the side of the belt.
  const BodyModel walker(passerby_params(spec.runner.duration_s + 10.0));

  GroundTruthOracle oracle(spec);
  std::mt19937 rng(spec.realism.seed);
  std::normal_distribution<double> unit_noise(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);

  const CameraParams& cam = spec.camera;
  const double dt_s = 1.0 / cam.fps;
  const double torso_px = body.body().torso_m * focal_px(cam) / cam.distance_m;
  const double sigma_px = spec.realism.noise_torso * torso_px;
  const double rail_height_m = body.body().hip_height_m + 0.10;
  StridePhase stride;

  const RealismParams& q = spec.realism;
  const auto frame_count = static_cast<long>(std::floor(spec.runner.duration_s * cam.fps));
  for (long i = 0; i < frame_count; ++i) {
    const double t_s = static_cast<double>(i) * dt_s;
    const bool moving = t_s >= spec.runner.standing_s;
    const bool on_rails = in_any(q.hands_on_rails, t_s);
    const bool passerby = in_any(q.passerby, t_s);

    Skeleton3 pose = body.pose(t_s, stride.radians(), on_rails);
    // Drifting on the belt moves the whole runner (a stopped belt does not drift them).
    const double drift = body.run_blend(t_s) * std::sin(2.0 * std::numbers::pi * t_s / q.belt_drift_period_s);
    for (Vec3& p : pose) {
      p.fwd += q.belt_drift_fwd_m * drift;
      p.lat += q.belt_drift_lat_m * drift;
    }
    form::PoseFrame clean;
    clean.t_s = t_s;
    for (std::size_t k = 0; k < form::kKeypointCount; ++k) {
      const form::Vec2 p = project(cam, pose[k]);
      clean.keypoints[k] = {p.x, p.y, 1.0};
    }
    // Strides the engine should score exclude standing, walking, the first second of running,
    // rails and passers-by.
    const bool after_pause = spec.runner.pause_s > 0.0 && t_s >= spec.runner.pause_at_s &&
                             t_s < spec.runner.pause_at_s + spec.runner.pause_s + 1.5;
    const bool scored = t_s >= body.running_from_s() + 1.5 && !on_rails && !passerby && !after_pause;
    // Advance the stride phase with the cadence in force (it may ramp with fatigue).
    const double cadence = StridePhase::cadence_spm(body, t_s);
    oracle.add(clean, stride.stride_index(), moving, scored);
    stride.advance(cadence, dt_s);

    if (uniform(rng) < spec.realism.drop_fraction) continue;
    form::PoseFrame observed;
    observed.t_s = t_s + (i == 0 ? 0.0 : (uniform(rng) * 2.0 - 1.0) * spec.realism.timestamp_jitter_s);
    const Skeleton3 source = passerby ? walker.pose(t_s, t_s * 2.0, false) : pose;
    for (std::size_t k = 0; k < form::kKeypointCount; ++k) {
      Vec3 p = source[k];
      if (passerby) {
        // Walking past beside the treadmill, well clear of the runner in the image.
        p.lat += cam.view == form::View::kFront ? 1.3 : -1.0;
        p.fwd += cam.view == form::View::kSide ? 1.2 : 0.0;
      }
      const form::Vec2 img = project(cam, p);
      double conf = std::clamp(base_confidence(cam, k) + 0.03 * unit_noise(rng), 0.0, 1.0);
      if (cam.view == form::View::kSide && is_right_side(k) && q.far_confidence_max > 0.0) {
        conf = q.far_confidence_min + (q.far_confidence_max - q.far_confidence_min) * uniform(rng);
      }
      const bool hidden_arm_joint =
          (spec.realism.hidden_arm == HiddenArm::kLeft && (k == 7 || k == 9)) ||
          (spec.realism.hidden_arm == HiddenArm::kRight && (k == 8 || k == 10));
      if (hidden_arm_joint && p.up < rail_height_m) conf = 0.05;
      const double noise = sigma_px * (conf < 0.3 ? 4.0 : 1.0);
      observed.keypoints[k] = {img.x + noise * unit_noise(rng), img.y + noise * unit_noise(rng), conf};
    }
    if (labels_swapped(q, t_s, cam.fps)) {
      const form::PoseFrame truth_labels = observed;
      for (std::size_t k = 0; k < form::kKeypointCount; ++k) observed.keypoints[k] = truth_labels.keypoints[mirrored(k)];
    }
    sink(observed);
  }
  return oracle.result();
}

SimulatedSession simulate(const SimulationSpec& spec) {
  SimulatedSession session;
  session.header = header_for(spec);
  session.frames.reserve(static_cast<std::size_t>(spec.runner.duration_s * spec.camera.fps));
  session.truth = simulate(spec, [&](const form::PoseFrame& f) { session.frames.push_back(f); });
  return session;
}

}  // namespace runform::sim
