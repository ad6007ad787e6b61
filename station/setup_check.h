// SetupJudge: the setup check a runner sees before calibration — does the pose model see a
// person, is the runner fully in frame and in the treadmill zone, is the light enough, which
// view is it, is a trained model installed — each problem with a plain-words fix.
#pragma once

#include <deque>

#include <opencv2/core.hpp>

#include "camera/runner_tracker.h"
#include "form/view_detector.h"
#include "station/station_snapshot.h"

namespace runform::station {

/// Thresholds of the setup check (RunForm working values, tuned on the rendered gym).
struct SetupParams {
  double min_confidence = 0.3;      ///< a landmark below this is not seen (as the tracker)
  double edge_margin_px = 4.0;      ///< a landmark this close to the border may be cut off
  /// Mean image brightness (0–255) below which pose models lose joints: the rendered gym at
  /// 65 % light measures ≈ 70; a dim room ≈ 35.
  double min_brightness = 45.0;
  std::size_t window_frames = 30;   ///< judged over the last second at 30 fps
  double seen_share = 0.5;          ///< a person is seen in at least this share of the window
};

class SetupJudge {
 public:
  /// A judge for a station whose model is (not) a trained one, with its install hint.
  SetupJudge(bool trained_model, std::string install_hint, SetupParams params = {});
  /// Judges one frame and returns the checks as of now.
  SetupChecks update(const camera::TrackedPose& tracked, const cv::Mat& bgr, const camera::StationLayout& layout);

 private:
  bool trained_;
  std::string install_hint_;
  SetupParams params_;
  std::deque<bool> seen_;
  form::ViewDetector view_;
  double brightness_ = -1.0;
  std::size_t frames_ = 0;
};

/// What a view can and cannot check, in plain words.
std::string view_note(form::View view);

}  // namespace runform::station
