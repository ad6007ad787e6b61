// The form engine: one pose frame in, smoothed landmarks, metrics, scores and cue events out.
// Metrics update once per stride (two steps); the cue engine runs every frame.
#pragma once

#include <deque>
#include <optional>
#include <vector>

#include "form/breathing.h"
#include "form/calibration.h"
#include "form/camera_yaw.h"
#include "form/cue_engine.h"
#include "form/frame_features.h"
#include "form/landmark_smoother.h"
#include "form/scores.h"
#include "form/side_selection.h"
#include "form/stride_detector.h"
#include "form/stride_metrics.h"
#include "form/view_detector.h"

namespace runform::form {

/// Settings of one session's analysis.
struct EngineConfig {
  View view = View::kAuto;           ///< kAuto detects the view
  double baseline_s = 3.0;           ///< PRODUCT.md: ~3 s of still frames make the standing baseline
  std::optional<double> height_cm;   ///< enables cm units
  std::size_t recent_strides = 5;    ///< live metrics are the median of this many strides (≈ 4 s)
  double not_striding_after_s = 2.0; ///< no step for this long: the runner stopped
  double absent_after_s = 1.0;       ///< no torso for this long: nobody is on the treadmill
  double scale_window_s = 3.0;       ///< PRODUCT.md: scale is a median over the last few seconds
  /// The skeleton jumping more than this (÷ torso) in one frame is somebody else; rejected
  /// unless it persists for identity_reacquire_s (then it is the runner, re-acquired).
  double identity_jump_torso = 1.0;
  double identity_reacquire_s = 1.0;
  double breath_update_s = 2.0;      ///< how often the breathing scan runs
  SmootherParams smoother;
  CueTiming cue_timing;
};

/// What the runner is doing, as far as the engine can tell. Walking (a warm-up) is neither
/// scored nor reported as the running cadence.
enum class RunnerState { kNoRunner, kCalibrating, kWaitingForStride, kRunning, kHoldingRails, kWalking };

/// Below this cadence a stride is walking, not running. Walking cadence is 100–130 spm and
/// running rarely below 150 (Tongen & Wunderlich 2010; PRODUCT.md: 164–183 typical).
inline constexpr double kWalkingBelowSpm = 140.0;

/// "no_runner", "calibrating", "waiting_for_stride", "running", "holding_rails", "walking".
std::string_view to_string(RunnerState state);

/// Raw hip position and torso length of one frame: the mid-points of both sides, or the near
/// side's joints in a side view whose far side is occluded.
struct TorsoFix {
  Vec2 mid_hip;
  double torso_px = 0.0;
  double centre_y_px = 0.0;  ///< height of the torso's centre (shoulders and hips), for steps
};

/// Metrics and scores of one completed stride.
struct StrideRecord {
  double t_start_s = 0.0;
  double t_end_s = 0.0;
  MetricSet metrics;
  Scores scores;
  bool holding_rails = false;
  bool walking = false;               ///< cadence below kWalkingBelowSpm: not scored
  std::vector<MetricId> live_faults;  ///< the live faults (what the cues saw) when it closed
};

/// One breathing estimate.
struct BreathRecord {
  double t_s = 0.0;
  BreathEstimate estimate;
};

/// The engine's output for one frame.
struct FrameResult {
  double t_s = 0.0;
  View view = View::kFront;
  RunnerState state = RunnerState::kNoRunner;
  bool accepted = false;        ///< false when the frame was rejected (somebody else, no runner)
  PoseFrame smoothed;
  std::vector<CueEvent> cue_events;  ///< changes of the on-screen message at this frame
};

/// What the camera side knows about a frame beyond its landmarks.
struct FrameHints {
  bool holding_rails = false;  ///< the tracker saw the wrists held still on a handrail
};

/// Streaming form engine. Feed frames in time order.
class FormEngine {
 public:
  /// An engine with the given settings and cue definitions.
  FormEngine(EngineConfig config, std::vector<CueDef> cues);

  /// Processes one frame. The reference stays valid until the next call.
  const FrameResult& process(const PoseFrame& raw, FrameHints hints = {});

