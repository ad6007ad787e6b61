// Networks with the layer shapes of the two supported model families and random weights, so a
// benchmark pays the real compute cost without downloading trained weights.
#pragma once

#include <string>

namespace runform::bench {

/// MoveNet SinglePose Lightning's shape: NHWC 1×192×192×3 input, a MobileNetV2 backbone, an FPN
/// to stride 4 and four heads 48×48×{17, 1, 34, 34} named heatmap, centre, regression, offset.
std::string movenet_lightning_shaped(int input_px = 192);

/// Lightweight OpenPose's shape: NCHW 1×3×H×W input, a MobileNetV1 backbone with dilated
/// conv5, the CPM, an initial and one refinement stage; outputs "heatmaps" (19) and "pafs" (38)
/// at stride 8.
std::string lightweight_openpose_shaped(int input_px = 256);

}  // namespace runform::bench
