// Parameters of the synthetic runner, the camera that films it, and the realism added on top.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "form/landmarks.h"

namespace runform::sim {

/// A linear change of one runner parameter over the running part of the session (fatigue).
struct FatigueRamp {
  std::string param;            ///< a RunnerParams field name, e.g. "shoulder_elevation_pct"
  double delta = 0.0;           ///< change reached at the end of the run, in the field's unit
  double start_fraction = 0.0;  ///< fraction of the run after which the ramp begins
};

/// The runner's body and form. Defaults describe a clean, healthy runner.
struct RunnerParams {
  double height_cm = 175.0;
  double cadence_spm = 172.0;
  double speed_mps = 3.2;                 ///< belt speed: sets step length and so leg swing
  double arm_swing_deg = 30.0;            ///< peak shoulder flexion/extension from neutral
  double elbow_angle_deg = 90.0;          ///< mean shoulder–elbow–wrist angle while running
  double elbow_range_deg = 20.0;          ///< elbow angle change within a stride
  double midline_crossing = -0.15;        ///< ÷ shoulder width; how far the wrist passes the midline
  double lateral_excursion = 0.25;        ///< ÷ shoulder width; wrist side-to-side range
  double shoulder_elevation_pct = 0.0;    ///< % drop of the ear–shoulder gap while running
  double shoulder_tilt_deg = 0.0;         ///< left shoulder higher when positive
  double forward_head_deg = 0.0;          ///< extra forward neck angle while running
  double head_tilt_deg = 0.0;             ///< head roll, left ear up when positive
  double shoulder_rounding = 0.0;         ///< shoulders forward of the spine, ÷ torso, while running
  double trunk_lean_deg = 8.0;            ///< forward lean from vertical
  double trunk_rotation_deg = 6.0;        ///< shoulder-girdle yaw amplitude per stride
  double lateral_sway_deg = 2.0;          ///< trunk roll amplitude per stride
  double breathing_rate_bpm = 30.0;       ///< breaths per minute
  double breath_rise = 0.004;             ///< shoulder rise amplitude per breath, ÷ torso
  double arm_asymmetry_pct = 0.0;         ///< left swing larger by half this, right smaller by half
  double vertical_oscillation_cm = 7.0;   ///< mid-hip peak-to-peak bounce
  double standing_s = 4.0;                ///< standing calibration phase at the start (0: no standing start)
  double walk_s = 0.0;                    ///< walking warm-up after standing, before running
  double walk_cadence_spm = 115.0;        ///< walking cadence (100–130 spm)
  double pause_at_s = 0.0;                ///< a standing pause later in the run (on the side decks)
  double pause_s = 0.0;                   ///< its length (0: none); 1 s blends in and out of it
  double duration_s = 60.0;               ///< whole session, standing included
  std::vector<FatigueRamp> fatigue;
};

/// The camera.
struct CameraParams {
  form::View view = form::View::kFront;
  double distance_m = 3.5;
  double height_m = 1.0;  ///< lens height above the treadmill belt
  int width_px = 640;
  int height_px = 480;
  double fps = 30.0;
  double vertical_fov_deg = 45.0;
  /// The camera swung around the runner (about the vertical through the belt centre), still
  /// facing them; + moves a front camera toward the runner's left, a side camera toward the front.
  double yaw_deg = 0.0;
  double pitch_deg = 0.0;  ///< optical axis below horizontal (aim_pitch_deg aims it at the torso)
};


/// An interval of the session, in seconds.
struct Interval {
  double start_s = 0.0;
  double end_s = 0.0;
  /// True when t is inside.
  [[nodiscard]] bool contains(double t_s) const { return t_s >= start_s && t_s < end_s; }
};

/// Which arm a handrail hides whenever it passes below the rail.
enum class HiddenArm { kNone, kLeft, kRight };

/// Imperfections of a real pose estimator and a real gym.
struct RealismParams {
  double noise_torso = 0.015;       ///< landmark noise σ as a fraction of torso length
  double drop_fraction = 0.05;      ///< share of frames lost
  double timestamp_jitter_s = 0.003;
  HiddenArm hidden_arm = HiddenArm::kNone;
  std::vector<Interval> hands_on_rails;
  std::vector<Interval> passerby;   ///< the estimator locks onto a person walking past
  /// Side view: the far shoulder, hip, elbow, wrist, ear, eye, knee and ankle get confidences
  /// drawn uniformly from [far_confidence_min, far_confidence_max] each frame, as a real pose
  /// model gives for occluded joints (0.05–0.4); a max of 0 keeps the default 0.55.
  double far_confidence_min = 0.0;
  double far_confidence_max = 0.0;
  /// Every this many seconds the estimator swaps the left and right labels for
  /// label_swap_frames frames (0: never).
  double label_swap_every_s = 0.0;
  int label_swap_frames = 3;
  /// The runner drifting on the belt: peak offset fore-aft and sideways, and the period.
  double belt_drift_fwd_m = 0.0;
  double belt_drift_lat_m = 0.0;
  double belt_drift_period_s = 20.0;
  unsigned seed = 1;
};

/// Everything a simulation needs.
struct SimulationSpec {
  RunnerParams runner;
  CameraParams camera;
  RealismParams realism;
};

/// Names of the numeric RunnerParams fields (for flags, files and fatigue ramps).
std::vector<std::string_view> runner_param_names();
/// Pointer to a numeric RunnerParams field by name, or null.
double* runner_param(RunnerParams& params, std::string_view name);
/// Const access to a numeric RunnerParams field by name, or nullopt.
std::optional<double> runner_param(const RunnerParams& params, std::string_view name);
/// Checks ranges and names; returns a user-facing problem or nullopt.
std::optional<std::string> validate(const SimulationSpec& spec);

}  // namespace runform::sim
