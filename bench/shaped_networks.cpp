#include "bench/shaped_networks.h"

#include "tools/model_prep/onnx_builder.h"

namespace runform::bench {

using namespace tools::onnx_graph;

namespace {

// MobileNetV2 inverted residual: expand 1×1, depthwise 3×3, project 1×1 (linear).
std::string inverted_residual(ConvStack& s, const std::string& x, int in_ch, int out_ch, int stride, int expand) {
  const int mid = in_ch * expand;
  std::string y = expand == 1 ? x : s.conv(x, in_ch, mid, 1, 1, 1, true);
  y = s.conv(y, mid, mid, 3, stride, mid, true);
  y = s.conv(y, mid, out_ch, 1, 1, 1, false);
  return stride == 1 && in_ch == out_ch ? s.add(x, y) : y;
}

// Depthwise-separable convolution (MobileNetV1 block).
std::string separable(ConvStack& s, const std::string& x, int in_ch, int out_ch, int stride, int dilation = 1) {
  const std::string y = s.conv(x, in_ch, in_ch, 3, stride, in_ch, true, dilation);
  return s.conv(y, in_ch, out_ch, 1, 1, 1, true);
}

}  // namespace

std::string movenet_lightning_shaped(int input_px) {
  onnx::ModelProto model = new_model("runform-bench");
  onnx::GraphProto* g = model.mutable_graph();
  g->set_name("movenet_lightning_shaped");
  value_info(g->add_input(), "input", onnx::TensorProto::FLOAT, {1, input_px, input_px, 3});
  ints(node(g, "Transpose", {"input"}, "input_nchw"), "perm", {0, 3, 1, 2});
  ConvStack s(g, 7);
  std::string x = s.conv("input_nchw", 3, 32, 3, 2, 1, true);  // stride 2
  int ch = 32;
  std::string stride4, stride8, stride16;
  // (expand, channels, repeats, stride) — MobileNetV2 1.0.
  const int stages[7][4] = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
  for (int i = 0; i < 7; ++i) {
    for (int r = 0; r < stages[i][2]; ++r) {
      x = inverted_residual(s, x, ch, stages[i][1], r == 0 ? stages[i][3] : 1, stages[i][0]);
      ch = stages[i][1];
    }
    if (i == 1) stride4 = x;   // 24 ch
    if (i == 2) stride8 = x;   // 32 ch
    if (i == 4) stride16 = x;  // 96 ch
  }
  // FPN down to stride 4 with 64 channels.
  constexpr int kFpn = 64;
  std::string p = s.conv(x, 320, kFpn, 1, 1, 1, false);
  p = s.add(s.upsample2x(p), s.conv(stride16, 96, kFpn, 1, 1, 1, false));
  p = separable(s, p, kFpn, kFpn, 1);
  p = s.add(s.upsample2x(p), s.conv(stride8, 32, kFpn, 1, 1, 1, false));
  p = separable(s, p, kFpn, kFpn, 1);
  p = s.add(s.upsample2x(p), s.conv(stride4, 24, kFpn, 1, 1, 1, false));
  p = separable(s, p, kFpn, kFpn, 1);
  const int grid = input_px / 4;
  for (const auto& [name, out_ch] : std::initializer_list<std::pair<const char*, int>>{{"heatmap", 17}, {"centre", 1}, {"regression", 34}, {"offset", 34}}) {
    std::string h = s.conv(p, kFpn, kFpn, 3, 1, kFpn, true);
    h = s.conv(h, kFpn, 96, 1, 1, 1, true);
    h = s.conv(h, 96, out_ch, 1, 1, 1, false);
    ints(node(g, "Transpose", {h}, name), "perm", {0, 2, 3, 1});
    value_info(g->add_output(), name, onnx::TensorProto::FLOAT, {1, grid, grid, out_ch});
  }
  return model.SerializeAsString();
}

std::string lightweight_openpose_shaped(int input_px) {
  onnx::ModelProto model = new_model("runform-bench");
  onnx::GraphProto* g = model.mutable_graph();
  g->set_name("lightweight_openpose_shaped");
  value_info(g->add_input(), "input", onnx::TensorProto::FLOAT, {1, 3, input_px, input_px});
  ConvStack s(g, 11);
  // MobileNetV1 to stride 8, conv5 dilated (Osokin 2018).
  std::string x = s.conv("input", 3, 32, 3, 2, 1, true);
  x = separable(s, x, 32, 64, 1);
  x = separable(s, x, 64, 128, 2);
  x = separable(s, x, 128, 128, 1);
  x = separable(s, x, 128, 256, 2);
  x = separable(s, x, 256, 256, 1);
  x = separable(s, x, 256, 512, 1);
  for (int i = 0; i < 5; ++i) x = separable(s, x, 512, 512, 1, 2);
  // CPM.
  std::string c = s.conv(x, 512, 128, 1, 1, 1, true);
  std::string t = separable(s, c, 128, 128, 1);
  t = separable(s, t, 128, 128, 1);
  t = separable(s, t, 128, 128, 1);
  c = s.conv(s.add(c, t), 128, 128, 3, 1, 1, true);
  // Initial stage.
  std::string i = s.conv(c, 128, 128, 3, 1, 1, true);
  i = s.conv(i, 128, 128, 3, 1, 1, true);
  i = s.conv(i, 128, 128, 3, 1, 1, true);
  const std::string heat0 = s.conv(s.conv(i, 128, 512, 1, 1, 1, true), 512, 19, 1, 1, 1, false);
  const std::string paf0 = s.conv(s.conv(i, 128, 512, 1, 1, 1, true), 512, 38, 1, 1, 1, false);
  // One refinement stage of five blocks.
  std::string r = s.concat({c, heat0, paf0});
  int ch = 128 + 19 + 38;
  for (int b = 0; b < 5; ++b) {
    const std::string init = s.conv(r, ch, 128, 1, 1, 1, true);
    std::string trunk = s.conv(init, 128, 128, 3, 1, 1, true);
    trunk = s.conv(trunk, 128, 128, 3, 1, 1, true, 2);
    r = s.add(init, trunk);
    ch = 128;
  }
  const std::string heat = s.conv(s.conv(r, 128, 128, 1, 1, 1, true), 128, 19, 1, 1, 1, false);
  const std::string paf = s.conv(s.conv(r, 128, 128, 1, 1, 1, true), 128, 38, 1, 1, 1, false);
  node(g, "Identity", {heat}, "heatmaps");
  node(g, "Identity", {paf}, "pafs");
  const int grid = input_px / 8;
  value_info(g->add_output(), "heatmaps", onnx::TensorProto::FLOAT, {1, 19, grid, grid});
  value_info(g->add_output(), "pafs", onnx::TensorProto::FLOAT, {1, 38, grid, grid});
  return model.SerializeAsString();
}

}  // namespace runform::bench
