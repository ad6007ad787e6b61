#include "form/calibration.h"

#include "form/stats.h"

namespace runform::form {

void Calibrator::add(const FrameFeatures& f, double scale_px) {
  auto ratio = [scale_px](std::optional<double> px) -> std::optional<double> {
    if (!px || scale_px <= 0.0) return std::nullopt;
    return *px / scale_px;
  };
  gaps_.push_back(ratio(f.ear_shoulder_gap_px));
  forward_.push_back(f.forward_head_deg);
  rounding_.push_back(ratio(f.rounding_px));
}

Baseline Calibrator::result() const {
  return Baseline{median_of_present(gaps_), median_of_present(forward_), median_of_present(rounding_)};
}

}  // namespace runform::form
