// PoseEstimator: image in, COCO-17 landmarks out. The runner tracker tells it where to look
// (a crop of the image); landmarks come back in full-image pixels.
#pragma once

#include <opencv2/core.hpp>

#include "form/landmarks.h"

namespace runform::camera {

/// Maps network-input coordinates back to the image: the crop (image pixels, may reach outside
/// the image) was resized to the network input.
struct CropTransform {
  cv::Rect2d crop;
  cv::Size input;
  /// Image x of a network-input x (pixel-index coordinates).
  [[nodiscard]] double image_x(double input_x) const { return crop.x + (input_x + 0.5) * crop.width / input.width - 0.5; }
  /// Image y of a network-input y.
  [[nodiscard]] double image_y(double input_y) const { return crop.y + (input_y + 0.5) * crop.height / input.height - 0.5; }
};

class PoseEstimator {
 public:
  virtual ~PoseEstimator() = default;
  /// Landmarks of the person in `crop` of a BGR image, stamped t_s. Landmarks the model could
  /// not place have confidence 0.
  virtual form::PoseFrame estimate(const cv::Mat& bgr, const cv::Rect2d& crop, double t_s) = 0;
};

}  // namespace runform::camera
