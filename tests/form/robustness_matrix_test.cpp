// issue 9, acceptance 1: every fault of PRODUCT.md crossed with each realism factor, in the
// view that can see the fault. Each must be flagged, and a clean runner under each factor
// flagged for nothing. Prints the table and the F1 per factor.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
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
  /// Faults the factor itself is by PRODUCT.md (a 10 cm bounce is one): the clean runner must be
  /// flagged for exactly these, and nothing else.
  std::vector<MetricId> is_itself = {};
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
      // Camera yaw −30…+30° (issue 9): the engine estimates the yaw and corrects for it.
      {"yaw -30", [](auto& s) { s.camera.yaw_deg = -30.0; }},
      {"yaw -20", [](auto& s) { s.camera.yaw_deg = -20.0; }},
      {"yaw -10", [](auto& s) { s.camera.yaw_deg = -10.0; }},
      {"yaw +10", [](auto& s) { s.camera.yaw_deg = 10.0; }},
      {"yaw +20", [](auto& s) { s.camera.yaw_deg = 20.0; }},
      {"yaw +30", [](auto& s) { s.camera.yaw_deg = 30.0; }},
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
      // The issue asks steps and cadence to hold for a bounce of 3–10 cm. A 10 cm bounce is itself
      // a fault by PRODUCT.md's threshold (Garmin: > 9.7 cm), so the clean runner here must be
      // flagged for exactly that, and every other fault must still be found.
      {"bounce 10 cm", [](auto& s) { s.runner.vertical_oscillation_cm = 10.0; },
       [](const FaultCase& c) { return c.metric != MetricId::kVerticalOscillation; },
       {MetricId::kVerticalOscillation}},
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

// RUNFORM_MATRIX_FACTOR=yaw runs only the factors whose name contains "yaw" (while tuning).
bool selected(const Factor& f) {
  const char* only = std::getenv("RUNFORM_MATRIX_FACTOR");
  return only == nullptr || std::string(f.name).find(only) != std::string::npos;
}

std::string names(const std::vector<MetricId>& ids) {
  std::string out;
  for (MetricId id : ids) out += (out.empty() ? "" : ", ") + std::string(form::info(id).key);
  return out.empty() ? "(none)" : out;
}

TEST(RobustnessMatrix, EveryFaultUnderEveryFactor) {
  std::printf("\n%-20s", "factor");
  for (const FaultCase& c : fault_cases()) std::printf(" %.6s", c.name);
  std::printf(" %6s %6s  F1\n", "clean", "clean");
  std::vector<std::pair<std::string, Tally>> tallies;
  for (std::size_t fi = 0; fi < factors().size(); ++fi) {
    const Factor& f = factors()[fi];
    if (!selected(f)) continue;
    // Seeds depend only on the row, so a row run alone (RUNFORM_MATRIX_FACTOR) is the same run.
    auto seed = static_cast<unsigned>(100 + 40 * fi);
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
      std::vector<MetricId> expected;  // the factor's own faults this view can see
      for (MetricId id : f.is_itself) {
        const form::MetricView seen_by = form::info(id).view;
        if (seen_by == form::MetricView::kBoth || (seen_by == form::MetricView::kFront) == (view == View::kFront)) {
          expected.push_back(id);
        }
      }
      int false_flags = 0;
      for (MetricId id : run.analysis.summary.faults) {
        if (std::find(expected.begin(), expected.end(), id) == expected.end()) ++false_flags;
      }
      t.fp += false_flags;
      const bool as_expected = run.analysis.summary.faults == expected;
      row += as_expected ? "     ok" : "  FLAGS";
      EXPECT_TRUE(as_expected) << f.name << ": clean " << form::to_string(view) << " runner flagged for "
                               << run.faults_text() << ", expected " << names(expected);
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
