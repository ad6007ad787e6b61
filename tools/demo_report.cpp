#include "tools/demo_report.h"

#include <fstream>
#include <sstream>

#include "form/cue_catalog.h"
#include "sim/track_simulator.h"
#include "tools/analysis_json.h"
#include "tools/demo_camera.h"
#include "tools/demo_hub.h"
#include "tools/text_report.h"

namespace runform::tools {
namespace {

// Runs one leg of the demo. Its developer diagnostics go to `out` when verbose; otherwise only
// `summary` is printed, and the diagnostics only if the leg fails (they then explain why).
template <typename Leg>
int run_leg(bool verbose, std::ostream& out, const std::string& summary, Leg&& leg) {
  if (verbose) return leg(out);
  std::ostringstream diagnostics;
  const int code = leg(diagnostics);
  out << (code == 0 ? summary : diagnostics.str()) << "\n";
  return code;
}

}  // namespace

sim::SimulationSpec demo_spec(const std::string& view) {
  // The embedded default: a 3-minute run by a runner whose shoulders creep up and whose
  // arms start to cross as they tire, with a hands-on-rails episode and a passer-by.
  sim::SimulationSpec spec;
  spec.camera.view = view == "side" ? form::View::kSide : form::View::kFront;
  spec.runner.duration_s = 180.0;
  spec.runner.fatigue = {{"shoulder_elevation_pct", 28.0, 0.3}, {"midline_crossing", 0.3, 0.4},
                         {"forward_head_deg", 12.0, 0.3}, {"elbow_angle_deg", 40.0, 0.4}};
  spec.realism.hands_on_rails = {{70.0, 76.0}};
  spec.realism.passerby = {{100.0, 100.8}};
  return spec;
}

int run_demo(const DemoOptions& o, std::ostream& out) {
  const sim::SimulationSpec spec = demo_spec(o.view);
  if (o.with_camera &&
      run_leg(o.verbose, out,
              "Camera check: a rendered runner went through the real pose pipeline and was tracked "
              "(--verbose shows pixel errors and timings).",
              [&](std::ostream& s) { return run_demo_camera_leg(o.view, s); }) != 0) {
    return 1;
  }
  out << "Simulating a 3-minute " << o.view << "-view run (no camera or model needed)...\n\n";
  const sim::SimulatedSession session = sim::simulate(spec);
  const form::CoachingCatalog catalog = form::load_coaching_catalog(o.assets);
  const form::AnalysisResult result = form::analyze_frames(session.header, session.frames, form::EngineConfig{}, catalog);
  write_text_report(result, ReportOptions{}, out);
  if (!o.json_out.empty()) {
    std::ofstream json_file(o.json_out);
    json_file << analysis_json(result).dump(2) << "\n";
    if (!json_file.flush()) throw std::runtime_error("writing --json " + o.json_out + " failed");
    out << "\nFull analysis JSON: " << o.json_out << "\n";
  }
  if (!o.with_hub) return 0;
  out << "\n";
  return run_leg(o.verbose, out,
                 "Kiosk -> hub -> coach: the session was streamed to a local hub, stored, and read back by a coach "
                 "(--verbose shows the figures).",
                 [&](std::ostream& s) { return run_demo_hub_leg(session.header, session.frames, catalog, s); });
}

}  // namespace runform::tools
