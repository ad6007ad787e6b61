#include "support/onnx_models.h"

#include <onnx/onnx-ml.pb.h>

#include "tools/model_prep/onnx_builder.h"

namespace runform::testing {

namespace {

using onnx::AttributeProto;
using onnx::GraphProto;
using onnx::NodeProto;
using onnx::TensorProto;
using tools::onnx_graph::floats;
using tools::onnx_graph::ints;
using tools::onnx_graph::node;
using tools::onnx_graph::value_info;

// A head whose value is `constant` whatever the image: a zero 1×1 convolution of the pooled
// image plus the constant, so that the output still depends on the input as the loader expects.
std::string constant_head(GraphProto* g, const std::string& pooled, const std::string& name, int channels, int h, int w,
                          const std::vector<float>& constant) {
  floats(g, name + "_w", {channels, 3, 1, 1}, std::vector<float>(static_cast<std::size_t>(channels) * 3, 0.0F));
  auto* conv = node(g, "Conv", {pooled, name + "_w"}, name + "_zero");
  ints(conv, "kernel_shape", {1, 1});
  floats(g, name + "_c", {1, channels, h, w}, constant);
  node(g, "Add", {name + "_zero", name + "_c"}, name + "_nchw");
  return name + "_nchw";
}

onnx::ModelProto new_model() { return tools::onnx_graph::new_model("runform-tests"); }

std::size_t at(int c, int y, int x, int h, int w) {
  return (static_cast<std::size_t>(c) * static_cast<std::size_t>(h) + static_cast<std::size_t>(y)) * static_cast<std::size_t>(w) +
         static_cast<std::size_t>(x);
}

}  // namespace

std::vector<std::string> movenet_like_heads() { return {"heatmap", "centre", "regression", "offset"}; }

std::string movenet_like_model(const std::vector<CellPeak>& keypoints, int centre_row, int centre_col, bool export_tail) {
  constexpr int kGrid = 48;
  const int k_count = static_cast<int>(keypoints.size());
  onnx::ModelProto model = new_model();
  GraphProto* g = model.mutable_graph();
  g->set_name("movenet_like");
  std::string image = "image";
  if (export_tail) {
    value_info(g->add_input(), "image", TensorProto::INT32, {1, 192, 192, 3});
    auto* cast = node(g, "Cast", {"image"}, "image_float");
    auto* to = cast->add_attribute();
    to->set_name("to");
    to->set_type(AttributeProto::INT);
    to->set_i(TensorProto::FLOAT);
    image = "image_float";
  } else {
    value_info(g->add_input(), "image", TensorProto::FLOAT, {1, 192, 192, 3});
  }
  ints(node(g, "Transpose", {image}, "image_nchw"), "perm", {0, 3, 1, 2});
  auto* pool = node(g, "AveragePool", {"image_nchw"}, "pooled");
  ints(pool, "kernel_shape", {4, 4});
  ints(pool, "strides", {4, 4});

  std::vector<float> heatmap(static_cast<std::size_t>(k_count) * kGrid * kGrid, 0.0F);
  std::vector<float> centre(kGrid * kGrid, 0.0F);
  std::vector<float> regression(static_cast<std::size_t>(2 * k_count) * kGrid * kGrid, 0.0F);
  std::vector<float> offset(static_cast<std::size_t>(2 * k_count) * kGrid * kGrid, 0.0F);
  centre[at(0, centre_row, centre_col, kGrid, kGrid)] = 0.95F;
  for (int k = 0; k < k_count; ++k) {
    const CellPeak& p = keypoints[static_cast<std::size_t>(k)];
    heatmap[at(k, p.row, p.col, kGrid, kGrid)] = p.score;
    regression[at(2 * k, centre_row, centre_col, kGrid, kGrid)] = static_cast<float>(p.row - centre_row);
    regression[at(2 * k + 1, centre_row, centre_col, kGrid, kGrid)] = static_cast<float>(p.col - centre_col);
    offset[at(2 * k, p.row, p.col, kGrid, kGrid)] = p.dy;
    offset[at(2 * k + 1, p.row, p.col, kGrid, kGrid)] = p.dx;
  }
  const std::vector<std::pair<std::string, std::pair<int, const std::vector<float>*>>> heads = {
      {"heatmap", {k_count, &heatmap}}, {"centre", {1, &centre}}, {"regression", {2 * k_count, &regression}},
      {"offset", {2 * k_count, &offset}}};
  for (const auto& [name, spec] : heads) {
    std::string nchw = constant_head(g, "pooled", name, spec.first, kGrid, kGrid, *spec.second);
    if (export_tail && name == "heatmap") {
      // The export clips scores with min/max given as inputs: OpenCV 4.6 cannot read that form.
      floats(g, "clip_lo", {}, {0.0F});
      floats(g, "clip_hi", {}, {1.0F});
      node(g, "Clip", {nchw, "clip_lo", "clip_hi"}, "heatmap_clipped");
      nchw = "heatmap_clipped";
    }
    ints(node(g, "Transpose", {nchw}, name), "perm", {0, 2, 3, 1});
  }
  if (export_tail) {
    // Post-processing in the style of the export: gather keypoint scores with GatherND.
    auto* indices = g->add_initializer();
    indices->set_name("gather_indices");
    indices->set_data_type(TensorProto::INT64);
    for (const auto d : {1, 1, 3}) indices->add_dims(d);
    for (const auto v : {0, 0, 0}) indices->add_int64_data(v);
    node(g, "GatherND", {"heatmap", "gather_indices"}, "output_0");
    value_info(g->add_output(), "output_0", TensorProto::FLOAT, {1, kGrid, k_count});
  } else {
    value_info(g->add_output(), "heatmap", TensorProto::FLOAT, {1, kGrid, kGrid, k_count});
    value_info(g->add_output(), "centre", TensorProto::FLOAT, {1, kGrid, kGrid, 1});
    value_info(g->add_output(), "regression", TensorProto::FLOAT, {1, kGrid, kGrid, 2 * k_count});
    value_info(g->add_output(), "offset", TensorProto::FLOAT, {1, kGrid, kGrid, 2 * k_count});
  }
  return model.SerializeAsString();
}

std::string openpose_like_model(const std::vector<CellPeak>& keypoints) {
  constexpr int kGrid = 32;
  constexpr int kChannels = 19;  // 18 keypoints + background
  onnx::ModelProto model = new_model();
  GraphProto* g = model.mutable_graph();
  g->set_name("openpose_like");
  value_info(g->add_input(), "image", TensorProto::FLOAT, {1, 3, 256, 256});
  auto* pool = node(g, "AveragePool", {"image"}, "pooled");
  ints(pool, "kernel_shape", {8, 8});
  ints(pool, "strides", {8, 8});
  std::vector<float> heatmaps(static_cast<std::size_t>(kChannels) * kGrid * kGrid, 0.0F);
  for (std::size_t k = 0; k < keypoints.size(); ++k) {
    const CellPeak& p = keypoints[k];
    const int c = static_cast<int>(k);
    heatmaps[at(c, p.row, p.col, kGrid, kGrid)] = p.score;
    heatmaps[at(c, p.row, p.col - 1, kGrid, kGrid)] = p.score - 0.2F;
    heatmaps[at(c, p.row, p.col + 1, kGrid, kGrid)] = p.score - 0.4F;
    heatmaps[at(c, p.row - 1, p.col, kGrid, kGrid)] = p.score - 0.2F;
    heatmaps[at(c, p.row + 1, p.col, kGrid, kGrid)] = p.score - 0.4F;
  }
  const std::string heat = constant_head(g, "pooled", "heatmaps", kChannels, kGrid, kGrid, heatmaps);
  node(g, "Identity", {heat}, "heatmaps");
  const std::string pafs = constant_head(g, "pooled", "pafs", 38, kGrid, kGrid, std::vector<float>(38 * kGrid * kGrid, 0.0F));
  node(g, "Identity", {pafs}, "pafs");
  value_info(g->add_output(), "heatmaps", TensorProto::FLOAT, {1, kChannels, kGrid, kGrid});
  value_info(g->add_output(), "pafs", TensorProto::FLOAT, {1, 38, kGrid, kGrid});
  return model.SerializeAsString();
}

}  // namespace runform::testing
