#include "form/view_detector.h"

#include <vector>

#include "form/stats.h"

namespace runform::form {

ViewDetector::ViewDetector(View override_view, ViewDetectorParams params) : override_(override_view), params_(params) {
  if (override_ != View::kAuto) current_ = override_;
}

View ViewDetector::update(std::optional<double> shoulder_width_px, std::optional<double> torso_px) {
  if (override_ != View::kAuto) return current_;
  if (shoulder_width_px && torso_px && *torso_px > 1.0) {
    ratios_.push_back(*shoulder_width_px / *torso_px);
    if (ratios_.size() > params_.window_frames) ratios_.pop_front();
  }
  // Re-deciding every few frames is plenty: the view changes only when the camera moves.
  if (++frames_since_decision_ < 10 || ratios_.size() < params_.window_frames / 4) return current_;
  frames_since_decision_ = 0;
  const std::optional<double> ratio = median(std::vector<double>(ratios_.begin(), ratios_.end()));
  if (ratio && *ratio > params_.front_above) current_ = View::kFront;
  if (ratio && *ratio < params_.side_below) current_ = View::kSide;
  return current_;
}

}  // namespace runform::form
