// issue 9: the engine on landmarks shaped like a real pose model's and on runners who do not
// behave like the textbook: an occluded far side, left/right label swaps, a small bounce at
// 15–60 fps, no standing start, a standing pause later, a walking warm-up.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "form/engine.h"
#include "support/fault_cases.h"
#include "support/sim_harness.h"

namespace runform::testing {
namespace {

using form::MetricId;
using form::View;

// Occlusion as a real pose model reports it: far-side confidences uniform over 0.05–0.4.
sim::SimulationSpec occluded_side(double duration_s, unsigned seed) {
  sim::SimulationSpec spec = realistic_spec(View::kSide, duration_s, seed);
  spec.realism.far_confidence_min = 0.05;
  spec.realism.far_confidence_max = 0.4;
  return spec;
}

double true_cadence(const SimRun& run) { return run.session.truth.metrics.at("cadence_spm"); }

// Acceptance 2.
TEST(OccludedFarSide, EverySideViewMetricIsMeasurableAndCadenceHolds) {
  const SimRun run = simulate_and_analyze(occluded_side(60.0, 31), {}, View::kAuto);
  EXPECT_EQ(run.analysis.summary.view, View::kSide);
  for (const form::MetricInfo& mi : form::metric_catalog()) {
    if (mi.view == form::MetricView::kFront) continue;  // the side view's metrics and those of "both"
    EXPECT_TRUE(run.value(mi.id).has_value()) << mi.key << " not measurable: " << run.reason(mi.id);
  }
  ASSERT_TRUE(run.value(MetricId::kCadence));
  std::printf("occluded far side: cadence %.2f spm, truth %.2f\n", *run.value(MetricId::kCadence), true_cadence(run));
  EXPECT_NEAR(*run.value(MetricId::kCadence), true_cadence(run), 1.0);
  EXPECT_TRUE(run.analysis.summary.faults.empty()) << run.faults_text();
}

TEST(OccludedFarSide, SideViewFaultsAreFlagged) {
  for (const FaultCase& c : fault_cases()) {
    if (c.view != View::kSide) continue;
    sim::SimulationSpec spec = occluded_side(45.0, 32);
    c.induce(spec.runner);
    const SimRun run = simulate_and_analyze(spec);
    std::printf("occluded far side, %s: %s = %.3f; faults: %s\n", c.name, std::string(form::info(c.metric).key).c_str(),
                run.value(c.metric).value_or(NAN), run.faults_text().c_str());
    EXPECT_TRUE(run.flagged(c.metric)) << c.name << " not flagged; faults: " << run.faults_text();
  }
}

// Acceptance 2, arm asymmetry: the far arm's faint track (0.05–0.4) folded over a window of strides
// carries its swing. Stated tolerance: within 5 points of the truth, the standard error the engine
// reports for it (≤ 5 points, or it is not given) and a third of the 15% fault threshold.
constexpr double kOccludedAsymmetryTolerancePct = 5.0;

TEST(OccludedFarSide, ArmAsymmetryIsMeasuredWithinItsStatedTolerance) {
  for (const double asymmetry_pct : {0.0, 30.0}) {
    for (const double fps : {15.0, 30.0}) {
      sim::SimulationSpec spec = occluded_side(60.0, 36);
      spec.runner.arm_asymmetry_pct = asymmetry_pct;
      spec.camera.fps = fps;
      const SimRun run = simulate_and_analyze(spec);
      const form::MetricValue& v = run.analysis.summary.metrics[form::index(MetricId::kArmsAsymmetry)];
      ASSERT_TRUE(v.value.has_value()) << run.reason(MetricId::kArmsAsymmetry);
      ASSERT_TRUE(v.plus_minus.has_value()) << "the result says how sure it is";
      const double truth = run.session.truth.metrics.at("arms.asymmetry_pct");
      std::printf("occluded far side, %.0f fps, asymmetry %.0f%%: measured %.1f ± %.1f%%, truth %.1f%%\n", fps,
                  asymmetry_pct, *v.value, *v.plus_minus, truth);
      EXPECT_NEAR(*v.value, truth, kOccludedAsymmetryTolerancePct) << fps << " fps, " << asymmetry_pct << "%";
      EXPECT_LE(*v.plus_minus, 5.0);
      EXPECT_EQ(run.flagged(MetricId::kArmsAsymmetry), asymmetry_pct > 15.0) << run.faults_text();
    }
  }
}

// Where the far wrist is not reported at all (confidence 0), asymmetry says exactly that.
TEST(OccludedFarSide, AbsentFarWristIsNamedAsTheReason) {
  SimRun run;
  run.session = sim::simulate(occluded_side(40.0, 37));
  for (form::PoseFrame& f : run.session.frames) f.at(form::Keypoint::kRightWrist).confidence = 0.0;
  run.analysis = form::analyze_frames(run.session.header, run.session.frames, {}, catalog());
  EXPECT_FALSE(run.value(MetricId::kArmsAsymmetry).has_value());
  EXPECT_EQ(run.reason(MetricId::kArmsAsymmetry), form::reason::kArmNotReported);
  EXPECT_TRUE(run.value(MetricId::kArmsDrive).has_value()) << "the near arm is still measured";
}

// Acceptance 3: a 3 cm bounce at 180 spm at 15, 30 and 60 fps, front and side.
TEST(SmallBounce, CadenceWithinOneSpmAtEveryFrameRate) {
  for (View view : {View::kFront, View::kSide}) {
    for (double fps : {15.0, 30.0, 60.0}) {
      sim::SimulationSpec spec = realistic_spec(view, 60.0, 33);
      spec.runner.cadence_spm = 180.0;
      spec.runner.vertical_oscillation_cm = 3.0;
      spec.camera.fps = fps;
      const SimRun run = simulate_and_analyze(spec);
      ASSERT_TRUE(run.value(MetricId::kCadence)) << run.reason(MetricId::kCadence);
      std::printf("3 cm bounce, 180 spm, %s view, %.0f fps: cadence %.2f spm (truth %.2f), %zu strides of %zu\n",
                  std::string(form::to_string(view)).c_str(), fps, *run.value(MetricId::kCadence), true_cadence(run),
                  run.analysis.summary.strides, run.session.truth.strides);
      EXPECT_NEAR(*run.value(MetricId::kCadence), true_cadence(run), 1.0) << fps << " fps";
      EXPECT_GE(static_cast<double>(run.analysis.summary.strides), 0.9 * static_cast<double>(run.session.truth.strides));
      EXPECT_FALSE(run.flagged(MetricId::kCadence));
    }
  }
}

// Acceptance 4: no standing start means no baseline, said as such, never a confident 0.
TEST(NoStandingStart, BaselineMetricsSayNoStandingBaseline) {
  for (View view : {View::kFront, View::kSide}) {
    sim::SimulationSpec spec = realistic_spec(view, 40.0, 34);
    spec.runner.standing_s = 0.0;
    spec.runner.forward_head_deg = 12.0;       // present from the first step
    spec.runner.shoulder_elevation_pct = 25.0;
    const SimRun run = simulate_and_analyze(spec);
    const MetricId id = view == View::kFront ? MetricId::kShouldersElevation : MetricId::kHeadForwardAngle;
    EXPECT_FALSE(run.value(id).has_value()) << form::info(id).key << " = " << run.value(id).value_or(NAN);
    EXPECT_EQ(run.reason(id), "no standing baseline");
    if (view == View::kSide) {
      EXPECT_EQ(run.reason(MetricId::kShouldersRounding), "no standing baseline");
    }
    EXPECT_FALSE(run.flagged(id));
    // The metrics that need no baseline are still measured.
    EXPECT_TRUE(run.value(MetricId::kCadence).has_value());
  }
}

TEST(NoStandingStart, AStandingPauseLaterCalibrates) {
  for (View view : {View::kFront, View::kSide}) {
    sim::SimulationSpec spec = realistic_spec(view, 70.0, 35);
    spec.runner.standing_s = 0.0;
    spec.runner.pause_at_s = 12.0;  // steps onto the side decks for 6 s
    spec.runner.pause_s = 6.0;
    spec.runner.forward_head_deg = 12.0;
    spec.runner.shoulder_elevation_pct = 25.0;
    const sim::SimulatedSession s = sim::simulate(spec);
    form::EngineConfig config;
    config.view = view;
    form::FormEngine engine(config, catalog().cues);
    bool calibrating_seen = false;
    for (const form::PoseFrame& f : s.frames) {
      const form::FrameResult& r = engine.process(f);
      if (r.state == form::RunnerState::kCalibrating) {
        calibrating_seen = true;
        EXPECT_GT(f.t_s, 12.0) << "calibrating while running";
      }
    }
    EXPECT_TRUE(calibrating_seen);
    ASSERT_TRUE(engine.baseline().has_value()) << "the pause did not calibrate";
    const MetricId id = view == View::kFront ? MetricId::kShouldersElevation : MetricId::kHeadForwardAngle;
    std::size_t before = 0, after = 0;
    for (const form::StrideRecord& r : engine.strides()) {
      const form::MetricValue& v = r.metrics[form::index(id)];
      if (r.t_end_s < 12.0) {
        ++before;
        EXPECT_EQ(v.reason, "no standing baseline") << "at " << r.t_start_s;
      } else if (r.t_start_s > 20.0) {
        ++after;
        EXPECT_TRUE(v.measurable()) << "at " << r.t_start_s << ": " << v.reason;
      }
    }
    EXPECT_GT(before, 10u);
    EXPECT_GT(after, 40u);
    const form::AnalysisResult result = form::finish_analysis(s.header, engine, s.frames.size(), catalog());
    const auto& faults = result.summary.faults;
    EXPECT_NE(std::find(faults.begin(), faults.end(), id), faults.end()) << "fault present from the start not flagged";
  }
}

// Pose models swap left and right for a few frames, most often from the side.
TEST(LabelSwaps, AreUndoneAndChangeNothing) {
  for (View view : {View::kFront, View::kSide}) {
    sim::SimulationSpec spec = view == View::kSide ? occluded_side(60.0, 36) : realistic_spec(view, 60.0, 36);
    spec.realism.label_swap_every_s = 2.0;
    spec.realism.label_swap_frames = 3;
    spec.realism.drop_fraction = 0.0;  // every swapped frame arrives, so the count is exact
    const sim::SimulatedSession s = sim::simulate(spec);
    form::EngineConfig config;
    config.view = view;
    form::FormEngine engine(config, catalog().cues);
    for (const form::PoseFrame& f : s.frames) engine.process(f);
    const std::size_t swapped = static_cast<std::size_t>((spec.runner.duration_s / 2.0 - 1.0) * 3.0);
    std::printf("%s view: %zu frames swapped, %zu undone\n", std::string(form::to_string(view)).c_str(), swapped,
                engine.label_swaps_undone());
    EXPECT_GE(engine.label_swaps_undone(), swapped * 9 / 10);
    EXPECT_LE(engine.label_swaps_undone(), swapped + 3);
    const form::AnalysisResult r = form::finish_analysis(s.header, engine, s.frames.size(), catalog());
    EXPECT_TRUE(r.summary.faults.empty()) << "swaps produced faults";
    EXPECT_NEAR(*r.summary.metrics[form::index(MetricId::kCadence)].value, s.truth.metrics.at("cadence_spm"), 1.0);
  }
}

// Walking is a state of its own: neither scored nor reported as the running cadence.
TEST(WalkingWarmUp, IsNotScoredNorTheRunningCadence) {
  for (View view : {View::kFront, View::kSide}) {
    sim::SimulationSpec spec = realistic_spec(view, 75.0, 37);
    spec.runner.walk_s = 20.0;
    spec.runner.walk_cadence_spm = 115.0;
    const sim::SimulatedSession s = sim::simulate(spec);
    form::EngineConfig config;
    config.view = view;
    form::FormEngine engine(config, catalog().cues);
    std::size_t walking_frames = 0;
    for (const form::PoseFrame& f : s.frames) {
      if (engine.process(f).state == form::RunnerState::kWalking) {
        ++walking_frames;
        EXPECT_LT(f.t_s, 4.0 + 20.0 + 2.0) << "walking state while running";
      }
    }
    const form::AnalysisResult r = form::finish_analysis(s.header, engine, s.frames.size(), catalog());
    std::printf("%s view: walking %.1f s, running %.1f s, cadence %.2f spm\n", std::string(form::to_string(view)).c_str(),
                r.summary.walking_s, r.summary.running_s, *r.summary.metrics[form::index(MetricId::kCadence)].value);
    EXPECT_GT(walking_frames, 300u);
    EXPECT_NEAR(r.summary.walking_s, 20.0, 3.0);
    EXPECT_NEAR(*r.summary.metrics[form::index(MetricId::kCadence)].value, s.truth.metrics.at("cadence_spm"), 1.0);
    EXPECT_TRUE(r.summary.faults.empty()) << "the walk produced faults";
  }
}

}  // namespace
}  // namespace runform::testing
