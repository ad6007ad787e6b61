#include "form/side_selection.h"

#include <cmath>

#include "form/geometry.h"

namespace runform::form {
namespace {

// The left joints that carry side evidence; each right joint is the next index.
constexpr std::array<Keypoint, 7> kLeftJoints{Keypoint::kLeftEar,   Keypoint::kLeftShoulder, Keypoint::kLeftElbow,
                                               Keypoint::kLeftWrist, Keypoint::kLeftHip,      Keypoint::kLeftKnee,
                                               Keypoint::kLeftAnkle};

}  // namespace

Keypoint mirror(Keypoint k) {
  const auto i = static_cast<std::size_t>(k);
  if (i == 0) return k;
  return static_cast<Keypoint>(i % 2 == 1 ? i + 1 : i - 1);  // COCO: odd = left, even = right
}

Side NearSideSelector::update(const PoseFrame& raw) {
  double left = 0.0, right = 0.0;
  for (Keypoint k : kLeftJoints) {
    left += raw.at(k).confidence;
    right += raw.at(mirror(k)).confidence;
  }
  const double dt_s = last_t_s_ ? std::max(0.0, raw.t_s - *last_t_s_) : params_.window_tau_s;
  last_t_s_ = raw.t_s;
  const double k = chosen_at_s_ ? 1.0 - std::exp(-dt_s / params_.window_tau_s) : 1.0;  // the first frame seeds
  evidence_ += k * ((left - right) - evidence_);
  const double n = static_cast<double>(kLeftJoints.size());
  mean_confidence_[kLeft] += k * (left / n - mean_confidence_[kLeft]);
  mean_confidence_[kRight] += k * (right / n - mean_confidence_[kRight]);
  const Side favoured = evidence_ >= 0.0 ? kLeft : kRight;
  const bool held_long_enough = !chosen_at_s_ || raw.t_s - *chosen_at_s_ >= params_.min_hold_s;
  if (!chosen_at_s_) {
    current_ = favoured;
    chosen_at_s_ = raw.t_s;
  } else if (favoured != current_ && std::abs(evidence_) >= params_.switch_margin && held_long_enough) {
    current_ = favoured;
    chosen_at_s_ = raw.t_s;
  }
  return current_;
}

bool NearSideSelector::far_occluded() const {
  return mean_confidence_[current_ == kLeft ? kRight : kLeft] < params_.occluded_below;
}

void LabelSwapGuard::reset() {
  seen_ = {};
}

PoseFrame LabelSwapGuard::correct(const PoseFrame& raw, double torso_px, std::optional<Side> near_side) {
  PoseFrame out = raw;
  if (torso_px > 0.0 && (swapped_by_confidence(raw, near_side) || swapped_by_continuity(raw, torso_px))) {
    for (std::size_t i = 1; i < kKeypointCount; ++i) {
      out.keypoints[i] = raw.keypoints[static_cast<std::size_t>(mirror(static_cast<Keypoint>(i)))];
    }
    ++swaps_undone_;
  }
  for (std::size_t i = 0; i < kKeypointCount; ++i) {
    const Landmark& lm = out.keypoints[i];
    if (lm.confidence >= params_.min_confidence) seen_[i] = {pos(lm), out.t_s};
  }
  return out;
}

bool LabelSwapGuard::swapped_by_confidence(const PoseFrame& raw, std::optional<Side> near_side) const {
  if (!near_side) return false;
  double near = 0.0, far = 0.0;
  for (Keypoint k : kLeftJoints) {
    const double left = raw.at(k).confidence, right = raw.at(mirror(k)).confidence;
    near += *near_side == kLeft ? left : right;
    far += *near_side == kLeft ? right : left;
  }
  return far - near > params_.confidence_flip_margin;
}

bool LabelSwapGuard::swapped_by_continuity(const PoseFrame& raw, double torso_px) const {
  double cost_same = 0.0;
  double cost_swapped = 0.0;
  std::size_t evidence = 0;
  auto fresh = [&](std::size_t i) { return raw.t_s - seen_[i].t_s <= params_.memory_s; };
  for (std::size_t i = 1; i < kKeypointCount; ++i) {
    const Landmark& lm = raw.keypoints[i];
    const auto m = static_cast<std::size_t>(mirror(static_cast<Keypoint>(i)));
    if (lm.confidence < params_.min_confidence || !fresh(i) || !fresh(m)) continue;
    if (norm(seen_[i].at - seen_[m].at) < params_.min_separation_torso * torso_px) continue;  // indistinguishable
    cost_same += norm(pos(lm) - seen_[i].at);
    cost_swapped += norm(pos(lm) - seen_[m].at);
    ++evidence;
  }
  return evidence >= params_.min_evidence && cost_swapped < params_.swap_ratio * cost_same;
}

void keep_near_side(PoseFrame& frame, Side near) {
  const bool far_is_right = near == kLeft;
  for (Keypoint k : {Keypoint::kLeftEye, Keypoint::kLeftEar, Keypoint::kLeftShoulder, Keypoint::kLeftHip,
                     Keypoint::kLeftKnee, Keypoint::kLeftAnkle}) {
    frame.at(far_is_right ? mirror(k) : k).confidence = 0.0;
  }
}

}  // namespace runform::form
