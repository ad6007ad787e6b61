#include "sim/runner_params.h"

#include <array>
#include <cmath>
#include <utility>

namespace runform::sim {
namespace {

using Field = std::pair<std::string_view, double RunnerParams::*>;
constexpr std::array<Field, 26> kFields{{
    {"height_cm", &RunnerParams::height_cm},
    {"cadence_spm", &RunnerParams::cadence_spm},
    {"speed_mps", &RunnerParams::speed_mps},
    {"arm_swing_deg", &RunnerParams::arm_swing_deg},
    {"elbow_angle_deg", &RunnerParams::elbow_angle_deg},
    {"elbow_range_deg", &RunnerParams::elbow_range_deg},
    {"midline_crossing", &RunnerParams::midline_crossing},
    {"lateral_excursion", &RunnerParams::lateral_excursion},
    {"shoulder_elevation_pct", &RunnerParams::shoulder_elevation_pct},
    {"shoulder_tilt_deg", &RunnerParams::shoulder_tilt_deg},
    {"forward_head_deg", &RunnerParams::forward_head_deg},
    {"head_tilt_deg", &RunnerParams::head_tilt_deg},
    {"shoulder_rounding", &RunnerParams::shoulder_rounding},
    {"trunk_lean_deg", &RunnerParams::trunk_lean_deg},
    {"trunk_rotation_deg", &RunnerParams::trunk_rotation_deg},
    {"lateral_sway_deg", &RunnerParams::lateral_sway_deg},
    {"breathing_rate_bpm", &RunnerParams::breathing_rate_bpm},
    {"breath_rise", &RunnerParams::breath_rise},
    {"arm_asymmetry_pct", &RunnerParams::arm_asymmetry_pct},
    {"vertical_oscillation_cm", &RunnerParams::vertical_oscillation_cm},
    {"standing_s", &RunnerParams::standing_s},
    {"walk_s", &RunnerParams::walk_s},
    {"walk_cadence_spm", &RunnerParams::walk_cadence_spm},
    {"pause_at_s", &RunnerParams::pause_at_s},
    {"pause_s", &RunnerParams::pause_s},
    {"duration_s", &RunnerParams::duration_s},
}};

}  // namespace

std::vector<std::string_view> runner_param_names() {
  std::vector<std::string_view> names;
  for (const auto& [name, field] : kFields) names.push_back(name);
  return names;
}

double* runner_param(RunnerParams& params, std::string_view name) {
  for (const auto& [n, field] : kFields) {
    if (n == name) return &(params.*field);
  }
  return nullptr;
}

std::optional<double> runner_param(const RunnerParams& params, std::string_view name) {
  for (const auto& [n, field] : kFields) {
    if (n == name) return params.*field;
  }
  return std::nullopt;
}

std::optional<std::string> validate(const SimulationSpec& spec) {
  const RunnerParams& r = spec.runner;
  for (const auto& [name, field] : kFields) {
    if (!std::isfinite(r.*field)) return std::string(name) + " must be a finite number";
  }
  if (r.height_cm < 100 || r.height_cm > 230) return std::string("height_cm must be within 100–230");
  if (r.cadence_spm < 100 || r.cadence_spm > 260) return std::string("cadence_spm must be within 100–260");
  if (r.elbow_angle_deg < 30 || r.elbow_angle_deg > 180) return std::string("elbow_angle_deg must be within 30–180");
  if (r.duration_s <= r.standing_s + r.walk_s + 5) {
    return std::string("duration_s must exceed standing_s + walk_s by at least 5 s");
  }
  if (r.standing_s < 0) return std::string("standing_s must not be negative");
  if (r.walk_s < 0) return std::string("walk_s must not be negative");
  if (r.pause_s < 0 || (r.pause_s > 0 && r.pause_at_s < r.standing_s + r.walk_s)) {
    return std::string("a standing pause must come after the start of running and not be negative");
  }
  if (r.walk_cadence_spm < 60 || r.walk_cadence_spm > 140) return std::string("walk_cadence_spm must be within 60–140");
  if (r.breathing_rate_bpm < 6 || r.breathing_rate_bpm > 60) return std::string("breathing_rate_bpm must be within 6–60");
  for (const FatigueRamp& f : r.fatigue) {
    if (!runner_param(r, f.param)) return "fatigue: unknown parameter '" + f.param + "'";
    if (f.start_fraction < 0 || f.start_fraction >= 1) return std::string("fatigue: start_fraction must be in [0,1)");
  }
  const CameraParams& c = spec.camera;
  if (c.view == form::View::kAuto) return std::string("camera view must be front or side");
  if (c.width_px < 64 || c.height_px < 64) return std::string("camera resolution must be at least 64×64");
  if (c.fps < 5 || c.fps > 240) return std::string("camera fps must be within 5–240");
  if (c.distance_m < 1.5 || c.distance_m > 10) return std::string("camera distance_m must be within 1.5–10");
  if (std::abs(c.yaw_deg) > 45) return std::string("camera yaw_deg must be within ±45");
  if (std::abs(c.pitch_deg) > 45) return std::string("camera pitch_deg must be within ±45");
  if (c.height_m < 0.3 || c.height_m > 2.5) return std::string("camera height_m must be within 0.3–2.5");
  const RealismParams& q = spec.realism;
  if (q.noise_torso < 0 || q.noise_torso > 0.2) return std::string("noise_torso must be within 0–0.2");
  if (q.drop_fraction < 0 || q.drop_fraction > 0.5) return std::string("drop_fraction must be within 0–0.5");
  if (q.far_confidence_min < 0 || q.far_confidence_max > 1 || q.far_confidence_min > q.far_confidence_max) {
    return std::string("far_confidence_min/max must satisfy 0 ≤ min ≤ max ≤ 1");
  }
  if (q.label_swap_every_s < 0 || q.label_swap_frames < 0) return std::string("label swaps must not be negative");
  if (q.belt_drift_period_s <= 0) return std::string("belt_drift_period_s must be positive");
  return std::nullopt;
}

}  // namespace runform::sim
