// Acceptance 2: every fault of PRODUCT.md's metric table is flagged in the view that can see
// it (noise σ = 1.5% torso, 5% dropped frames), reported not measurable in the other view,
// and a clean runner is flagged for nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "support/fault_cases.h"
#include "support/sim_harness.h"

namespace runform::testing {
namespace {

using form::MetricId;
using form::View;

class FaultDetection : public ::testing::TestWithParam<FaultCase> {};

TEST_P(FaultDetection, FlaggedInItsViewAndNotMeasurableInTheOther) {
  const FaultCase& c = GetParam();
  sim::SimulationSpec spec = realistic_spec(c.view, 60.0, 21);
  c.induce(spec.runner);
  // issue 16: the view is detected here (the header says "auto"), so every fault case also
  // exercises view detection; the other-view run below keeps the header's view.
  const SimRun seen = simulate_and_analyze(spec, {}, form::View::kAuto);
  EXPECT_EQ(seen.analysis.summary.view, c.view) << c.name << ": view detected wrongly";
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
  // Seeds 2 and 3 hide the view: a clean runner must not be flagged while it is detected.
  const SimRun run = simulate_and_analyze(realistic_spec(view, 60.0, seed), {},
                                          seed >= 2 ? std::optional(View::kAuto) : std::nullopt);
  EXPECT_EQ(run.analysis.summary.view, view);
  EXPECT_TRUE(run.analysis.summary.faults.empty()) << "clean runner flagged: " << run.faults_text();
  ASSERT_TRUE(run.analysis.summary.scores.overall.has_value());
  EXPECT_GE(*run.analysis.summary.scores.overall, 90.0);
  EXPECT_TRUE(run.analysis.cues.empty()) << "a clean runner got cue " << run.analysis.cues.front().text;
}

INSTANTIATE_TEST_SUITE_P(BothViewsSeveralSeeds, CleanRunner,
                         ::testing::Combine(::testing::Values(View::kFront, View::kSide), ::testing::Values(1u, 2u, 3u)));

}  // namespace
}  // namespace runform::testing
