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

}  // namespace
}  // namespace runform::tools
