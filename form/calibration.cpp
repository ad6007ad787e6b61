#include "form/calibration.h"

#include "form/stats.h"

namespace runform::form {

void Calibrator::add(const FrameFeatures& f) {
  gaps_.push_back(f.ear_shoulder_gap);
  forward_.push_back(f.forward_head_deg);
  rounding_.push_back(f.rounding);
}

Baseline Calibrator::result() const {
  return Baseline{median_of_present(gaps_), median_of_present(forward_), median_of_present(rounding_)};
}

}  // namespace runform::form
