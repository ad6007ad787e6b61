#include "camera/heatmap_decoders.h"

#include <cmath>
#include <stdexcept>

namespace runform::camera {

namespace {

// MoveNet's own post-processing weights scores by 1 / (distance in cells + this).
constexpr double kMoveNetDistanceBias = 1.8;

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// Element (y, x, c) of a 1×H×W×C tensor.
float nhwc(const cv::Mat& t, int y, int x, int c) {
  return t.ptr<float>()[(static_cast<std::size_t>(y) * static_cast<std::size_t>(t.size[2]) + static_cast<std::size_t>(x)) *
                            static_cast<std::size_t>(t.size[3]) +
                        static_cast<std::size_t>(c)];
}

// Element (c, y, x) of a 1×C×H×W tensor.
float nchw(const cv::Mat& t, int c, int y, int x) {
  return t.ptr<float>()[(static_cast<std::size_t>(c) * static_cast<std::size_t>(t.size[2]) + static_cast<std::size_t>(y)) *
                            static_cast<std::size_t>(t.size[3]) +
                        static_cast<std::size_t>(x)];
}

void require_4d(const cv::Mat& t, const char* what, int channels, bool channels_last) {
  if (t.dims != 4 || t.type() != CV_32F || t.size[0] != 1) {
    throw std::runtime_error(std::string(what) + ": expected a 1×…×…×… float tensor");
  }
  const int c = channels_last ? t.size[3] : t.size[1];
  if (channels > 0 && c != channels) {
    throw std::runtime_error(std::string(what) + ": expected " + std::to_string(channels) + " channels, got " +
                             std::to_string(c));
  }
}

// Offset of the true peak from the middle sample, from a parabola through three samples.
double parabola_peak(double left, double middle, double right) {
  const double curvature = left - 2.0 * middle + right;
  if (curvature >= 0.0) return 0.0;  // not a peak (flat or a dip): no refinement
  return std::clamp(0.5 * (left - right) / curvature, -0.5, 0.5);
}

}  // namespace

KeypointMap coco17_identity_map() {
  KeypointMap map{};
  for (std::size_t i = 0; i < map.size(); ++i) map[i] = static_cast<int>(i);
  return map;
}

KeypointMap openpose18_map() {
  // COCO-17 order: nose, l-eye, r-eye, l-ear, r-ear, l-shoulder, r-shoulder, l-elbow, r-elbow,
  // l-wrist, r-wrist, l-hip, r-hip, l-knee, r-knee, l-ankle, r-ankle. OpenPose-18 adds a neck (1).
  return {0, 15, 14, 17, 16, 5, 2, 6, 3, 7, 4, 11, 8, 12, 9, 13, 10};
}

std::array<form::Landmark, form::kKeypointCount> decode_movenet(const MoveNetHeads& heads, cv::Size input,
                                                                 bool apply_sigmoid, const KeypointMap& map) {
  require_4d(heads.heatmap, "MoveNet heatmap", 0, true);
  require_4d(heads.centre, "MoveNet centre", 1, true);
  require_4d(heads.regression, "MoveNet regression", 2 * heads.heatmap.size[3], true);
  require_4d(heads.offset, "MoveNet offset", 2 * heads.heatmap.size[3], true);
  const int h = heads.heatmap.size[1];
  const int w = heads.heatmap.size[2];
  const auto score = [&](float raw) { return apply_sigmoid ? sigmoid(raw) : static_cast<double>(raw); };

  // 1. The person centre, preferring the middle of the crop (the tracker centres the runner).
  const double mid_y = (h - 1) / 2.0;
  const double mid_x = (w - 1) / 2.0;
  int cy = 0;
  int cx = 0;
  double best = -1.0;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const double weighted = score(nhwc(heads.centre, y, x, 0)) / (std::hypot(y - mid_y, x - mid_x) + kMoveNetDistanceBias);
      if (weighted > best) {
        best = weighted;
        cy = y;
        cx = x;
      }
    }
  }

  std::array<form::Landmark, form::kKeypointCount> out{};
  for (std::size_t k = 0; k < out.size(); ++k) {
    const int c = map[k];
    if (c < 0) continue;
    // 2. Where the centre says this keypoint is.
    const double ry = static_cast<double>(cy) + nhwc(heads.regression, cy, cx, 2 * c);
    const double rx = static_cast<double>(cx) + nhwc(heads.regression, cy, cx, 2 * c + 1);
    // 3. The heatmap peak nearest to that, then 4. its sub-cell offset.
    int ky = 0;
    int kx = 0;
    double best_k = -1.0;
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const double weighted = score(nhwc(heads.heatmap, y, x, c)) / (std::hypot(y - ry, x - rx) + kMoveNetDistanceBias);
        if (weighted > best_k) {
          best_k = weighted;
          ky = y;
          kx = x;
        }
      }
    }
    const double y_cells = static_cast<double>(ky) + nhwc(heads.offset, ky, kx, 2 * c);
    const double x_cells = static_cast<double>(kx) + nhwc(heads.offset, ky, kx, 2 * c + 1);
    // A cell's centre is at (index + 0.5) × stride in input pixels (pixel-index convention).
    out[k].x_px = (x_cells + 0.5) * input.width / w - 0.5;
    out[k].y_px = (y_cells + 0.5) * input.height / h - 0.5;
    out[k].confidence = std::clamp(score(nhwc(heads.heatmap, ky, kx, c)), 0.0, 1.0);
  }
  return out;
}

std::array<form::Landmark, form::kKeypointCount> decode_heatmaps(const cv::Mat& heatmaps, cv::Size input,
                                                                  const KeypointMap& map) {
  require_4d(heatmaps, "keypoint heatmaps", 0, false);
  const int channels = heatmaps.size[1];
  const int h = heatmaps.size[2];
  const int w = heatmaps.size[3];
  std::array<form::Landmark, form::kKeypointCount> out{};
  for (std::size_t k = 0; k < out.size(); ++k) {
    const int c = map[k];
    if (c < 0) continue;
    if (c >= channels) throw std::runtime_error("keypoint map names channel " + std::to_string(c) + " of " + std::to_string(channels));
    int py = 0;
    int px = 0;
    float peak = -1.0F;
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const float v = nchw(heatmaps, c, y, x);
        if (v > peak) {
          peak = v;
          py = y;
          px = x;
        }
      }
    }
    const double dx = (px > 0 && px < w - 1)
                          ? parabola_peak(nchw(heatmaps, c, py, px - 1), peak, nchw(heatmaps, c, py, px + 1))
                          : 0.0;
    const double dy = (py > 0 && py < h - 1)
                          ? parabola_peak(nchw(heatmaps, c, py - 1, px), peak, nchw(heatmaps, c, py + 1, px))
                          : 0.0;
    out[k].x_px = (px + dx + 0.5) * input.width / w - 0.5;
    out[k].y_px = (py + dy + 0.5) * input.height / h - 0.5;
    out[k].confidence = std::clamp(static_cast<double>(peak), 0.0, 1.0);
  }
  return out;
}

}  // namespace runform::camera
