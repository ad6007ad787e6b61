// Acceptance 5: hands on the rails make the arm metrics not measurable; they are never
// scored as "no arm swing".
#include <gtest/gtest.h>

#include <algorithm>

#include "form/engine.h"
#include "support/sim_harness.h"

namespace runform::testing {
namespace {

using form::MetricId;

const std::vector<MetricId> kArmMetrics{MetricId::kArmsMidlineCrossing, MetricId::kArmsLateralExcursion,
                                        MetricId::kArmsAsymmetry, MetricId::kArmsElbowAngle, MetricId::kArmsDrive};

class HandsOnRails : public ::testing::TestWithParam<form::View> {};

TEST_P(HandsOnRails, WholeRunOnRailsLeavesArmsUnmeasuredAndUnscored) {
  sim::SimulationSpec spec = realistic_spec(GetParam(), 40.0, 5);
  spec.realism.hands_on_rails = {{0.0, 40.0}};
  const SimRun run = simulate_and_analyze(spec);
  for (MetricId id : kArmMetrics) {
    if (form::info(id).view != form::MetricView::kBoth &&
        (form::info(id).view == form::MetricView::kFront) != (GetParam() == form::View::kFront)) {
      continue;  // the other view's reason wins there
    }
    EXPECT_FALSE(run.value(id).has_value()) << form::info(id).key;
    EXPECT_EQ(run.reason(id), "hands on the rails") << form::info(id).key;
  }
  EXPECT_FALSE(run.analysis.summary.scores.arms.has_value()) << "arms scored while holding the rails";
  EXPECT_GT(run.analysis.summary.holding_rails_s, 25.0);
  // Legs still run: cadence stays measurable.
  EXPECT_TRUE(run.value(MetricId::kCadence).has_value());
}

TEST_P(HandsOnRails, EpisodePausesLiveArmMetricsAndRunnerStateSaysSo) {
  sim::SimulationSpec spec = realistic_spec(GetParam(), 60.0, 6);
  spec.realism.hands_on_rails = {{25.0, 40.0}};
  const sim::SimulatedSession session = sim::simulate(spec);
  form::FormEngine engine({}, catalog().cues);
  bool saw_rails_state = false;
  for (const form::PoseFrame& f : session.frames) {
    const form::FrameResult& r = engine.process(f);
    if (f.t_s > 30.0 && f.t_s < 39.0) {
      saw_rails_state |= r.state == form::RunnerState::kHoldingRails;
      EXPECT_FALSE(engine.current_scores().arms.has_value()) << "arms scored on the rails at t=" << f.t_s;
      EXPECT_EQ(engine.current_metrics()[form::index(MetricId::kArmsAsymmetry)].reason, "hands on the rails");
    }
  }
  EXPECT_TRUE(saw_rails_state);
  // After the episode the session's arm values match a runner who never held on.
  const form::AnalysisResult with_episode = form::analyze_frames(session.header, session.frames, {}, catalog());
  EXPECT_TRUE(with_episode.summary.scores.arms.has_value());
  EXPECT_TRUE(with_episode.summary.faults.empty()) << "rails episode produced a fault";
}

TEST_P(HandsOnRails, TheTrackersRailsHintPausesArmsEvenWhenWristsStillMove) {
  // A runner whose arms keep swinging (the engine's own stillness check sees nothing) while the
  // camera's tracker reports hands on a rail from 25 to 40 s: the hint alone pauses the arms.
  const sim::SimulatedSession session = sim::simulate(realistic_spec(GetParam(), 60.0, 7));
  form::FormEngine engine({}, catalog().cues);
  bool saw_rails_state = false;
  for (const form::PoseFrame& f : session.frames) {
    const bool hinted = f.t_s >= 25.0 && f.t_s < 40.0;
    const form::FrameResult& r = engine.process(f, {hinted});
    if (hinted) saw_rails_state |= r.state == form::RunnerState::kHoldingRails;
    if (f.t_s > 30.0 && f.t_s < 39.0) {
      EXPECT_EQ(engine.current_metrics()[form::index(MetricId::kArmsAsymmetry)].reason, "hands on the rails") << f.t_s;
    }
  }
  EXPECT_TRUE(saw_rails_state);
  const auto rails_strides = std::count_if(engine.strides().begin(), engine.strides().end(),
                                           [](const form::StrideRecord& s) { return s.holding_rails; });
  EXPECT_GT(rails_strides, 15) << "strides inside the hinted 15 s are marked as holding the rails";
  EXPECT_LT(rails_strides, 26);
}

INSTANTIATE_TEST_SUITE_P(BothViews, HandsOnRails, ::testing::Values(form::View::kFront, form::View::kSide));

}  // namespace
}  // namespace runform::testing
