// The demo's camera leg: the rendered synthetic runner through the real camera pipeline
// (frame source → tracker → OpenCV DNN with the generated marker model → landmarks),
// measured against the renderer's ground truth. No camera and no download needed.
#pragma once

#include <iosfwd>
#include <string>

namespace runform::tools {

/// Runs the leg and prints what it measured; returns 0, or 1 when the pipeline failed.
int run_demo_camera_leg(const std::string& view, std::ostream& out);

}  // namespace runform::tools
