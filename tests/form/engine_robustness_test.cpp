// The engine under the conditions of a real gym: a passer-by, an arm hidden by the rail,
// nobody in frame, uneven timestamps, auto view detection.
#include <gtest/gtest.h>

#include "form/engine.h"
#include "support/sim_harness.h"

namespace runform::testing {
namespace {

using form::MetricId;

TEST(EngineRobustness, PasserByNeverTakesTheLockNorCreatesFaults) {
  sim::SimulationSpec spec = realistic_spec(form::View::kFront, 60.0, 8);
  spec.realism.passerby = {{20.0, 20.8}, {40.0, 40.6}};
  const SimRun run = simulate_and_analyze(spec);
  EXPECT_GT(run.analysis.frames_rejected, 20u) << "the passer-by's frames were accepted";
  EXPECT_TRUE(run.analysis.summary.faults.empty()) << run.faults_text();
  const SimRun clean = simulate_and_analyze(realistic_spec(form::View::kFront, 60.0, 8));
  EXPECT_NEAR(*run.value(MetricId::kCadence), *clean.value(MetricId::kCadence), 1.0);
}

TEST(EngineRobustness, ARunnerWhoStaysIsReacquired) {
  // The skeleton jumps to a new place and stays: after the reacquire time it is tracked again.
  sim::SimulationSpec spec = realistic_spec(form::View::kFront, 40.0, 9);
  sim::SimulatedSession s = sim::simulate(spec);
  for (form::PoseFrame& f : s.frames) {
    if (f.t_s > 20.0) {
      for (form::Landmark& lm : f.keypoints) lm.x_px += 150.0;  // runner moved along the belt
    }
  }
  form::FormEngine engine({}, catalog().cues);
  std::size_t accepted_late = 0;
  for (const form::PoseFrame& f : s.frames) {
    if (engine.process(f).accepted && f.t_s > 22.0) ++accepted_late;
  }
  EXPECT_GT(accepted_late, 400u);
  EXPECT_LT(engine.frames_rejected(), 40u);
}

TEST(EngineRobustness, ArmHiddenByRailStillMeasuresTheOtherArm) {
  sim::SimulationSpec spec = realistic_spec(form::View::kFront, 60.0, 10);
  spec.realism.hidden_arm = sim::HiddenArm::kRight;
  spec.runner.midline_crossing = 0.12;
  const SimRun run = simulate_and_analyze(spec);
  EXPECT_TRUE(run.flagged(MetricId::kArmsMidlineCrossing)) << run.faults_text();
  EXPECT_FALSE(run.value(MetricId::kArmsAsymmetry).has_value()) << "asymmetry needs both wrists";
  EXPECT_EQ(run.reason(MetricId::kArmsAsymmetry), form::reason::kOneArmHidden) << "the reason names the hidden arm";
}

TEST(EngineRobustness, NobodyInFrameGivesNoRunnerAndNoMetrics) {
  form::FormEngine engine({}, catalog().cues);
  form::PoseFrame empty;
  for (int i = 0; i < 300; ++i) {
    empty.t_s = i / 30.0;
    const form::FrameResult& r = engine.process(empty);
    EXPECT_EQ(r.state, form::RunnerState::kNoRunner);
  }
  EXPECT_TRUE(engine.strides().empty());
  EXPECT_FALSE(engine.current_scores().overall.has_value());
  EXPECT_TRUE(engine.cue_log().empty());
}

TEST(EngineRobustness, ViewIsDetectedAutomatically) {
  for (form::View view : {form::View::kFront, form::View::kSide}) {
    sim::SimulationSpec spec = realistic_spec(view, 30.0, 14);
    sim::SimulatedSession s = sim::simulate(spec);
    s.header.view = form::View::kAuto;  // hide the answer
    const form::AnalysisResult r = form::analyze_frames(s.header, s.frames, {}, catalog());
    EXPECT_EQ(r.summary.view, view);
  }
}

TEST(EngineRobustness, ViewOverrideWins) {
  sim::SimulationSpec spec = realistic_spec(form::View::kFront, 30.0, 15);
  sim::SimulatedSession s = sim::simulate(spec);
  form::EngineConfig config;
  config.view = form::View::kSide;
  const form::AnalysisResult r = form::analyze_frames(s.header, s.frames, config, catalog());
  EXPECT_EQ(r.summary.view, form::View::kSide);
}

TEST(EngineRobustness, HeightGivesVerticalOscillationInCentimetres) {
  sim::SimulationSpec spec = realistic_spec(form::View::kSide, 40.0, 16);
  spec.runner.vertical_oscillation_cm = 9.0;
  sim::SimulatedSession s = sim::simulate(spec);
  form::EngineConfig config;
  config.height_cm = 175.0;
  const form::AnalysisResult r = form::analyze_frames(s.header, s.frames, config, catalog());
  const form::MetricValue& vo = r.summary.metrics[form::index(MetricId::kVerticalOscillation)];
  EXPECT_EQ(vo.unit, "cm");
  ASSERT_TRUE(vo.value);
  EXPECT_NEAR(*vo.value, 9.0, 0.9);
}

}  // namespace
}  // namespace runform::testing
