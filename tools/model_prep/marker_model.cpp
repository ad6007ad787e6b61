#include "tools/model_prep/marker_model.h"

#include <fstream>

#include "sim/scene_renderer.h"
#include "tools/model_prep/onnx_builder.h"

namespace runform::tools {
namespace {

// Colours farther than this from a marker's (0–1 scale) score zero. Marker colours are ≥ 0.5
// apart and every scene colour ≥ 0.32 away from them, so 0.25 separates both.
constexpr float kColourRadius = 0.25F;
constexpr int kSmoothPx = 5;
// Scores are scaled so that a marker seen small (a whole 640×480 frame squeezed into the
// input while searching) still peaks above the tracker's 0.3 confidence; the decoder clamps
// confidences to 1 and finds peaks on the raw values.
constexpr float kGain = 2.5F;

}  // namespace

std::string marker_model_onnx() {
  using namespace onnx_graph;
  constexpr int k = 17;
  constexpr int s = kMarkerModelInputPx;
  onnx::ModelProto model = new_model("runform-marker-model");
  onnx::GraphProto* g = model.mutable_graph();
  g->set_name("marker_pose");
  value_info(g->add_input(), "image", onnx::TensorProto::FLOAT, {1, 3, s, s});

  // 1 − |x − c|²/r² = (2c·x − |c|² + r²)/r² − |x|²/r²: a 1×1 convolution of x plus one of x².
  std::vector<float> linear_w, linear_b, square_w;
  const float inv_r2 = kGain / (kColourRadius * kColourRadius);
  for (const cv::Vec3b& colour : sim::marker_colours_bgr()) {
    float norm2 = 0.0F;
    for (int c = 0; c < 3; ++c) {
      const float v = static_cast<float>(colour[c]) / 255.0F;
      linear_w.push_back(2.0F * v * inv_r2);
      square_w.push_back(-inv_r2);
      norm2 += v * v;
    }
    linear_b.push_back(kGain - norm2 * inv_r2);
  }
  node(g, "Mul", {"image", "image"}, "image_squared");
  floats(g, "linear_w", {k, 3, 1, 1}, linear_w);
  floats(g, "linear_b", {k}, linear_b);
  floats(g, "square_w", {k, 3, 1, 1}, square_w);
  ints(node(g, "Conv", {"image", "linear_w", "linear_b"}, "linear"), "kernel_shape", {1, 1});
  ints(node(g, "Conv", {"image_squared", "square_w"}, "square"), "kernel_shape", {1, 1});
  node(g, "Add", {"linear", "square"}, "closeness");
  node(g, "Relu", {"closeness"}, "score");
  std::string smoothed = "score";
  for (const std::string next : {"smooth_once", "heatmaps"}) {
    auto* pool = node(g, "AveragePool", {smoothed}, next);
    ints(pool, "kernel_shape", {kSmoothPx, kSmoothPx});
    ints(pool, "strides", {1, 1});
    ints(pool, "pads", {kSmoothPx / 2, kSmoothPx / 2, kSmoothPx / 2, kSmoothPx / 2});
    smoothed = next;
  }
  value_info(g->add_output(), "heatmaps", onnx::TensorProto::FLOAT, {1, k, s, s});
  return model.SerializeAsString();
}

void write_marker_model(const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary);
  out << marker_model_onnx();
  if (!out.flush()) throw std::runtime_error("cannot write the marker model to " + path.string());
}

camera::ModelSpec marker_model_spec(const std::string& path) {
  camera::ModelSpec spec;
  spec.name = "synthetic-markers";
  spec.family = camera::ModelFamily::kHeatmaps;
  spec.path = path;
  spec.input = {kMarkerModelInputPx, kMarkerModelInputPx};
  spec.channels_last = false;
  spec.rgb = false;  // marker colours are defined in BGR
  spec.scale = 1.0 / 255.0;
  spec.outputs = {"heatmaps"};
  spec.keypoints = camera::coco17_identity_map();
  return spec;
}

}  // namespace runform::tools
