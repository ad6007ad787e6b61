// How far estimated landmarks are from the true ones (the synthetic source's ground truth):
// what the end-to-end test, the demo and `analyze --video` on synthetic clips report.
#pragma once

#include <vector>

#include "form/landmarks.h"

namespace runform::camera {

/// Appends the pixel distance of each landmark of `estimated` with at least `min_confidence`
/// from the same landmark of `truth`.
void append_landmark_errors_px(const form::PoseFrame& estimated, const form::PoseFrame& truth, double min_confidence,
                               std::vector<double>& errors_px);

}  // namespace runform::camera
