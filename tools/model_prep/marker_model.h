// The marker model: a generated pose network for the synthetic runner wearing per-joint marker
// colours (sim/scene_renderer.h). For each COCO-17 joint it scores every pixel by closeness to
// that joint's colour, max(0, 1 − |pixel − colour|² ÷ r²) times a gain, and smooths the score twice with a
// 5×5 box so each marker becomes one peak at its centre. Its output has the keypoint-heatmap
// family's shape, so it runs through the real loader, decoder, tracker and pipeline: the
// end-to-end test and the camera-free demo use it where a trained model cannot be downloaded.
#pragma once

#include <filesystem>
#include <string>

#include "camera/dnn_pose_estimator.h"

namespace runform::tools {

/// Input side of the marker model (square), pixels.
inline constexpr int kMarkerModelInputPx = 256;

/// The serialized ONNX model.
std::string marker_model_onnx();
/// Writes the model to `path`; throws std::runtime_error when the file cannot be written.
void write_marker_model(const std::filesystem::path& path);
/// How to run the model at `path`.
camera::ModelSpec marker_model_spec(const std::string& path);

}  // namespace runform::tools
