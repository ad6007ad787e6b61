#include "camera/landmark_error.h"

#include <cmath>

namespace runform::camera {

void append_landmark_errors_px(const form::PoseFrame& estimated, const form::PoseFrame& truth, double min_confidence,
                               std::vector<double>& errors_px) {
  for (std::size_t k = 0; k < form::kKeypointCount; ++k) {
    const form::Landmark& got = estimated.keypoints[k];
    if (got.confidence < min_confidence) continue;
    errors_px.push_back(std::hypot(got.x_px - truth.keypoints[k].x_px, got.y_px - truth.keypoints[k].y_px));
  }
}

}  // namespace runform::camera
