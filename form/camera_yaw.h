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
  /// The hip and knee lines count as settled after this much running: about three strides,
  /// averaged with equal weight, so one stride's knee swing no longer dominates. Standing frames
  /// are not evidence of the running lines (the knees' mean row differs).
  double settle_s = 2.0;
};

/// Tracks the camera yaw and the perspective tilt of horizontal lines in a front view. The hip
/// and knee lines are averaged as vectors, not angles: with yaw the forward knee passes the back
/// one in the image, and their line swings through ±90° within a stride.
class CameraYawEstimator {
 public:
  /// An estimator with the given tuning.
  explicit CameraYawEstimator(CameraYawParams params = {}) : params_(params) {}
  /// Feeds one front-view frame's features. The head gives the yaw at any time; the hip and knee
  /// lines give the perspective only while striding, and start afresh when striding starts.
  void add(const FrameFeatures& f, bool striding);
  /// True once the perspective tilt comes from settle_s of running: before that, a level line
  /// corrected by it can read a few degrees off (issue 9: a clean runner at −30° was told to level
  /// their shoulders in the first seconds).
  [[nodiscard]] bool settled() const;
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
  // An exponentially forgetting mean that weighs its first samples equally (a plain EMA seeded
  // with the first sample would keep that one frame's line, which a running knee swings through
  // ±90°, for several time constants).
  struct Average {
    double sum = 0.0;
    double weight = 0.0;  // 0: nothing seen yet
    double value = 0.0;
    void add(double x, double keep) {
      sum = sum * keep + x;
      weight = weight * keep + 1.0;
      value = sum / weight;
    }
  };
  CameraYawParams params_;
  std::optional<double> last_t_s_;
  std::optional<double> lines_since_s_;  // striding since, feeding the hip and knee lines
  Average tan_yaw_, hip_dx_, hip_dy_, hip_row_, knee_dx_, knee_dy_, knee_row_;
};

/// Takes the camera's share out of one front-view stride's features, weighted by weight (0–1):
/// the common mode of the wrists' sideways-vs-height and, where the estimator has it, the
/// perspective tilt of the ear and shoulder lines. Frames are changed in place.
void correct_front_view_yaw(std::span<FrameFeatures> frames, const CameraYawEstimator& yaw, double torso_px);

}  // namespace runform::form
