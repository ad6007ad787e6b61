#include "tools/sim_spec_json.h"

#include <gtest/gtest.h>

namespace runform::tools {
namespace {

TEST(SpecJson, AppliesSectionsAndRejectsUnknownKeys) {
  sim::SimulationSpec spec;
  apply_spec_json(nlohmann::json::parse(R"({"runner":{"head_tilt_deg":7,"fatigue":[{"param":"cadence_spm","delta":-10}]},
      "camera":{"view":"side","fps":60},"realism":{"hands_on_rails":[[10,20]],"hidden_arm":"left"}})"), spec);
  EXPECT_EQ(spec.runner.head_tilt_deg, 7.0);
  EXPECT_EQ(spec.runner.fatigue.at(0).param, "cadence_spm");
  EXPECT_EQ(spec.camera.view, form::View::kSide);
  EXPECT_EQ(spec.camera.fps, 60.0);
  EXPECT_EQ(spec.realism.hands_on_rails.at(0).end_s, 20.0);
  EXPECT_EQ(spec.realism.hidden_arm, sim::HiddenArm::kLeft);
  EXPECT_THROW(apply_spec_json(nlohmann::json::parse(R"({"runner":{"wings":2}})"), spec), std::invalid_argument);
  EXPECT_THROW(apply_spec_json(nlohmann::json::parse(R"({"runner":{"head_tilt_deg":"x"}})"), spec), std::invalid_argument);
  EXPECT_THROW(parse_interval("20"), std::invalid_argument);
  EXPECT_EQ(parse_interval("20-30").end_s, 30.0);
}

// issue 9's realism reaches `runform simulate --spec` too.
TEST(SpecJson, AcceptsTheRealismOfARealKiosk) {
  sim::SimulationSpec spec;
  apply_spec_json(nlohmann::json::parse(R"({"runner":{"standing_s":0,"walk_s":10,"pause_at_s":30,"pause_s":5},
      "camera":{"yaw_deg":10,"pitch_deg":8},
      "realism":{"far_confidence_min":0.05,"far_confidence_max":0.4,"label_swap_every_s":2,"label_swap_frames":3,
                 "belt_drift_fwd_m":0.2,"belt_drift_lat_m":0.1,"belt_drift_period_s":15}})"), spec);
  EXPECT_EQ(spec.runner.walk_s, 10.0);
  EXPECT_EQ(spec.runner.pause_s, 5.0);
  EXPECT_EQ(spec.camera.yaw_deg, 10.0);
  EXPECT_EQ(spec.camera.pitch_deg, 8.0);
  EXPECT_EQ(spec.realism.far_confidence_max, 0.4);
  EXPECT_EQ(spec.realism.label_swap_frames, 3);
  EXPECT_EQ(spec.realism.belt_drift_period_s, 15.0);
  EXPECT_FALSE(sim::validate(spec).has_value()) << *sim::validate(spec);
  spec.realism.far_confidence_min = 0.5;  // above the max
  EXPECT_TRUE(sim::validate(spec).has_value());
}

}  // namespace
}  // namespace runform::tools
