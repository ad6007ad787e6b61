// Front or side view, from how wide the shoulders look against the torso.
#pragma once

#include <deque>
#include <optional>

#include "form/landmarks.h"

namespace runform::form {

/// Tuning of view detection.
struct ViewDetectorParams {
  /// Shoulder width ÷ torso: ≈ 0.8 facing the camera, ≈ 0.1–0.3 side on (anthropometry:
  /// biacromial 0.23 H vs torso 0.29 H). Between the two thresholds the view is kept (hysteresis).
  double front_above = 0.5;
  double side_below = 0.35;
  std::size_t window_frames = 60;  ///< ≈ 2 s at 30 fps
};

/// Decides the view from a sliding median; an override pins it.
class ViewDetector {
 public:
  /// A detector; a view other than kAuto pins the result.
  explicit ViewDetector(View override_view = View::kAuto, ViewDetectorParams params = {});
  /// Feeds one frame's shoulder width and torso length (pixels) and returns the current view.
  View update(std::optional<double> shoulder_width_px, std::optional<double> torso_px);
  /// The current view (kFront until evidence says otherwise).
  [[nodiscard]] View current() const { return current_; }

 private:
  View override_;
  ViewDetectorParams params_;
  View current_ = View::kFront;
  std::deque<double> ratios_;
  std::size_t frames_since_decision_ = 0;
};

}  // namespace runform::form
