// Camera yaw up to ±30° (issue 9): the front view estimates it from the head and takes the
// camera's share out of the arm and level-line metrics; the side view's asymmetry does not
// depend on it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>

#include "form/camera_yaw.h"
#include "form/engine.h"
#include "support/sim_harness.h"

namespace runform::testing {
namespace {

using form::MetricId;
using form::View;

sim::SimulationSpec yawed(View view, double yaw_deg, unsigned seed) {
  sim::SimulationSpec spec = realistic_spec(view, 40.0, seed);
  spec.camera.yaw_deg = yaw_deg;
  return spec;
}

TEST(CameraYaw, TheFrontCamerasYawIsEstimatedFromTheHead) {
  for (double yaw : {-30.0, -15.0, 0.0, 15.0, 30.0}) {
    const sim::SimulatedSession session = sim::simulate(yawed(View::kFront, yaw, 41));
    form::EngineConfig config;
    config.view = View::kFront;
    form::FormEngine engine(config, catalog().cues);
    for (const form::PoseFrame& f : session.frames) engine.process(f);
    ASSERT_TRUE(engine.camera_yaw_deg().has_value());
    std::printf("camera yaw %+.0f deg: estimated %+.1f deg\n", yaw, *engine.camera_yaw_deg());
    // The sign follows the image (nose toward image right), the size the camera.
    EXPECT_NEAR(std::abs(*engine.camera_yaw_deg()), std::abs(yaw), 4.0) << yaw;
  }
}

TEST(CameraYaw, NoCorrectionBelowTheNamedYawAndAllOfItBeyond) {
  form::CameraYawEstimator estimator;
  EXPECT_EQ(estimator.correction_weight(), 0.0) << "nothing seen: nothing corrected";
  auto settle_at = [&](double yaw_deg) {
    estimator.reset();
    form::FrameFeatures f;
    f.head_yaw_ratio = std::tan(yaw_deg * std::numbers::pi / 180.0) * form::kNoseDepthPerEarWidth;
    for (int i = 0; i < 600; ++i) {
      f.t_s = i / 30.0;
      estimator.add(f);
    }
    return estimator.correction_weight();
  };
  EXPECT_EQ(settle_at(form::kYawNoCorrectionDeg - 1.0), 0.0);
  EXPECT_NEAR(settle_at((form::kYawNoCorrectionDeg + form::kYawFullCorrectionDeg) / 2.0), 0.5, 0.01);
  EXPECT_EQ(settle_at(-(form::kYawFullCorrectionDeg + 1.0)), 1.0);
}

TEST(CameraYaw, PerspectiveTiltOfLevelLinesIsLinearInTheRow) {
  // Hips at row 300 tilted −1°, knees at row 400 tilted −3°: shoulders at row 200 read +1°.
  form::CameraYawEstimator estimator;
  form::FrameFeatures f;
  const double rad = std::numbers::pi / 180.0;
  f.hip_line_px = form::Vec2{100.0 * std::cos(-1.0 * rad), 100.0 * std::sin(-1.0 * rad)};
  f.hip_row_px = 300.0;
  f.knee_line_px = form::Vec2{100.0 * std::cos(-3.0 * rad), 100.0 * std::sin(-3.0 * rad)};
  f.knee_row_px = 400.0;
  estimator.add(f);
  ASSERT_TRUE(estimator.perspective_tilt_deg(200.0, 100.0).has_value());
  EXPECT_NEAR(*estimator.perspective_tilt_deg(200.0, 100.0), 1.0, 1e-9);
  EXPECT_FALSE(estimator.perspective_tilt_deg(200.0, 400.0).has_value()) << "rows too close for the runner's size";
}

// Without the correction a clean runner at 30° reads as crossing (about +0.1 shoulder widths)
// and as tilted (the level lines at ≈ 4–5°); with it the values stay near those at 0°.
TEST(CameraYaw, ACleanFrontRunnerReadsTheSameAtThirtyDegreesAsHeadOn) {
  const SimRun head_on = simulate_and_analyze(yawed(View::kFront, 0.0, 42));
  for (double yaw : {-30.0, 30.0}) {
    const SimRun run = simulate_and_analyze(yawed(View::kFront, yaw, 42));
    // Known weakness: in the first seconds of running the perspective estimate still carries the
    // standing knees, and a short "level your shoulders" episode can be cued (−30° here). No
    // fault may be persistent or developed late.
    for (const form::FaultVerdict& v : run.analysis.summary.fault_verdicts) {
      std::printf("yaw %+.0f: %s episode (%s, %.0f%% of strides)\n", yaw, std::string(form::info(v.metric).key).c_str(),
                  std::string(form::to_string(v.basis)).c_str(), 100.0 * v.share);
      EXPECT_EQ(v.basis, form::FaultBasis::kCued) << yaw << " " << form::info(v.metric).key;
    }
    for (MetricId id : {MetricId::kArmsMidlineCrossing, MetricId::kArmsLateralExcursion, MetricId::kHeadTilt,
                        MetricId::kShouldersLevel}) {
      ASSERT_TRUE(run.value(id).has_value()) << form::info(id).key << ": " << run.reason(id);
      // The sideways swing keeps ≈ 0.14 of the camera's share: the wrist's fore-aft travel is not
      // quite linear in its height, and only the linear part is taken out (threshold: 0.5).
      const double tolerance = form::info(id).unit == "deg" ? 1.5 : id == MetricId::kArmsLateralExcursion ? 0.2 : 0.08;
      std::printf("yaw %+.0f: %-24s %.3f (head-on %.3f)\n", yaw, std::string(form::info(id).key).c_str(),
                  *run.value(id), head_on.value(id).value_or(NAN));
      EXPECT_NEAR(*run.value(id), *head_on.value(id), tolerance) << yaw << " " << form::info(id).key;
    }
  }
}

TEST(CameraYaw, SideViewAsymmetryDoesNotDependOnTheYaw) {
  for (double yaw : {-30.0, 0.0, 30.0}) {
    const SimRun clean = simulate_and_analyze(yawed(View::kSide, yaw, 43));
    ASSERT_TRUE(clean.value(MetricId::kArmsAsymmetry).has_value()) << clean.reason(MetricId::kArmsAsymmetry);
    std::printf("side, yaw %+.0f: clean asymmetry %.1f%%\n", yaw, *clean.value(MetricId::kArmsAsymmetry));
    EXPECT_LT(*clean.value(MetricId::kArmsAsymmetry), 10.0) << yaw;
  }
}

}  // namespace
}  // namespace runform::testing
