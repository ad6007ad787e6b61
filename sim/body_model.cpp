#include "sim/body_model.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace runform::sim {
namespace {

using form::Keypoint;

double rad(double deg) { return deg * std::numbers::pi / 180.0; }

Vec3 add(Vec3 a, Vec3 b) { return {a.lat + b.lat, a.up + b.up, a.fwd + b.fwd}; }
Vec3 scale(Vec3 a, double k) { return {a.lat * k, a.up * k, a.fwd * k}; }

// Trunk orientation: lean (forward about lat), then roll (toward the left about fwd), then yaw.
struct Rotation {
  double lean, roll, yaw;
  [[nodiscard]] Vec3 apply(Vec3 v) const {
    Vec3 a{v.lat, v.up * std::cos(lean) - v.fwd * std::sin(lean), v.up * std::sin(lean) + v.fwd * std::cos(lean)};
    Vec3 b{a.lat * std::cos(roll) + a.up * std::sin(roll), -a.lat * std::sin(roll) + a.up * std::cos(roll), a.fwd};
    return {b.lat * std::cos(yaw) + b.fwd * std::sin(yaw), b.up, -b.lat * std::sin(yaw) + b.fwd * std::cos(yaw)};
  }
};

double lerp(double a, double b, double k) { return a + (b - a) * k; }

void set(Skeleton3& s, Keypoint k, Vec3 v) { s[static_cast<std::size_t>(k)] = v; }

}  // namespace

Anthropometry::Anthropometry(double height_cm) {
  const double h = height_cm / 100.0;
  hip_height_m = 0.530 * h;
  torso_m = 0.288 * h;
  shoulder_width_m = 0.230 * h;
  hip_width_m = 0.110 * h;
  neck_m = 0.075 * h;
  head_half_width_m = 0.045 * h;
  upper_arm_m = 0.186 * h;
  forearm_m = 0.146 * h;
  thigh_m = 0.245 * h;
  shank_m = 0.246 * h;
}

BodyModel::BodyModel(RunnerParams params) : params_(std::move(params)), body_(params_.height_cm) {}

double BodyModel::run_blend(double t_s) const {
  const double started = std::clamp(t_s - params_.standing_s, 0.0, 1.0);
  if (!in_pause(t_s)) return started;
  const double into_pause = std::min(t_s - params_.pause_at_s, params_.pause_at_s + params_.pause_s - t_s);
  return started * (1.0 - std::clamp(into_pause, 0.0, 1.0));
}

bool BodyModel::in_pause(double t_s) const {
  return params_.pause_s > 0.0 && t_s >= params_.pause_at_s && t_s < params_.pause_at_s + params_.pause_s;
}

RunnerParams BodyModel::effective(double t_s) const {
  RunnerParams p = params_;
  const double run_s = params_.duration_s - running_from_s();
  const double progress = std::clamp((t_s - running_from_s()) / run_s, 0.0, 1.0);
  for (const FatigueRamp& ramp : params_.fatigue) {
    if (double* field = runner_param(p, ramp.param)) {
      const double k = std::clamp((progress - ramp.start_fraction) / (1.0 - ramp.start_fraction), 0.0, 1.0);
      *field += ramp.delta * k;
    }
  }
  // Standing posture: upright, arms hanging, none of the running faults.
  RunnerParams standing = p;
  standing.cadence_spm = 0.0;
  standing.trunk_lean_deg = 0.0;
  standing.trunk_rotation_deg = 0.0;
  standing.speed_mps = 0.0;
  standing.lateral_sway_deg = 0.0;
  standing.arm_swing_deg = 0.0;
  standing.elbow_angle_deg = 165.0;
  standing.elbow_range_deg = 0.0;
  standing.midline_crossing = -0.6;
  standing.lateral_excursion = 0.0;
  standing.shoulder_elevation_pct = 0.0;
  standing.shoulder_tilt_deg = 0.0;
  standing.forward_head_deg = 0.0;
  standing.head_tilt_deg = 0.0;
  standing.shoulder_rounding = 0.0;
  standing.vertical_oscillation_cm = 0.0;
  standing.breath_rise = 0.002;  // quiet breathing
  const double moving = run_blend(t_s);
  if (params_.walk_s <= 0.0 || t_s >= running_from_s() + 1.0) return mix(standing, p, moving);
  // A brisk walk (warm-up): short arm swing, a small bounce, upright, no running faults.
  RunnerParams walking = standing;
  walking.cadence_spm = params_.walk_cadence_spm;
  walking.speed_mps = 1.5;
  walking.trunk_lean_deg = 2.0;
  walking.trunk_rotation_deg = 3.0;
  walking.lateral_sway_deg = 1.0;
  walking.arm_swing_deg = 12.0;
  walking.elbow_angle_deg = 140.0;
  walking.elbow_range_deg = 10.0;
  walking.midline_crossing = -0.4;
  walking.lateral_excursion = 0.1;
  walking.vertical_oscillation_cm = 3.5;
  walking.breath_rise = 0.003;
  const double running = std::clamp(t_s - running_from_s(), 0.0, 1.0);
  return mix(mix(standing, walking, moving), p, running);
}

