#include "form/camera_yaw.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "form/geometry.h"

namespace runform::form {

void CameraYawEstimator::add(const FrameFeatures& f) {
  const double dt_s = last_t_s_ ? std::max(0.0, f.t_s - *last_t_s_) : 0.0;
  last_t_s_ = f.t_s;
  const double k = 1.0 - std::exp(-dt_s / params_.tau_s);
  if (f.head_yaw_ratio) tan_yaw_.add(*f.head_yaw_ratio / kNoseDepthPerEarWidth, k);
  if (f.hip_line_px && f.hip_row_px) {
    hip_dx_.add(f.hip_line_px->x, k);
    hip_dy_.add(f.hip_line_px->y, k);
    hip_row_.add(*f.hip_row_px, k);
  }
  if (f.knee_line_px && f.knee_row_px) {
    knee_dx_.add(f.knee_line_px->x, k);
    knee_dy_.add(f.knee_line_px->y, k);
    knee_row_.add(*f.knee_row_px, k);
  }
}

std::optional<double> CameraYawEstimator::yaw_deg() const {
  if (tan_yaw_.weight == 0.0) return std::nullopt;
  return to_deg(std::atan(tan_yaw_.value));
}

double CameraYawEstimator::correction_weight() const {
  const std::optional<double> yaw = yaw_deg();
  if (!yaw) return 0.0;
  return std::clamp((std::abs(*yaw) - kYawNoCorrectionDeg) / (kYawFullCorrectionDeg - kYawNoCorrectionDeg), 0.0, 1.0);
}

std::optional<double> CameraYawEstimator::perspective_tilt_deg(double y_px, double torso_px) const {
  if (hip_row_.weight == 0.0 || knee_row_.weight == 0.0) return std::nullopt;
  const double rows_apart = knee_row_.value - hip_row_.value;
  if (std::abs(rows_apart) < params_.min_reference_rows_torso * torso_px) return std::nullopt;
  const double hip_tilt = line_tilt_deg({0.0, 0.0}, {hip_dx_.value, hip_dy_.value});
  const double knee_tilt = line_tilt_deg({0.0, 0.0}, {knee_dx_.value, knee_dy_.value});
  // A level line at height Δh above the lens, seen with yaw θ from D away, tilts by ≈ tanθ·Δh/D,
  // and its image row is linear in Δh/D: so is its tilt.
  return hip_tilt + (knee_tilt - hip_tilt) * (y_px - hip_row_.value) / rows_apart;
}

namespace {

// Least-squares line x = a + b·(h − mean h) of one wrist, in the common sideways direction.
struct WristFit {
  double a = 0.0, b = 0.0, mean_h = 0.0;
};

std::optional<WristFit> fit_wrist(std::span<const FrameFeatures> frames, std::size_t side, double direction) {
  double n = 0.0, sh = 0.0, sx = 0.0;
  for (const FrameFeatures& f : frames) {
    if (!f.wrist_lateral[side] || !f.wrist_height_px[side]) continue;
    n += 1.0;
    sh += *f.wrist_height_px[side];
    sx += direction * *f.wrist_lateral[side];
  }
  constexpr double kMinSamples = 5.0;  // a line through fewer frames of a stride is noise
  if (n < kMinSamples) return std::nullopt;
  WristFit fit{sx / n, 0.0, sh / n};
  double shh = 0.0, shx = 0.0;
  for (const FrameFeatures& f : frames) {
    if (!f.wrist_lateral[side] || !f.wrist_height_px[side]) continue;
    const double dh = *f.wrist_height_px[side] - fit.mean_h;
    shh += dh * dh;
    shx += dh * (direction * *f.wrist_lateral[side] - fit.a);
  }
  if (shh > 0.0) fit.b = shx / shh;
  return fit;
}

}  // namespace

void correct_front_view_yaw(std::span<FrameFeatures> frames, const CameraYawEstimator& yaw, double torso_px) {
  const double w = yaw.correction_weight();
  if (w <= 0.0) return;
  // Wrists: "own side positive" is +x for the left wrist and −x for the right one in a common
  // sideways direction; the camera's projection moves both the same way.
  constexpr std::array<double, 2> kDirection{1.0, -1.0};
  const std::optional<WristFit> left = fit_wrist(frames, kLeft, kDirection[kLeft]);
  const std::optional<WristFit> right = fit_wrist(frames, kRight, kDirection[kRight]);
  if (left && right) {
    const double common_a = (left->a + right->a) / 2.0;
    const double common_b = (left->b + right->b) / 2.0;
    const std::array<double, 2> mean_h{left->mean_h, right->mean_h};
    for (FrameFeatures& f : frames) {
      for (std::size_t s : {kLeft, kRight}) {
        if (!f.wrist_lateral[s] || !f.wrist_height_px[s]) continue;
        const double camera_share = common_a + common_b * (*f.wrist_height_px[s] - mean_h[s]);
        *f.wrist_lateral[s] -= kDirection[s] * w * camera_share;
      }
    }
  }
  // Level lines: take away the perspective tilt at their own row.
  for (FrameFeatures& f : frames) {
    if (f.head_tilt_deg && f.head_row_px) {
      if (const auto tilt = yaw.perspective_tilt_deg(*f.head_row_px, torso_px)) *f.head_tilt_deg -= w * *tilt;
    }
    if (f.shoulder_line_deg && f.shoulder_row_px) {
      if (const auto tilt = yaw.perspective_tilt_deg(*f.shoulder_row_px, torso_px)) *f.shoulder_line_deg -= w * *tilt;
    }
  }
}

}  // namespace runform::form