  /// Live metrics: median of the recent strides (or the reason none are measurable).
  [[nodiscard]] const MetricSet& current_metrics() const { return current_metrics_; }
  /// Live scores from current_metrics().
  [[nodiscard]] const Scores& current_scores() const { return current_scores_; }
  /// Live faults from current_metrics().
  [[nodiscard]] const std::vector<MetricId>& current_faults() const { return current_faults_; }
  /// The message on screen now.
  [[nodiscard]] const std::optional<CueEvent>& on_screen_cue() const { return cues_.on_screen(); }
  /// Every stride so far.
  [[nodiscard]] const std::vector<StrideRecord>& strides() const { return strides_; }
  /// Every breathing estimate so far.
  [[nodiscard]] const std::vector<BreathRecord>& breath_log() const { return breath_log_; }
  /// Every show and positive event so far.
  [[nodiscard]] const std::vector<CueEvent>& cue_log() const { return cue_log_; }
  /// The baseline, once calibration finished.
  [[nodiscard]] const std::optional<Baseline>& baseline() const { return baseline_; }
  /// The current view.
  [[nodiscard]] View view() const { return view_detector_.current(); }
  /// The runner's scale: robust torso length in pixels (0 until a torso was seen).
  [[nodiscard]] double scale_px() const { return scale_px_; }
  /// Frames rejected as another person.
  [[nodiscard]] std::size_t frames_rejected() const { return frames_rejected_; }
  /// The settings.
  [[nodiscard]] const EngineConfig& config() const { return config_; }
  /// The side the camera sees (meaningful in the side view).
  [[nodiscard]] Side near_side() const { return near_side_.current(); }
  /// Frames whose left/right labels were swapped back.
  [[nodiscard]] std::size_t label_swaps_undone() const { return swap_guard_.swaps_undone(); }
  /// The front camera's estimated yaw in degrees (nullopt before a head was seen, or from the side).
  [[nodiscard]] std::optional<double> camera_yaw_deg() const { return camera_yaw_.yaw_deg(); }
  /// Step intervals rejected as missed steps.
  [[nodiscard]] std::size_t step_intervals_rejected() const { return stride_detector_.intervals_rejected(); }

 private:
  void update_view(const PoseFrame& raw);
  bool gate_identity(double t_s, const TorsoFix& fix);
  void update_scale(double t_s, double torso_px);
  void on_step(const DetectedStep& step);
  void close_stride(double end_t_s);
  void update_breathing(const FrameFeatures& f, bool striding);
  void refresh_current(double t_s, bool striding);
  void rebuild_snapshot(bool striding);

  EngineConfig config_;
  LandmarkSmoother smoother_;
  LabelSwapGuard swap_guard_;
  NearSideSelector near_side_;
  ViewDetector view_detector_;
  StrideDetector stride_detector_;
  BreathingEstimator breathing_;
  CueEngine cues_;
  Calibrator calibrator_;
  CameraYawEstimator camera_yaw_;  // front view: the yaw and the perspective it gives
  PoseFrame working_;  // the frame after label correction and near-side masking

  FrameResult result_;
  std::optional<double> first_seen_s_;
  std::optional<double> last_present_s_;
  std::optional<Baseline> baseline_;
  double scale_px_ = 0.0;
  std::deque<std::pair<double, double>> torso_samples_;  // (t_s, torso_px)
  int frames_since_scale_ = 0;
  double facing_vote_ = 0.0;  // smoothed facing sign evidence
  std::optional<Vec2> last_hip_px_;
  std::optional<double> rejecting_since_s_;
  std::size_t frames_rejected_ = 0;

  std::optional<double> last_step_s_;  // the last step counted (never one while standing still)
  std::optional<double> stride_start_s_;
  int steps_in_stride_ = 0;
  std::vector<FrameFeatures> stride_frames_;
  std::optional<double> last_breath_update_s_;
  std::optional<BreathEstimate> latest_breath_;

  std::vector<StrideRecord> strides_;
  std::vector<BreathRecord> breath_log_;
  std::vector<CueEvent> cue_log_;
  MetricSet current_metrics_;
  Scores current_scores_;
  std::vector<MetricId> current_faults_;
  std::size_t snapshot_strides_ = 0;
  bool snapshot_striding_ = false;
};

}  // namespace runform::form
