// Camera yaw in the front view, and the corrections it needs (issue 9: yaw up to ±30°).
//
// A front camera swung round the runner by a yaw θ projects fore-aft motion sideways: the wrist
// swing (≈ 0.3 m fore-aft) then reads as sideways travel, and a clean runner's arms as crossing
// the midline; horizontal body lines at another height than the lens tilt by ≈ tanθ·Δh/D, so a
// level head and level shoulders read as tilted. 2-D landmarks still carry the yaw:
//  - where the nose sits between the ears gives θ (the nose is ahead of the ear line);
//  - both wrists share the projected part (common mode) while a runner's own carriage mirrors
//    between the sides, so the common part of "sideways vs height" is the camera's;
//  - the hip line and the knee line (both level over a stride) give the perspective tilt at two
//    image rows, and it is linear in the row, so it extends to the shoulders and ears.
#pragma once

#include <optional>
#include <span>

#include "form/frame_features.h"

namespace runform::form {

/// The nose tip sits this many ear-to-ear widths ahead of the ear line (Farkas, Anthropometry of
/// the Head and Face, 1994: tragion–pronasale depth ≈ 10–11 cm, tragion–tragion breadth
/// ≈ 14.5–15 cm). A yaw θ moves the nose sideways by depth·sinθ against a width·cosθ.
inline constexpr double kNoseDepthPerEarWidth = 0.7;
/// Below this estimated yaw nothing is corrected; from kYawFullCorrectionDeg fully. RunForm
/// working values: uncorrected, the robustness matrix holds ±10° (tests/form/robustness_matrix_test.cpp),
/// and the head estimate wanders by ≈ 2° between strides.
inline constexpr double kYawNoCorrectionDeg = 5.0;
inline constexpr double kYawFullCorrectionDeg = 10.0;

/// Tuning of the yaw and perspective estimates (the camera stays put: long windows).
struct CameraYawParams {
  double tau_s = 2.0;  ///< exponential averaging time of every estimate (a few strides: standing to running changes the knees)
  /// The hip and knee rows must be this far apart (÷ torso) to extrapolate the perspective tilt.
  double min_reference_rows_torso = 0.4;
};

/// Tracks the camera yaw and the perspective tilt of horizontal lines in a front view. The hip
/// and knee lines are averaged as vectors, not angles: with yaw the forward knee passes the back
/// one in the image, and their line swings through ±90° within a stride.
class CameraYawEstimator {
 public:
  /// An estimator with the given tuning.
  explicit CameraYawEstimator(CameraYawParams params = {}) : params_(params) {}
  /// Feeds one front-view frame's features.
  void add(const FrameFeatures& f);
  /// The yaw estimate in degrees (sign: nose toward image right is positive), once seen.
  [[nodiscard]] std::optional<double> yaw_deg() const;
  /// How much of the correction applies, 0–1, from |yaw| between the two named thresholds.
  [[nodiscard]] double correction_weight() const;
  /// The perspective tilt (degrees, the convention of FrameFeatures' line angles) of a level line
  /// at image row y_px, or nullopt until the hips and knees gave two rows.
  [[nodiscard]] std::optional<double> perspective_tilt_deg(double y_px, double torso_px) const;
  /// Forgets everything (a new runner).
  void reset() { *this = CameraYawEstimator(params_); }

 private:
  struct Average {
    double value = 0.0;
    double weight = 0.0;  // 0: nothing seen yet
    void add(double x, double k) {
      value = weight == 0.0 ? x : value + k * (x - value);
      weight = 1.0;
    }
  };
  CameraYawParams params_;
  std::optional<double> last_t_s_;
  Average tan_yaw_, hip_dx_, hip_dy_, hip_row_, knee_dx_, knee_dy_, knee_row_;
};

/// Takes the camera's share out of one front-view stride's features, weighted by weight (0–1):
/// the common mode of the wrists' sideways-vs-height and, where the estimator has it, the
/// perspective tilt of the ear and shoulder lines. Frames are changed in place.
void correct_front_view_yaw(std::span<FrameFeatures> frames, const CameraYawEstimator& yaw, double torso_px);

}  // namespace runform::form
