// Acceptance 2: every fault of PRODUCT.md's metric table is flagged in the view that can see
// it (noise σ = 1.5% torso, 5% dropped frames), reported not measurable in the other view,
// and a clean runner is flagged for nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "support/sim_harness.h"

namespace runform::testing {
namespace {

using form::MetricId;
using form::View;

struct FaultCase {
  const char* name;
  MetricId metric;
  View view;  // a view that sees it
  std::function<void(sim::RunnerParams&)> induce;
};

const std::vector<FaultCase>& fault_cases() {
  static const std::vector<FaultCase> kCases{
      {"head_tilted", MetricId::kHeadTilt, View::kFront, [](auto& r) { r.head_tilt_deg = 9.0; }},
      {"forward_head", MetricId::kHeadForwardAngle, View::kSide, [](auto& r) { r.forward_head_deg = 12.0; }},
      {"shoulders_high", MetricId::kShouldersElevation, View::kFront, [](auto& r) { r.shoulder_elevation_pct = 25.0; }},
      {"shoulders_uneven", MetricId::kShouldersLevel, View::kFront, [](auto& r) { r.shoulder_tilt_deg = 7.0; }},
      {"shoulders_rounded", MetricId::kShouldersRounding, View::kSide, [](auto& r) { r.shoulder_rounding = 0.12; }},
      {"accessory_breathing", MetricId::kShouldersBreathRise, View::kFront, [](auto& r) { r.breath_rise = 0.04; }},
      {"arms_crossing", MetricId::kArmsMidlineCrossing, View::kFront, [](auto& r) { r.midline_crossing = 0.12; }},
      {"arms_wide", MetricId::kArmsLateralExcursion, View::kFront, [](auto& r) { r.lateral_excursion = 0.75; }},
      {"arms_asymmetric_front", MetricId::kArmsAsymmetry, View::kFront, [](auto& r) { r.arm_asymmetry_pct = 45.0; }},
      {"arms_asymmetric_side", MetricId::kArmsAsymmetry, View::kSide, [](auto& r) { r.arm_asymmetry_pct = 45.0; }},
      {"elbows_straight", MetricId::kArmsElbowAngle, View::kSide, [](auto& r) { r.elbow_angle_deg = 140.0; }},
      {"weak_drive", MetricId::kArmsDrive, View::kSide, [](auto& r) { r.arm_swing_deg = 9.0; }},
      {"leaning_back", MetricId::kTrunkLean, View::kSide, [](auto& r) { r.trunk_lean_deg = -6.0; }},
      {"torso_sway", MetricId::kTrunkLateralSway, View::kFront, [](auto& r) { r.lateral_sway_deg = 9.0; }},
      {"low_cadence_front", MetricId::kCadence, View::kFront, [](auto& r) { r.cadence_spm = 150.0; }},
      {"low_cadence_side", MetricId::kCadence, View::kSide, [](auto& r) { r.cadence_spm = 150.0; }},
      {"high_bounce_front", MetricId::kVerticalOscillation, View::kFront, [](auto& r) { r.vertical_oscillation_cm = 13.0; }},
      {"high_bounce_side", MetricId::kVerticalOscillation, View::kSide, [](auto& r) { r.vertical_oscillation_cm = 13.0; }},
  };
  return kCases;
}

class FaultDetection : public ::testing::TestWithParam<FaultCase> {};

TEST_P(FaultDetection, FlaggedInItsViewAndNotMeasurableInTheOther) {
  const FaultCase& c = GetParam();
  sim::SimulationSpec spec = realistic_spec(c.view, 60.0, 21);
  c.induce(spec.runner);
  const SimRun seen = simulate_and_analyze(spec);
  EXPECT_TRUE(seen.flagged(c.metric)) << c.name << ": " << form::info(c.metric).key << " = "
                                      << seen.value(c.metric).value_or(-999) << " not flagged; faults: "
                                      << seen.faults_text();
  std::printf("[%s] %s = %.4f in the %s view; faults: %s\n", c.name, std::string(form::info(c.metric).key).c_str(),
              seen.value(c.metric).value_or(NAN), std::string(form::to_string(c.view)).c_str(),
              seen.faults_text().c_str());

  if (form::info(c.metric).view == form::MetricView::kBoth) return;
  spec.camera.view = c.view == View::kFront ? View::kSide : View::kFront;
  const SimRun other = simulate_and_analyze(spec);
  EXPECT_FALSE(other.value(c.metric).has_value()) << c.name << " measured in the wrong view";
  EXPECT_EQ(other.reason(c.metric), c.view == View::kFront ? "needs the front view" : "needs the side view");
  EXPECT_FALSE(other.flagged(c.metric));
}

INSTANTIATE_TEST_SUITE_P(EveryFault, FaultDetection, ::testing::ValuesIn(fault_cases()),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(FaultDetection, EveryMetricHasAFaultCase) {
  for (const form::MetricInfo& mi : form::metric_catalog()) {
    const bool covered = std::any_of(fault_cases().begin(), fault_cases().end(),
                                     [&](const FaultCase& c) { return c.metric == mi.id; });
    EXPECT_TRUE(covered) << mi.key << " has no fault-detection case";
  }
}

class CleanRunner : public ::testing::TestWithParam<std::tuple<View, unsigned>> {};

TEST_P(CleanRunner, IsFlaggedForNothing) {
  const auto [view, seed] = GetParam();
  const SimRun run = simulate_and_analyze(realistic_spec(view, 60.0, seed));
  EXPECT_TRUE(run.analysis.summary.faults.empty()) << "clean runner flagged: " << run.faults_text();
  ASSERT_TRUE(run.analysis.summary.scores.overall.has_value());
  EXPECT_GE(*run.analysis.summary.scores.overall, 90.0);
  EXPECT_TRUE(run.analysis.cues.empty()) << "a clean runner got cue " << run.analysis.cues.front().text;
}

INSTANTIATE_TEST_SUITE_P(BothViewsSeveralSeeds, CleanRunner,
                         ::testing::Combine(::testing::Values(View::kFront, View::kSide), ::testing::Values(1u, 2u, 3u)));

}  // namespace
}  // namespace runform::testing
