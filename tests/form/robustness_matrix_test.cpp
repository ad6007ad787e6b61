// issue 9, acceptance 1: every fault of PRODUCT.md crossed with each realism factor, in the
// view that can see the fault. Each must be flagged, and a clean runner under each factor
// flagged for nothing. Prints the table and the F1 per factor.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "sim/camera_projection.h"
#include "support/fault_cases.h"
#include "support/sim_harness.h"

namespace runform::testing {
namespace {

using form::MetricId;
using form::View;

struct Factor {
  const char* name;
  std::function<void(sim::SimulationSpec&)> apply;
  /// False where the factor makes the case meaningless (noted in the table as "n/a").
  std::function<bool(const FaultCase&)> applies = [](const FaultCase&) { return true; };
};

void aim_camera(sim::SimulationSpec& spec, double height_m) {
  spec.camera.height_m = height_m;
  spec.camera.pitch_deg = sim::aim_pitch_deg(height_m, spec.camera.distance_m, 1.1);  // at the torso
}

bool needs_baseline(const FaultCase& c) {
  return c.metric == MetricId::kShouldersElevation || c.metric == MetricId::kHeadForwardAngle ||
         c.metric == MetricId::kShouldersRounding;
}

const std::vector<Factor>& factors() {
  static const std::vector<Factor> kFactors{
      {"occluded far side", [](auto& s) { s.realism.far_confidence_min = 0.05; s.realism.far_confidence_max = 0.4; },
       [](const FaultCase& c) { return c.view == View::kSide && c.metric != MetricId::kArmsAsymmetry; }},
      {"label swaps", [](auto& s) { s.realism.label_swap_every_s = 3.0; s.realism.label_swap_frames = 3; }},
      // Known limit: from ±15° of yaw the front view's wrist swing toward the camera projects
      // sideways and a clean runner's arms read as crossing; from −20° the side view's far arm
      // reads as asymmetric. The matrix holds ±10°; see ARCHITECTURE.md.
      {"yaw +10", [](auto& s) { s.camera.yaw_deg = 10.0; }},
      {"yaw -10", [](auto& s) { s.camera.yaw_deg = -10.0; }},
      {"camera 0.8 m", [](auto& s) { aim_camera(s, 0.8); }},
      {"camera 1.8 m", [](auto& s) { aim_camera(s, 1.8); }},
      {"distance 2 m", [](auto& s) { s.camera.distance_m = 2.0; }},
      {"distance 5 m", [](auto& s) { s.camera.distance_m = 5.0; }},
      {"runner 1.5 m", [](auto& s) { s.runner.height_cm = 150.0; }},
      {"runner 2.0 m", [](auto& s) { s.runner.height_cm = 200.0; }},
      {"640x360", [](auto& s) { s.camera.width_px = 640; s.camera.height_px = 360; }},
      {"15 fps", [](auto& s) { s.camera.fps = 15.0; }},
      {"24 fps", [](auto& s) { s.camera.fps = 24.0; }},
      {"60 fps", [](auto& s) { s.camera.fps = 60.0; }},
      {"belt drift", [](auto& s) { s.realism.belt_drift_fwd_m = 0.25; s.realism.belt_drift_lat_m = 0.10; s.realism.belt_drift_period_s = 17.0; }},
      {"bounce 3 cm", [](auto& s) { s.runner.vertical_oscillation_cm = 3.0; },
       [](const FaultCase& c) { return c.metric != MetricId::kVerticalOscillation; }},
      // 9 cm, not 10: 9.7 cm is the project's fault threshold (Garmin), so a 10 cm bounce is a fault.
      {"bounce 9 cm", [](auto& s) { s.runner.vertical_oscillation_cm = 9.0; },
       [](const FaultCase& c) { return c.metric != MetricId::kVerticalOscillation; }},
      {"walking warm-up", [](auto& s) { s.runner.walk_s = 15.0; s.runner.duration_s += 15.0; }},
      // Without a standing start the baseline faults are "not measurable" (acceptance 4).
      {"no standing start", [](auto& s) { s.runner.standing_s = 0.0; },
       [](const FaultCase& c) { return !needs_baseline(c); }},
  };
  return kFactors;
}

struct Tally {
  int tp = 0, fn = 0, fp = 0, cases = 0;
  [[nodiscard]] double f1() const { return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn); }
};

TEST(RobustnessMatrix, EveryFaultUnderEveryFactor) {
  std::printf("\n%-20s", "factor");
  for (const FaultCase& c : fault_cases()) std::printf(" %.6s", c.name);
  std::printf(" %6s %6s  F1\n", "clean", "clean");
  unsigned seed = 100;
  std::vector<std::pair<std::string, Tally>> tallies;
  for (const Factor& f : factors()) {
    Tally t;
    std::string row;
    for (const FaultCase& c : fault_cases()) {
      if (!f.applies(c)) {
        row += "    n/a";
        continue;
      }
      sim::SimulationSpec spec = realistic_spec(c.view, 60.0, ++seed);
      f.apply(spec);
      c.induce(spec.runner);
      const SimRun run = simulate_and_analyze(spec);
      const bool hit = run.flagged(c.metric);
      ++t.cases;
      hit ? ++t.tp : ++t.fn;
      row += hit ? "     ok" : "   MISS";
      EXPECT_TRUE(hit) << f.name << " / " << c.name << ": " << form::info(c.metric).key << " = "
                       << run.value(c.metric).value_or(-999) << " (" << run.reason(c.metric) << "); faults: "
                       << run.faults_text();
    }
    for (View view : {View::kFront, View::kSide}) {
      sim::SimulationSpec spec = realistic_spec(view, 60.0, ++seed);
      f.apply(spec);
      const SimRun run = simulate_and_analyze(spec);
      t.fp += static_cast<int>(run.analysis.summary.faults.size());
      row += run.analysis.summary.faults.empty() ? "     ok" : "  FLAGS";
      EXPECT_TRUE(run.analysis.summary.faults.empty())
          << f.name << ": clean " << form::to_string(view) << " runner flagged: " << run.faults_text();
    }
    std::printf("%-20s%s  %.2f\n", f.name, row.c_str(), t.f1());
    tallies.emplace_back(f.name, t);
  }
  std::printf("\nF1 per factor (fault cases flagged / missed, clean-runner false flags):\n");
  for (const auto& [name, t] : tallies) {
    std::printf("  %-20s F1 %.3f  (%d/%d flagged, %d false flags)\n", name.c_str(), t.f1(), t.tp, t.cases, t.fp);
  }
}

}  // namespace
}  // namespace runform::testing
