// Side-view arm asymmetry over a window of strides.
//
// From the side, each wrist's swing per stride is mostly fore–aft, and its vertical range (the
// wrist rises at both ends of the swing) is small: a third of a torso for a relaxed 90° arm,
// less with straight elbows. Taken stride by stride, that range is inflated by the landmark
// noise, and |L − R| of two noisy ranges is biased up further (it is never negative), so a
// symmetric runner read as 10% asymmetric. Here both wrists are folded onto the stride cycle over
// the same strides, a short Fourier series is fitted to each, and the asymmetry compares the two
// fitted ranges: the noise averages out instead of adding up. The far arm's landmarks are used
// down to a low confidence floor (a pose model reports an occluded wrist at 0.05–0.4), because
// many strides of a faint track still carry the swing; the result's standard error says how
// sure it is.
#pragma once

#include <array>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "form/frame_features.h"
#include "form/landmarks.h"
#include "form/metric_value.h"

namespace runform::form {

/// Tuning of the windowed side-view asymmetry.
struct ArmSwingWindowParams {
  /// Strides folded together (≈ 8 s at 170 spm): enough samples at 15 fps for the far arm.
  std::size_t strides = 12;
  /// Fewer strides than this in the window: not measurable yet.
  std::size_t min_strides = 4;
  /// Wrists and thighs below this confidence are left out: under 0.1 a pose model is guessing
  /// (an arm behind a handrail is reported at ≈ 0.05), above it an occluded joint is still
  /// where the model saw the limb.
  double min_confidence = 0.1;
  /// Harmonics of the stride frequency fitted: the vertical wrist path is mostly the second
  /// (it rises at both ends of the swing) and the first; the third keeps the peaks' shape.
  int harmonics = 3;
  /// Phase coverage: each of this many equal parts of the stride cycle must hold at least
  /// min_bin_share of an even share of the samples. A wrist hidden for part of its swing
  /// (behind a rail) would leave the fit to guess the missing part.
  std::size_t phase_bins = 8;
  double min_bin_share = 0.3;
  /// A result whose standard error exceeds this (percentage points) is not given: a third of
  /// the 15% fault threshold (PRODUCT.md), so a clean runner cannot be flagged by noise alone.
  double max_standard_error_pct = 5.0;
};

/// The wrists and thighs of one unsmoothed frame, down to a confidence floor.
struct UnsmoothedArms {
  std::array<std::optional<Vec2>, 2> wrist;
  std::array<std::optional<double>, 2> thigh_px;
};

/// Reads the wrists and thighs of a frame whose labels are already corrected (before the far
/// side is masked).
UnsmoothedArms unsmoothed_arms(const PoseFrame& frame, double min_confidence);

/// Keeps the last strides' wrist heights and gives the asymmetry of the two arms' swings.
class ArmSwingWindow {
 public:
  /// A window with the given tuning.
  explicit ArmSwingWindow(ArmSwingWindowParams params = {}) : params_(params) {}
  /// Adds one running stride's frames (their wrist_up_unsmoothed_px and thigh_unsmoothed_px).
  void add_stride(std::span<const FrameFeatures> frames, double t_start_s, double t_end_s);
  /// |L − R| ÷ mean of the two arms' fitted vertical swing ranges, each over its own side's
  /// thigh, in %, with its standard error in plus_minus; or why it cannot be measured.
  [[nodiscard]] MetricValue asymmetry() const;
  /// Forgets every stride (rails, walking, a gap: the next strides are not comparable).
  void clear() { strides_.clear(); }
  /// The tuning.
  [[nodiscard]] const ArmSwingWindowParams& params() const { return params_; }

 private:
  struct Sample {
    double phase = 0.0;
    double up_px = 0.0;
  };
  struct StrideSamples {
    std::array<std::vector<Sample>, 2> wrist;
    std::array<std::vector<double>, 2> thigh_px;
  };
  struct Swing {
    double ratio = 0.0;           ///< fitted range ÷ thigh
    double standard_error = 0.0;  ///< of ratio
  };
  enum class SwingProblem { kNotSeen, kPartlySeen, kTooFew };
  [[nodiscard]] std::optional<Swing> swing(std::size_t side, SwingProblem& problem) const;

  ArmSwingWindowParams params_;
  std::deque<StrideSamples> strides_;
};

}  // namespace runform::form
