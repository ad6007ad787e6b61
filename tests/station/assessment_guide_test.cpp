// The station's assessment guide with a fake hub desk: check-in to the next step, the
// instructions with speed and incline, the countdown on injected time, "switch to the side
// view" when the view changes, a stopped step redone, a record kept while the hub is away, the
// hand-over after the last step, and refusals shown in the hub's words.
#include <gtest/gtest.h>

#include <deque>

#include "station/assessment_guide.h"

namespace runform::station {
namespace {

using services::AssessmentCallError;
using services::CheckInTicket;
using services::StepKind;

const std::vector<services::ProtocolStepSpec> kSteps = {
    {"Calibration", StepKind::kCalibration, 10, form::View::kFront, std::nullopt, std::nullopt, ""},
    {"Front view", StepKind::kRun, 120, form::View::kFront, 11.0, 1.0, ""},
    {"Side view", StepKind::kRun, 90, form::View::kSide, 12.5, std::nullopt, "Look straight ahead"}};

/// A hub that walks one athlete through kSteps like the real one.
class FakeDesk final : public AssessmentDesk {
 public:
  CheckInTicket check_in(const std::string& badge) override {
    if (!refusal.empty()) throw AssessmentCallError(AssessmentCallError::Kind::kRefused, refusal);
    CheckInTicket t;
    t.check_in_id = "c" + std::to_string(++check_ins);
    t.athlete = {badge, "Ada Okafor", "U18", "kim"};
    t.step_index = next_step;
    t.step = kSteps[static_cast<std::size_t>(next_step)];
    t.step_count = static_cast<int>(kSteps.size());
    t.redo = redo_next;
    return t;
  }
  bool record_step(const services::StepRecord& record) override {
    records.push_back(record);
    redo_next = !record.completed;
    if (record.completed) ++next_step;
    return online;
  }
  std::string refusal;
  bool online = true;
  int check_ins = 0;
  int next_step = 0;
  bool redo_next = false;
  std::vector<services::StepRecord> records;
};

TEST(AssessmentGuide, WalksAnAthleteThroughTheProtocolAndHandsOver) {
  auto owned = std::make_unique<FakeDesk>();
  FakeDesk& desk = *owned;
  AssessmentGuide guide(std::move(owned));
  EXPECT_EQ(guide.view(0).phase, GuidePhase::kWaitingForAthlete);
  ASSERT_TRUE(guide.check_in("R101"));
  auto v = guide.view(0);
  EXPECT_EQ(v.phase, GuidePhase::kInstructions);
  EXPECT_EQ(v.step_title, "Step 1 of 3 · Calibration");
  EXPECT_EQ(v.instructions.front(), "Stand still on the belt, arms loose, eyes forward");
  EXPECT_FALSE(v.view_change.has_value()) << "the first step films whatever the camera shows";
  guide.start_step(100.0);
  EXPECT_FALSE(guide.step_time_up(109.0));
  EXPECT_NEAR(guide.view(104.0).seconds_left, 6.0, 1e-9);
  EXPECT_TRUE(guide.step_time_up(110.0));
  guide.step_ended("s1", true, 1000);
  v = guide.view(111.0);
  EXPECT_EQ(v.step_title, "Step 2 of 3 · Front view");
  EXPECT_EQ(v.instructions[0], "Set the treadmill to 11 km/h, 1 % incline");
  EXPECT_EQ(v.instructions[1], "2 min");
  EXPECT_FALSE(v.view_change.has_value()) << "front after front: the camera stays";
  // The runner stops half way: the step is recorded as interrupted and starts again.
  guide.start_step(120.0);
  guide.step_ended("s2", false, 2000);
  v = guide.view(180.0);
  EXPECT_EQ(v.phase, GuidePhase::kInstructions);
  EXPECT_TRUE(v.redo);
  EXPECT_NE(v.message.find("starts again"), std::string::npos) << v.message;
  guide.start_step(200.0);
  guide.step_ended("s3", true, 3000);
  v = guide.view(330.0);
  EXPECT_EQ(v.step_title, "Step 3 of 3 · Side view");
  ASSERT_TRUE(v.view_change.has_value());
  EXPECT_NE(v.view_change->find("Switch to the side view: turn the camera"), std::string::npos);
  EXPECT_EQ(v.instructions[0], "Set the treadmill to 12.5 km/h");
  EXPECT_EQ(v.instructions[1], "1 min 30 s");
  EXPECT_EQ(v.instructions[2], "Look straight ahead");
  // The hub is away as the last step ends: kept, and the kiosk says so while handing over.
  desk.online = false;
  guide.start_step(340.0);
  guide.step_ended("s4", true, 4000);
  v = guide.view(431.0);
  EXPECT_EQ(v.phase, GuidePhase::kHandOver);
  EXPECT_NE(v.message.find("kept"), std::string::npos) << v.message;
  ASSERT_EQ(desk.records.size(), 4U);
  EXPECT_FALSE(desk.records[1].completed);
  EXPECT_EQ(desk.records[1].session_id, "");
  EXPECT_EQ(desk.records[3].session_id, "s4");
  guide.next_athlete();
  EXPECT_EQ(guide.view(432.0).phase, GuidePhase::kWaitingForAthlete);
}

TEST(AssessmentGuide, ARefusedCheckInShowsTheHubsWords) {
  auto owned = std::make_unique<FakeDesk>();
  owned->refusal = "Ada Okafor is already checked in at station 'st-1' (step 2): finish or stop there before checking in again";
  AssessmentGuide guide(std::move(owned));
  EXPECT_FALSE(guide.check_in("R101"));
  const auto v = guide.view(0);
  EXPECT_EQ(v.phase, GuidePhase::kWaitingForAthlete);
  EXPECT_NE(v.message.find("already checked in at station 'st-1'"), std::string::npos);
}

}  // namespace
}  // namespace runform::station
