// Draws what the camera pipeline and the form engine saw onto a video frame: the skeleton,
// the tracker's crop, the runner state and the on-screen cue, for `analyze --annotate`.
#pragma once

#include <optional>
#include <opencv2/core.hpp>
#include <string>

#include "camera/runner_tracker.h"
#include "form/cue_engine.h"

namespace runform::tools {

/// What to draw on one frame.
struct Annotation {
  const camera::TrackedPose* tracked = nullptr;
  std::string state;                        ///< the engine's runner state
  std::optional<std::string> cue;           ///< the cue on screen, if any
  bool positive = false;                    ///< the cue is a "better" message
};

/// Draws the annotation onto `bgr` in place.
void annotate_frame(cv::Mat& bgr, const Annotation& a);

}  // namespace runform::tools
