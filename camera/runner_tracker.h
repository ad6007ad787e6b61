// RunnerTracker: finds the runner in the station's treadmill zone, then follows them the way
// BlazePose tracks its region of interest — each frame is estimated in a crop around the
// previous pose. People outside the zone are ignored; a joint that leaps to somebody else is
// rejected; a runner who leaves is re-acquired in the zone. Also says when hands hold the rails.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "camera/pose_estimator.h"
#include "camera/rails_detector.h"

namespace runform::camera {

/// The station as the camera sees it.
struct StationLayout {
  cv::Rect2d treadmill_zone;    ///< image px: the space above the belt; the runner's hips stay in it (empty: the whole frame)
  std::vector<RailLine> rails;  ///< handrail lines, image px
};

/// Tuning of the tracker.
struct TrackerParams {
  double min_confidence = 0.3;      ///< a keypoint below this is not seen
  int min_keypoints = 8;            ///< a person is at least this many seen keypoints
  double crop_margin = 0.2;         ///< the crop reaches this fraction beyond the farthest seen joint
  /// …and at least this many torso lengths from the hips: ankles sit ≈ 1.8 torso below them.
  double crop_torso_half = 2.1;
  double min_crop_px = 96.0;
  /// A joint moving more than this (÷ torso) in one frame leapt to something else: rejected,
  /// unless it stays there for `rejoin_frames` frames.
  double max_joint_jump_torso = 0.8;
  int rejoin_frames = 3;
  int lost_after_misses = 6;        ///< frames without a valid runner before the lock is released
  RailsParams rails;
};

/// The tracker's state.
enum class TrackState { kSearching, kLocked };

/// "searching", "locked".
std::string_view to_string(TrackState state);

/// One frame's outcome.
struct TrackedPose {
  form::PoseFrame pose;            ///< landmarks for the form engine (all confidence 0 when no runner)
  TrackState state = TrackState::kSearching;
  bool runner_found = false;       ///< this frame held a valid runner
  cv::Rect2d crop;                 ///< where the estimator looked
  int rejected_keypoints = 0;      ///< joints that leapt and were dropped this frame
  bool holding_rails = false;
};

class RunnerTracker {
 public:
  /// A tracker for this station over this estimator (which it does not own).
  RunnerTracker(StationLayout station, PoseEstimator& estimator, TrackerParams params = {});
  /// Tracks the runner in one BGR frame captured at t_s.
  TrackedPose track(const cv::Mat& bgr, double t_s);
  /// The station.
  [[nodiscard]] const StationLayout& station() const { return station_; }

 private:
  [[nodiscard]] cv::Rect2d search_crop() const;
  [[nodiscard]] cv::Rect2d follow_crop(const form::PoseFrame& previous) const;
  int reject_leaps(form::PoseFrame& pose, double torso_px);
  [[nodiscard]] bool is_runner(const form::PoseFrame& pose) const;

  StationLayout station_;
  PoseEstimator& estimator_;
  TrackerParams params_;
  RailsDetector rails_;
  TrackState state_ = TrackState::kSearching;
  std::optional<form::PoseFrame> previous_;    // last valid runner pose
  std::array<int, form::kKeypointCount> leapt_frames_{};
  int misses_ = 0;
  double torso_px_ = 0.0;
};

/// Torso length (mid-shoulder to mid-hip) of a pose, if its shoulders and hips are seen.
std::optional<double> torso_length_px(const form::PoseFrame& pose, double min_confidence);

}  // namespace runform::camera
