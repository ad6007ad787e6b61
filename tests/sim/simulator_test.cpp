// The synthetic runner: parameters land in the ground truth, realism is applied, specs validated.
#include <gtest/gtest.h>

#include "sim/track_simulator.h"

namespace runform::sim {
namespace {

TEST(Simulator, GroundTruthMatchesTheParametersThatDefineIt) {
  SimulationSpec spec;
  spec.runner.head_tilt_deg = 6.0;
  spec.runner.cadence_spm = 180.0;
  spec.realism.noise_torso = 0.0;
  spec.realism.drop_fraction = 0.0;
  const SimulatedSession s = simulate(spec);
  EXPECT_NEAR(s.truth.metrics.at("head.tilt_deg"), 6.0, 0.3);
  EXPECT_NEAR(s.truth.metrics.at("cadence_spm"), 180.0, 0.01);
  EXPECT_GT(s.truth.strides, 60u);
  spec.camera.view = form::View::kSide;
  spec.runner.elbow_angle_deg = 100.0;
  spec.runner.trunk_lean_deg = 10.0;
  const SimulatedSession side = simulate(spec);
  EXPECT_NEAR(side.truth.metrics.at("arms.elbow_angle_deg"), 100.0, 1.5);
  EXPECT_NEAR(side.truth.metrics.at("trunk.lean_deg"), 10.0, 0.5);
  EXPECT_FALSE(side.truth.metrics.count("head.tilt_deg"));
}

TEST(Simulator, DropsFramesAndKeepsTimeIncreasing) {
  SimulationSpec spec;
  spec.realism.drop_fraction = 0.2;
  const SimulatedSession s = simulate(spec);
  const double expected = spec.runner.duration_s * spec.camera.fps;
  EXPECT_NEAR(static_cast<double>(s.frames.size()), 0.8 * expected, 0.03 * expected);
  for (std::size_t i = 1; i < s.frames.size(); ++i) ASSERT_GT(s.frames[i].t_s, s.frames[i - 1].t_s);
}

TEST(Simulator, IsDeterministicForASeed) {
  SimulationSpec spec;
  spec.runner.duration_s = 10.0;
  const SimulatedSession a = simulate(spec), b = simulate(spec);
  ASSERT_EQ(a.frames.size(), b.frames.size());
  EXPECT_DOUBLE_EQ(a.frames[100].keypoints[9].x_px, b.frames[100].keypoints[9].x_px);
}

TEST(Simulator, RejectsBadSpecsWithAClearMessage) {
  SimulationSpec spec;
  spec.runner.cadence_spm = 20.0;
  EXPECT_THROW(simulate(spec), std::invalid_argument);
  spec = {};
  spec.runner.fatigue = {{"no_such_param", 1.0, 0.0}};
  EXPECT_EQ(*validate(spec), "fatigue: unknown parameter 'no_such_param'");
}

}  // namespace
}  // namespace runform::sim
