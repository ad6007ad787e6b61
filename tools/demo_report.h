// `runform demo`: simulate a run on the embedded default and print the readable report.
#pragma once

#include <ostream>
#include <string>

#include "form/analysis.h"
#include "sim/runner_params.h"

namespace runform::tools {

/// Options of the demo.
struct DemoOptions {
  std::string view = "front";
  std::string json_out;
  std::string assets;
  bool with_hub = true;     ///< also send the session through a local hub to a coach
  bool with_camera = true;  ///< start with the rendered runner through the camera pipeline
  bool verbose = false;     ///< print the developer diagnostics (pixel errors, inference times, LTTB)
};

/// The demo's embedded run in a view ("front" or "side"): 3 minutes, fatigue, a hands-on-rails
/// episode and a passer-by.
sim::SimulationSpec demo_spec(const std::string& view);
/// Runs the demo; returns the process exit code.
int run_demo(const DemoOptions& options, std::ostream& out);

}  // namespace runform::tools
