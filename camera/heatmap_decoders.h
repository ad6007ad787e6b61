// Decoders from the raw outputs of the two supported model families to COCO-17 landmarks in
// network-input pixels. Both work on the tensors exactly as OpenCV DNN returns them.
#pragma once

#include <array>
#include <opencv2/core.hpp>

#include "form/landmarks.h"

namespace runform::camera {

/// For each COCO-17 keypoint, the model's channel that holds it (-1: the model has none).
using KeypointMap = std::array<int, form::kKeypointCount>;
/// The identity map, for models that output COCO-17 in order (MoveNet).
KeypointMap coco17_identity_map();
/// The map from OpenPose's 18 COCO keypoints (nose, neck, r-shoulder, …) onto COCO-17.
KeypointMap openpose18_map();

/// MoveNet single-pose heads, NHWC (1×H×W×C): keypoint heatmap (17), person centre (1),
/// regression to keypoints from the centre (34: dy, dx per keypoint, in cells) and sub-cell
/// offsets (34: dy, dx per keypoint). Heatmaps may be logits (apply_sigmoid) or scores.
struct MoveNetHeads {
  cv::Mat heatmap;
  cv::Mat centre;
  cv::Mat regression;
  cv::Mat offset;
};

/// Decodes MoveNet as its own post-processing does: the centre (weighted towards the middle
/// of the crop), the regressed keypoint positions from it, then each keypoint's heatmap peak
/// weighted towards its regressed position, refined by the offset. Positions in input pixels.
std::array<form::Landmark, form::kKeypointCount> decode_movenet(const MoveNetHeads& heads, cv::Size input,
                                                                 bool apply_sigmoid, const KeypointMap& map);

/// Decodes one person from NCHW keypoint heatmaps (1×C×H×W) such as Lightweight OpenPose's
/// (stride 8): each keypoint at its channel's peak, refined to sub-cell precision by a
/// parabola through the neighbours. Positions in input pixels.
std::array<form::Landmark, form::kKeypointCount> decode_heatmaps(const cv::Mat& heatmaps, cv::Size input,
                                                                  const KeypointMap& map);

}  // namespace runform::camera
