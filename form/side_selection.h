// Which side of the runner the camera sees, and undoing left/right label swaps.
//
// In a side view a pose model reports the far shoulder, hip, elbow and wrist at confidences of
// about 0.05–0.4 (issue 9). Every stage then works from the near side: the identity gate, the
// scale, the hip height, the steps and the metrics. Pose models also swap the left and right
// labels for a few frames, most often from the side; continuity with the recent positions
// tells a swap from a real movement.
#pragma once

#include <array>
#include <optional>

#include "form/frame_features.h"
#include "form/landmarks.h"

namespace runform::form {

/// Tuning of the near-side choice.
struct NearSideParams {
  double window_tau_s = 0.5;  ///< confidence evidence is averaged over about this long
  /// The other side must be ahead by this much (summed confidence of 7 joints) to take over.
  double switch_margin = 0.7;
  double min_hold_s = 1.2;    ///< kept for at least a stride (a walking stride at 100 spm is 1.2 s)
  /// The far side counts as occluded while its mean confidence (over the window) is below this:
  /// a pose model gives 0.05–0.4 for joints seen through the body, ≈ 0.5+ for visible ones.
  double occluded_below = 0.42;
};

/// Chooses the near side by confidence over a window and keeps it for at least a stride.
class NearSideSelector {
 public:
  /// A selector with the given tuning.
  explicit NearSideSelector(NearSideParams params = {}) : params_(params) {}
  /// Feeds one raw frame; returns the near side.
  Side update(const PoseFrame& raw);
  /// The near side now.
  [[nodiscard]] Side current() const { return current_; }
  /// True while the far side is occluded: then only the near side is measured. When both
  /// sides are seen, their mid-points are used, which cancels the shoulders' and hips'
  /// different widths that a yawed camera would turn into a lean.
  [[nodiscard]] bool far_occluded() const;

 private:
  NearSideParams params_;
  Side current_ = kLeft;
  double evidence_ = 0.0;  // smoothed (left − right) confidence sum; + favours left
  std::array<double, 2> mean_confidence_{1.0, 1.0};  // smoothed per side, mean of 7 joints
  std::optional<double> last_t_s_;
  std::optional<double> chosen_at_s_;
};

/// Tuning of the label-swap guard.
struct SwapGuardParams {
  double min_confidence = 0.3;  ///< landmarks below this are not used as evidence
  double memory_s = 0.5;        ///< a remembered position older than this is no evidence
  /// A joint is evidence only where its left and right were recently this far apart (÷ torso):
  /// from the side, the shoulders, hips and ears of both sides nearly coincide.
  double min_separation_torso = 0.15;
  double swap_ratio = 0.5;      ///< swap when the swapped labelling costs less than this share
  std::size_t min_evidence = 2; ///< landmarks needed to decide by continuity
  /// Side view with the far side occluded: the far side suddenly more confident than the near
  /// side by this much (summed over 7 joints, ≈ 0.9 vs ≈ 0.2 each) is the labels swapped; a real
  /// change of the near side builds up over a stride.
  double confidence_flip_margin = 2.0;
};

/// Undoes left/right label swaps by continuity with the recent trusted positions.
class LabelSwapGuard {
 public:
  /// A guard with the given tuning.
  explicit LabelSwapGuard(SwapGuardParams params = {}) : params_(params) {}
  /// Returns the frame with its labels put back if they were swapped. torso_px scales the
  /// distances (0: no scale yet, the frame passes unchanged and only seeds the memory).
  /// near_side is the side a side-view camera sees, when it is settled.
  PoseFrame correct(const PoseFrame& raw, double torso_px, std::optional<Side> near_side = std::nullopt);
  /// Frames whose labels were swapped back so far.
  [[nodiscard]] std::size_t swaps_undone() const { return swaps_undone_; }
  /// Forgets the remembered positions (a new runner).
  void reset();

 private:
  struct Seen {
    Vec2 at;
    double t_s = -1e9;
  };
  [[nodiscard]] bool swapped_by_confidence(const PoseFrame& raw, std::optional<Side> near_side) const;
  [[nodiscard]] bool swapped_by_continuity(const PoseFrame& raw, double torso_px) const;

  SwapGuardParams params_;
  std::array<Seen, kKeypointCount> seen_{};
  std::size_t swaps_undone_ = 0;
};

/// The keypoint of the other side (nose maps to itself).
Keypoint mirror(Keypoint k);

/// Sets the far side's head, shoulder, hip and leg landmarks of a side view to missing, so that
/// every midpoint is the near side's. The far elbow and wrist stay: arm asymmetry needs both.
void keep_near_side(PoseFrame& frame, Side near);

}  // namespace runform::form
