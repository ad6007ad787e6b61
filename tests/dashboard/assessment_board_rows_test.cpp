// The assessment board's station rows: who is on the station at which step (with its label),
// when it was last heard (the newer of the hub's record and its latest live frame), offline only
// with a runner on it after kStationQuietS, and the problems in words. Both clocks passed in.
#include <gtest/gtest.h>

#include "dashboard/assessment_board_rows.h"

using namespace runform;
using namespace runform::dashboard;

namespace {

constexpr std::int64_t kNowMs = 1'776'000'000'000;  // any wall time
const std::vector<services::ProtocolStepSpec> kSteps = {
    {"Calibration", services::StepKind::kCalibration, 10, form::View::kFront, {}, {}, "Stand still"},
    {"Front view", services::StepKind::kRun, 120, form::View::kFront, 11.0, 1.0, ""},
    {"Side view", services::StepKind::kRun, 120, form::View::kSide, 11.0, 1.0, ""}};

services::AssessmentBoard board_with(const std::string& code, int step, std::int64_t heard_unix_ms) {
  services::AssessmentBoard b;
  b.step_count = 3;
  b.athletes.push_back({{"R101", "Ada Okafor", "U18", "kim"}, services::BoardState::kOnStation, "st-1", step, step, 0});
  b.stations.push_back({"st-1", code, step, heard_unix_ms});
  return b;
}

services::CoachLiveUpdate opened(const std::string& session, const std::string& station) {
  services::CoachLiveUpdate u;
  services::CoachSession s;
  s.session_id = session;
  s.station_id = station;
  u.new_sessions.push_back(s);
  return u;
}

services::CoachLiveUpdate scored_frame(const std::string& session) {
  services::CoachLiveUpdate u;
  services::CoachFrame f;
  f.scores = services::CoachScores{90.0, 70.0, 80.0, 85.0};
  u.frames.push_back({session, {f}});
  return u;
}

}  // namespace

TEST(BoardStationViews, NamesTheAthleteAndTheStepWithItsLabel) {
  const StationLiveScores live;
  const auto views = board_station_views(board_with("R101", 1, kNowMs - 3'000), kSteps, live, kNowMs, 0.0);
  ASSERT_EQ(views.size(), 1U);
  EXPECT_EQ(views[0].who, "Ada Okafor");
  EXPECT_EQ(views[0].step, "2 of 3 · Front view");
  EXPECT_EQ(views[0].heard_ago_s, 3);
  EXPECT_FALSE(views[0].offline);
  EXPECT_FALSE(views[0].scores.has_value());
  const auto free = board_station_views(board_with("", 0, 0), kSteps, live, kNowMs, 0.0);
  EXPECT_EQ(free[0].who, "free");
  EXPECT_EQ(free[0].step, "—");
  EXPECT_FALSE(free[0].heard_ago_s.has_value()) << "never heard is not '0 s ago'";
}

TEST(BoardStationViews, QuietStationWithARunnerIsOfflineAfterTwoMinutesAFreeOneNever) {
  const StationLiveScores live;
  const std::int64_t quiet_ms = kStationQuietS * 1000;
  EXPECT_FALSE(board_station_views(board_with("R101", 0, kNowMs - quiet_ms), kSteps, live, kNowMs, 0.0)[0].offline)
      << "exactly the threshold is not yet offline";
  const auto gone = board_station_views(board_with("R101", 0, kNowMs - quiet_ms - 1'000), kSteps, live, kNowMs, 0.0);
  EXPECT_TRUE(gone[0].offline);
  EXPECT_EQ(gone[0].problem,
            "st-1 may be offline: not heard for 121 s with Ada Okafor on it (its records are kept and arrive when it is back)");
  EXPECT_FALSE(board_station_views(board_with("", 0, kNowMs - 10 * quiet_ms), kSteps, live, kNowMs, 0.0)[0].offline);
}

TEST(BoardStationViews, LiveFramesKeepARunnerOnALongStepFromBeingFlagged) {
  // Checked in 5 minutes ago (the hub's last record), streaming since: heard just now.
  StationLiveScores live;
  live.feed(opened("s1", "st-1"), 100.0);
  live.feed(scored_frame("s1"), 399.0);
  const auto views = board_station_views(board_with("R101", 1, kNowMs - 300'000), kSteps, live, kNowMs, 400.0);
  EXPECT_FALSE(views[0].offline);
  EXPECT_TRUE(views[0].streaming);
  EXPECT_EQ(views[0].heard_ago_s, 1);
  ASSERT_TRUE(views[0].scores.has_value());
  EXPECT_EQ(views[0].scores->shoulders, 70.0);
  // The stream stops: offline once both the record and the last frame are older than the limit.
  const auto later = board_station_views(board_with("R101", 1, kNowMs - 300'000), kSteps, live,
                                         kNowMs + 200'000, 399.0 + static_cast<double>(kStationQuietS) + 2.0);
  EXPECT_FALSE(later[0].streaming);
  EXPECT_TRUE(later[0].offline);
}

TEST(BoardStationViews, NotMeasurableIsAProblemInWords) {
  StationLiveScores live;
  live.feed(opened("s1", "st-1"), 0.0);
  services::CoachLiveUpdate unscored;
  unscored.frames.push_back({"s1", {services::CoachFrame{}}});
  for (double t = 0.5; t <= kNotMeasurableAfterS + 1.0; t += 0.5) live.feed(unscored, t);
  const auto views = board_station_views(board_with("R101", 1, kNowMs - 1'000), kSteps, live, kNowMs,
                                         kNotMeasurableAfterS + 1.0);
  EXPECT_TRUE(views[0].not_measurable);
  EXPECT_EQ(views[0].problem,
            "st-1: Ada Okafor is not measurable (no scores for 10 s): check the runner is in the camera's view");
  // The same frames on the calibration step: standing still has no scores, and that is fine.
  const auto standing = board_station_views(board_with("R101", 0, kNowMs - 1'000), kSteps, live, kNowMs,
                                            kNotMeasurableAfterS + 1.0);
  EXPECT_FALSE(standing[0].not_measurable);
  EXPECT_TRUE(standing[0].problem.empty());
}
