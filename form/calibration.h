// The runner's personal baseline from a standing calibration at the start of a session.
// Population cutoffs were measured standing, so faults are judged against this baseline.
#pragma once

#include <optional>
#include <vector>

#include "form/frame_features.h"

namespace runform::form {

/// Standing values of the baseline-relative metrics.
struct Baseline {
  std::optional<double> ear_shoulder_gap;  ///< front view, ÷ torso
  std::optional<double> forward_head_deg;  ///< side view
  std::optional<double> rounding;          ///< side view, ÷ torso
};

/// Collects frames during the calibration window and reduces them to medians.
class Calibrator {
 public:
  /// Adds one frame's features, with the runner's scale at that moment.
  void add(const FrameFeatures& f, double scale_px);
  /// The medians of everything collected.
  [[nodiscard]] Baseline result() const;
  /// Frames collected.
  [[nodiscard]] std::size_t frames() const { return gaps_.size(); }

 private:
  std::vector<std::optional<double>> gaps_;
  std::vector<std::optional<double>> forward_;
  std::vector<std::optional<double>> rounding_;
};

}  // namespace runform::form
