#include "camera/runner_tracker.h"

#include <algorithm>
#include <cmath>

namespace runform::camera {
namespace {

using form::Keypoint;

// The middle of a left/right pair; in a side view the far one is often hidden, and the near
// one stands in for the pair.
std::optional<form::Vec2> mid_of(const form::PoseFrame& p, Keypoint a, Keypoint b, double min_conf) {
  const form::Landmark& la = p.at(a);
  const form::Landmark& lb = p.at(b);
  const bool seen_a = la.confidence >= min_conf;
  const bool seen_b = lb.confidence >= min_conf;
  if (seen_a && seen_b) return form::midpoint({la.x_px, la.y_px}, {lb.x_px, lb.y_px});
  if (seen_a) return form::Vec2{la.x_px, la.y_px};
  if (seen_b) return form::Vec2{lb.x_px, lb.y_px};
  return std::nullopt;
}

cv::Rect2d square_around(double cx, double cy, double side) { return {cx - side / 2.0, cy - side / 2.0, side, side}; }

}  // namespace

std::string_view to_string(TrackState state) { return state == TrackState::kLocked ? "locked" : "searching"; }

std::optional<double> torso_length_px(const form::PoseFrame& pose, double min_confidence) {
  const auto shoulders = mid_of(pose, Keypoint::kLeftShoulder, Keypoint::kRightShoulder, min_confidence);
  const auto hips = mid_of(pose, Keypoint::kLeftHip, Keypoint::kRightHip, min_confidence);
  if (!shoulders || !hips) return std::nullopt;
  return form::norm(*shoulders - *hips);
}

RunnerTracker::RunnerTracker(StationLayout station, PoseEstimator& estimator, TrackerParams params)
    : station_(std::move(station)), estimator_(estimator), params_(params), rails_(station_.rails, params.rails) {}

cv::Rect2d RunnerTracker::search_crop() const {
  // A square over the whole treadmill zone: estimators want a square input.
  const cv::Rect2d& z = station_.treadmill_zone;
  return square_around(z.x + z.width / 2.0, z.y + z.height / 2.0, std::max(z.width, z.height));
}

cv::Rect2d RunnerTracker::follow_crop(const form::PoseFrame& previous) const {
  // MoveNet's crop rule: a square on the hips, big enough for the torso scaled up (so limbs the
  // last frame missed, such as feet, still fit) and for every joint it did see with a margin.
  const auto hips = mid_of(previous, Keypoint::kLeftHip, Keypoint::kRightHip, params_.min_confidence);
  const double torso_px = torso_length_px(previous, params_.min_confidence).value_or(0.0);
  if (!hips || torso_px <= 0.0) return search_crop();
  double body_px = 0.0;
  for (const form::Landmark& l : previous.keypoints) {
    if (l.confidence < params_.min_confidence) continue;
    body_px = std::max({body_px, std::abs(l.x_px - hips->x), std::abs(l.y_px - hips->y)});
  }
  const double half = std::max({params_.crop_torso_half * torso_px, (1.0 + params_.crop_margin) * body_px,
                                params_.min_crop_px / 2.0});
  return square_around(hips->x, hips->y, 2.0 * half);
}

bool RunnerTracker::is_runner(const form::PoseFrame& pose) const {
  const auto seen = std::count_if(pose.keypoints.begin(), pose.keypoints.end(),
                                  [&](const form::Landmark& l) { return l.confidence >= params_.min_confidence; });
  if (seen < params_.min_keypoints) return false;
  // The runner's hips are over the belt; somebody walking past is not.
  const auto hips = mid_of(pose, Keypoint::kLeftHip, Keypoint::kRightHip, params_.min_confidence);
  return hips && station_.treadmill_zone.contains(cv::Point2d(hips->x, hips->y));
}

int RunnerTracker::reject_leaps(form::PoseFrame& pose, double torso_px) {
  if (!previous_ || torso_px <= 0.0) return 0;
  int rejected = 0;
  for (std::size_t k = 0; k < form::kKeypointCount; ++k) {
    form::Landmark& now = pose.keypoints[k];
    const form::Landmark& before = previous_->keypoints[k];
    if (now.confidence < params_.min_confidence || before.confidence < params_.min_confidence) {
      leapt_frames_[k] = 0;
      continue;
    }
    const double jump_px = std::hypot(now.x_px - before.x_px, now.y_px - before.y_px);
    if (jump_px <= params_.max_joint_jump_torso * torso_px || ++leapt_frames_[k] >= params_.rejoin_frames) {
      leapt_frames_[k] = 0;
      continue;
    }
    now.confidence = 0.0;
    ++rejected;
  }
  return rejected;
}

TrackedPose RunnerTracker::track(const cv::Mat& bgr, double t_s) {
  TrackedPose out;
  if (station_.treadmill_zone.area() <= 0.0) station_.treadmill_zone = cv::Rect2d(0, 0, bgr.cols, bgr.rows);
  out.crop = state_ == TrackState::kLocked && previous_ ? follow_crop(*previous_) : search_crop();
  form::PoseFrame pose = estimator_.estimate(bgr, out.crop, t_s);
  if (state_ == TrackState::kLocked) out.rejected_keypoints = reject_leaps(pose, torso_px_);

  if (is_runner(pose)) {
    out.runner_found = true;
    state_ = TrackState::kLocked;
    misses_ = 0;
    if (const auto torso = torso_length_px(pose, params_.min_confidence)) torso_px_ = *torso;
    // Joints rejected this frame keep their last good place for the next comparison.
    form::PoseFrame reference = pose;
    if (previous_) {
      for (std::size_t k = 0; k < form::kKeypointCount; ++k) {
        if (reference.keypoints[k].confidence < params_.min_confidence &&
            previous_->keypoints[k].confidence >= params_.min_confidence && leapt_frames_[k] > 0) {
          reference.keypoints[k] = previous_->keypoints[k];
        }
      }
    }
    previous_ = reference;
    out.pose = pose;
  } else {
    out.pose.t_s = t_s;  // nobody (or not the runner): no landmarks rather than somebody else's
    if (state_ == TrackState::kLocked && ++misses_ >= params_.lost_after_misses) {
      state_ = TrackState::kSearching;
      previous_.reset();
      leapt_frames_.fill(0);
    }
  }
  out.state = state_;
  out.holding_rails = out.runner_found && rails_.update(out.pose, torso_px_);
  return out;
}

}  // namespace runform::camera
