// The assessment board's live scores per station: the latest scores of the station's open
// session, "not measurable" after frames without scores, cleared when the session closes or the
// station starts another; time is passed in.
#include <gtest/gtest.h>

#include "dashboard/assessment_live_scores.h"

using namespace runform;
using namespace runform::dashboard;

namespace {

services::CoachLiveUpdate opened(const std::string& session, const std::string& station) {
  services::CoachLiveUpdate u;
  services::CoachSession s;
  s.session_id = session;
  s.station_id = station;
  u.new_sessions.push_back(s);
  return u;
}

services::CoachLiveUpdate frame(const std::string& session, std::optional<double> shoulders) {
  services::CoachLiveUpdate u;
  services::CoachFrame f;
  if (shoulders) f.scores = services::CoachScores{90.0, *shoulders, 80.0, 85.0};
  u.frames.push_back({session, {f}});
  return u;
}

}  // namespace

TEST(StationLiveScores, LatestScoresOfTheStationsOpenSession) {
  StationLiveScores live;
  live.feed(opened("s1", "st-1"), 0.0);
  EXPECT_EQ(live.station("st-1", 0.0).session_id, "s1");
  EXPECT_FALSE(live.station("st-1", 0.0).scores.has_value());
  live.feed(frame("s1", 60.0), 1.0);
  live.feed(frame("s1", std::nullopt), 1.5);  // a frame between strides carries no scores
  const auto st = live.station("st-1", 2.0);
  ASSERT_TRUE(st.scores.has_value());
  EXPECT_DOUBLE_EQ(st.scores->shoulders.value_or(0), 60.0);
  EXPECT_FALSE(st.not_measurable);
  EXPECT_TRUE(live.station("st-2", 2.0).session_id.empty());
}

TEST(StationLiveScores, FramesWithoutScoresForTenSecondsAreNotMeasurable) {
  StationLiveScores live;
  live.feed(opened("s1", "st-1"), 0.0);
  for (int t = 1; t <= 9; ++t) live.feed(frame("s1", std::nullopt), t);
  EXPECT_FALSE(live.station("st-1", 9.5).not_measurable);  // not yet: calibration and first strides
  live.feed(frame("s1", std::nullopt), 10.0);
  EXPECT_TRUE(live.station("st-1", 10.0).not_measurable);
  live.feed(frame("s1", 70.0), 11.0);  // measured again
  EXPECT_FALSE(live.station("st-1", 11.0).not_measurable);
  for (int t = 12; t <= 21; ++t) live.feed(frame("s1", std::nullopt), t);
  EXPECT_TRUE(live.station("st-1", 21.0).not_measurable);
  // Frames stop altogether: that is the station going quiet (the board's offline flag), not this.
  EXPECT_FALSE(live.station("st-1", 40.0).not_measurable);
}

TEST(StationLiveScores, ClosedOrReplacedSessionsLeaveTheStation) {
  StationLiveScores live;
  live.feed(opened("s1", "st-1"), 0.0);
  live.feed(frame("s1", 50.0), 1.0);
  live.feed(opened("s2", "st-1"), 2.0);  // the next athlete's step
  EXPECT_EQ(live.station("st-1", 2.0).session_id, "s2");
  EXPECT_FALSE(live.station("st-1", 2.0).scores.has_value());
  services::CoachLiveUpdate closed;
  closed.closed_session_ids = {"s2"};
  live.feed(closed, 3.0);
  EXPECT_TRUE(live.station("st-1", 3.0).session_id.empty());
  live.feed(frame("s1", 40.0), 4.0);  // a late frame of a replaced session is ignored
  EXPECT_FALSE(live.station("st-1", 4.0).scores.has_value());
}