RunnerParams mix(const RunnerParams& from, const RunnerParams& to, double k) {
  RunnerParams out = to;
  for (std::string_view name : runner_param_names()) {
    *runner_param(out, name) = lerp(*runner_param(from, name), *runner_param(to, name), k);
  }
  return out;
}

Skeleton3 BodyModel::pose(double t_s, double phase, bool hands_on_rails) const {
  const RunnerParams p = effective(t_s);
  const Anthropometry& b = body_;
  Skeleton3 s{};

  const double bounce_m = p.vertical_oscillation_cm / 100.0 / 2.0 * std::cos(2.0 * phase);
  const Vec3 hip_mid{0.0, b.hip_height_m + bounce_m, 0.0};
  const Rotation trunk{rad(p.trunk_lean_deg), rad(p.lateral_sway_deg) * std::sin(phase),
                       rad(p.trunk_rotation_deg) * std::sin(phase)};
  // Spine top at shoulder level; shoulders, neck and head hang off it.
  const Vec3 spine_top = add(hip_mid, trunk.apply({0.0, b.torso_m, 0.0}));

  // Natural forward neck angle of an upright adult (ear slightly ahead of the shoulder).
  constexpr double kNaturalNeckDeg = 10.0;
  const double neck = rad(kNaturalNeckDeg + p.forward_head_deg);
  const Vec3 ear_mid = add(spine_top, trunk.apply({0.0, b.neck_m * std::cos(neck), b.neck_m * std::sin(neck)}));
  // The head is held level in the world (runners stabilise it), apart from the tilt fault.
  const double tilt = rad(p.head_tilt_deg);
  auto head_offset = [&](double lat, double up, double fwd) {
    return add(ear_mid, {lat * std::cos(tilt) - up * std::sin(tilt), lat * std::sin(tilt) + up * std::cos(tilt), fwd});
  };
  set(s, Keypoint::kLeftEar, head_offset(b.head_half_width_m, 0.0, 0.0));
  set(s, Keypoint::kRightEar, head_offset(-b.head_half_width_m, 0.0, 0.0));
  set(s, Keypoint::kLeftEye, head_offset(0.032, 0.025, 0.085));
  set(s, Keypoint::kRightEye, head_offset(-0.032, 0.025, 0.085));
  set(s, Keypoint::kNose, head_offset(0.0, -0.01, 0.11));

  const double breath = p.breath_rise * b.torso_m *
                        std::sin(2.0 * std::numbers::pi * p.breathing_rate_bpm / 60.0 * t_s);
  const double gap_m = b.neck_m * std::cos(rad(kNaturalNeckDeg));
  const double raise_m = p.shoulder_elevation_pct / 100.0 * gap_m + breath;
  const double half_sw = b.shoulder_width_m / 2.0;
  const double tilt_m = half_sw * std::tan(rad(p.shoulder_tilt_deg));
  const double round_m = p.shoulder_rounding * b.torso_m;
  const std::array<Vec3, 2> shoulder_local{Vec3{half_sw, raise_m + tilt_m, round_m},
                                           Vec3{-half_sw, raise_m - tilt_m, round_m}};

  const std::array<Keypoint, 2> shoulders{Keypoint::kLeftShoulder, Keypoint::kRightShoulder};
  const std::array<Keypoint, 2> elbows{Keypoint::kLeftElbow, Keypoint::kRightElbow};
  const std::array<Keypoint, 2> wrists{Keypoint::kLeftWrist, Keypoint::kRightWrist};
  const std::array<Keypoint, 2> hips{Keypoint::kLeftHip, Keypoint::kRightHip};
  const std::array<Keypoint, 2> knees{Keypoint::kLeftKnee, Keypoint::kRightKnee};
  const std::array<Keypoint, 2> ankles{Keypoint::kLeftAnkle, Keypoint::kRightAnkle};
  for (std::size_t side = 0; side < 2; ++side) {
    const double own = side == 0 ? 1.0 : -1.0;  // +lat is the left side
    const double arm_phase = phase + (side == 0 ? 0.0 : std::numbers::pi);
    const Vec3 shoulder = add(spine_top, trunk.apply(shoulder_local[side]));
    set(s, shoulders[side], shoulder);

    if (hands_on_rails) {
      const Vec3 wrist{own * (half_sw + 0.10), b.hip_height_m + 0.05, 0.30};
      set(s, wrists[side], wrist);
      set(s, elbows[side], add(scale(add(shoulder, wrist), 0.5), {own * 0.05, -0.10, -0.05}));
    } else {
      const double amp = rad(p.arm_swing_deg) * (1.0 + own * p.arm_asymmetry_pct / 200.0);
      const double swing = amp * std::sin(arm_phase);
      // The elbow closes on the forward swing and opens on the back swing.
      const double elbow = rad(p.elbow_angle_deg - p.elbow_range_deg / 2.0 * std::sin(arm_phase));
      const double forearm_from_down = swing + std::numbers::pi - elbow;
      // Wrist lateral position from the midline (+ = own side): most inward at the front of the swing.
      const double w_min = -p.midline_crossing * b.shoulder_width_m;
      const double w_max = w_min + p.lateral_excursion * b.shoulder_width_m;
      const double w = w_max - (w_max - w_min) * (1.0 + std::sin(arm_phase)) / 2.0;
      const Vec3 elbow_local{own * (0.5 * half_sw + 0.5 * w + 0.03) - shoulder_local[side].lat,
                             -b.upper_arm_m * std::cos(swing), b.upper_arm_m * std::sin(swing)};
      const Vec3 wrist_local{own * w - shoulder_local[side].lat,
                             elbow_local.up - b.forearm_m * std::cos(forearm_from_down),
                             elbow_local.fwd + b.forearm_m * std::sin(forearm_from_down)};
      set(s, elbows[side], add(spine_top, trunk.apply(add(shoulder_local[side], elbow_local))));
      set(s, wrists[side], add(spine_top, trunk.apply(add(shoulder_local[side], wrist_local))));
    }

    // Legs: opposite to the same-side arm.
    const Vec3 hip = add(hip_mid, {own * b.hip_width_m / 2.0, 0.0, 0.0});
    set(s, hips[side], hip);
    const double leg_phase = arm_phase + std::numbers::pi;
    // Step length = speed ÷ step rate; each thigh swings half a step either side of vertical.
    const double step_m = p.cadence_spm > 0.0 ? p.speed_mps * 60.0 / p.cadence_spm : 0.0;
    const double thigh = std::atan(step_m / 2.0 / (b.thigh_m + b.shank_m)) * std::sin(leg_phase);
    const double knee_bend = rad(15.0 + 45.0 * std::max(0.0, -std::cos(leg_phase)) * run_blend(t_s));
    const Vec3 knee = add(hip, {0.0, -b.thigh_m * std::cos(thigh), b.thigh_m * std::sin(thigh)});
    set(s, knees[side], knee);
    set(s, ankles[side], add(knee, {0.0, -b.shank_m * std::cos(thigh - knee_bend), b.shank_m * std::sin(thigh - knee_bend)}));
  }
  return s;
}

}  // namespace runform::sim
