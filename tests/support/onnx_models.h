// Tiny ONNX models with each family's input and output shapes and outputs the test chooses,
// built with libonnx's protobuf classes, so that loading, preparation and decoding run for real.
#pragma once

#include <string>
#include <vector>

namespace runform::testing {

/// Where one keypoint's peak sits in a model's output grid, with a sub-cell offset.
struct CellPeak {
  int row = 0;
  int col = 0;
  float dy = 0.0F;  ///< MoveNet: offset head value (cells)
  float dx = 0.0F;
  float score = 0.9F;
};

/// A MoveNet-Lightning-shaped model: input 1×192×192×3, heads 1×48×48×{17,1,34,34}, whose heads
/// hold `keypoints` peaks regressed from a centre at (centre_row, centre_col). With
/// `export_tail`, it looks like the public tf2onnx export instead: an int32 input with a Cast,
/// a Clip whose min/max are inputs, and a GatherND post-processing tail as its only output.
std::string movenet_like_model(const std::vector<CellPeak>& keypoints, int centre_row, int centre_col,
                               bool export_tail = false);

/// The head tensor names of movenet_like_model.
std::vector<std::string> movenet_like_heads();

/// A Lightweight-OpenPose-shaped model: input 1×3×256×256, outputs "heatmaps" 1×19×32×32 and
/// "pafs" 1×38×32×32. Each of the 18 keypoint channels holds a peak with neighbours at
/// `peak − 0.2` left/up and `peak − 0.4` right/down (a parabola whose top sits off-centre).
std::string openpose_like_model(const std::vector<CellPeak>& keypoints);

}  // namespace runform::testing
