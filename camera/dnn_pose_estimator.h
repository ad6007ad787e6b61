// DnnPoseEstimator: a PoseEstimator on OpenCV's DNN module (cv::dnn::readNet), for the two
// supported families. ModelSpec says how to feed the network and read its outputs; it is what
// an entry of the model manifest describes.
#pragma once

#include <opencv2/dnn.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "camera/heatmap_decoders.h"
#include "camera/pose_estimator.h"

namespace runform::camera {

/// The model families RunForm decodes.
enum class ModelFamily {
  kMoveNet,   ///< MoveNet single-pose, prepared: four NHWC heads (heatmap, centre, regression, offset)
  kHeatmaps,  ///< one NCHW keypoint-heatmap tensor, e.g. Lightweight OpenPose (stride 8, 18 + 1 channels)
};

/// How to run one model.
struct ModelSpec {
  std::string name;
  ModelFamily family = ModelFamily::kMoveNet;
  std::string path;                   ///< the .onnx file
  cv::Size input{192, 192};
  bool channels_last = true;          ///< NHWC input (MoveNet) or NCHW (OpenPose)
  bool rgb = true;                    ///< the network wants RGB (images arrive BGR)
  double scale = 1.0;                 ///< input = (pixel − mean) × scale
  cv::Scalar mean{0, 0, 0};
  std::vector<std::string> outputs;   ///< MoveNet: heatmap, centre, regression, offset; heatmaps: one
  bool apply_sigmoid = false;         ///< the heads are logits
  KeypointMap keypoints = coco17_identity_map();
};

/// A model that cannot be loaded or run; the message names the file and the problem.
class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class DnnPoseEstimator final : public PoseEstimator {
 public:
  /// Loads the model. Throws ModelError for a missing or unreadable file, or outputs it lacks.
  explicit DnnPoseEstimator(ModelSpec spec);

  form::PoseFrame estimate(const cv::Mat& bgr, const cv::Rect2d& crop, double t_s) override;
  [[nodiscard]] const ModelSpec& spec() const { return spec_; }

 private:
  cv::Mat make_input(const cv::Mat& bgr, const cv::Rect2d& crop) const;

  ModelSpec spec_;
  cv::dnn::Net net_;
};

}  // namespace runform::camera
