// Session summary: fatigue drift, worst moments, per-minute aggregates, drills.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "support/sim_harness.h"

namespace runform::testing {
namespace {

using form::MetricId;

TEST(SessionSummary, FatigueDriftIsFlaggedWithAMessageAndDrills) {
  sim::SimulationSpec spec = realistic_spec(form::View::kFront, 300.0, 17);
  spec.runner.fatigue = {{"shoulder_elevation_pct", 25.0, 0.2}};
  const SimRun run = simulate_and_analyze(spec);
  const auto& drift = run.analysis.summary.drift;
  const auto it = std::find_if(drift.begin(), drift.end(),
                               [](const form::Drift& d) { return d.metric == MetricId::kShouldersElevation; });
  ASSERT_NE(it, drift.end());
  EXPECT_TRUE(it->flagged);
  EXPECT_GT(it->last - it->first, 15.0);
  EXPECT_NE(it->message.find("Your shoulder elevation rose"), std::string::npos) << it->message;
  std::printf("drift message: %s\n", it->message.c_str());
  // Metrics that did not change are not flagged.
  for (const form::Drift& d : drift) {
    if (d.metric != MetricId::kShouldersElevation) {
      EXPECT_FALSE(d.flagged) << form::info(d.metric).key;
    }
  }
  // Drills for the drifted fault are recommended; cues appeared late in the run.
  const auto& drills = run.analysis.summary.drills;
  EXPECT_TRUE(std::any_of(drills.begin(), drills.end(), [](const form::DrillDef& d) { return d.id == "upper_trap_stretch"; }));
  ASSERT_FALSE(run.analysis.cues.empty());
  EXPECT_EQ(run.analysis.cues.front().text, "Drop your shoulders");
  EXPECT_GT(run.analysis.cues.front().t_s, 100.0);
  // Worst moments sit where the fault is worst: the late part of the run.
  ASSERT_FALSE(run.analysis.summary.worst_moments.empty());
  for (const form::WorstMoment& w : run.analysis.summary.worst_moments) {
    EXPECT_GT(w.t_s, 150.0);
  }
  // One aggregate per minute, rising elevation.
  const auto& pm = run.analysis.summary.per_minute;
  ASSERT_EQ(pm.size(), 5u);
  EXPECT_LT(*pm.front().metrics[form::index(MetricId::kShouldersElevation)].value,
            *pm.back().metrics[form::index(MetricId::kShouldersElevation)].value);
}

TEST(SessionSummary, BreathingSummaryReportsRate) {
  sim::SimulationSpec spec = realistic_spec(form::View::kFront, 60.0, 18);
  spec.runner.breath_rise = 0.04;
  spec.runner.breathing_rate_bpm = 24.0;
  const SimRun run = simulate_and_analyze(spec);
  ASSERT_TRUE(run.analysis.summary.breathing);
  EXPECT_TRUE(run.analysis.summary.breathing->flagged);
  EXPECT_NEAR(run.analysis.summary.breathing->rate_bpm, 24.0, 1.5);
}

}  // namespace
}  // namespace runform::testing
