// The screen flow without a window: every transition, the commands it sends, and its timeouts on
// an injected clock.
#include <gtest/gtest.h>

#include "kiosk/kiosk_flow.h"

namespace runform::kiosk {
namespace {

using K = Command::Kind;
using Phase = station::Phase;

Intent intent(Intent::Kind kind, std::string code = {}) { return Intent{kind, std::move(code)}; }

StationFacts phase(Phase p) {
  StationFacts f;
  f.phase = p;
  f.runner_found = true;
  f.setup_ready = true;
  return f;
}

// Walks a flow to the running screen; returns the time reached.
double to_running(KioskFlow& flow) {
  flow.update(0, phase(Phase::kAttract), intent(Intent::Kind::kStart));
  flow.update(1, phase(Phase::kAttract), intent(Intent::Kind::kGuest));
  flow.update(2, phase(Phase::kCheckedIn), intent(Intent::Kind::kReady));
  StationFacts done = phase(Phase::kCalibrating);
  done.calibrated = true;
  flow.update(6, done, std::nullopt);
  return 6;
}

TEST(KioskFlow, CodeCheckInCalibrationRunSummaryAndBack) {
  KioskFlow flow;
  EXPECT_EQ(flow.screen(), Screen::kAttract);
  EXPECT_TRUE(flow.update(0, phase(Phase::kAttract), intent(Intent::Kind::kStart)).empty());
  EXPECT_EQ(flow.screen(), Screen::kCheckIn);
  EXPECT_EQ(flow.update(1, phase(Phase::kAttract), intent(Intent::Kind::kSubmitCode, "4711")),
            (std::vector<Command>{{K::kCheckIn, "4711"}}));
  EXPECT_EQ(flow.screen(), Screen::kSetup);
  EXPECT_EQ(flow.update(2, phase(Phase::kCheckedIn), intent(Intent::Kind::kReady)),
            (std::vector<Command>{{K::kStartCalibration, {}}}));
  EXPECT_EQ(flow.screen(), Screen::kCalibration);
  StationFacts counting = phase(Phase::kCalibrating);
  counting.calibration_remaining_s = 1.5;
  EXPECT_TRUE(flow.update(3.5, counting, std::nullopt).empty());
  StationFacts done = phase(Phase::kCalibrating);
  done.calibrated = true;
  EXPECT_EQ(flow.update(5, done, std::nullopt), (std::vector<Command>{{K::kStartRunning, {}}}));
  EXPECT_EQ(flow.screen(), Screen::kRunning);
  EXPECT_EQ(flow.update(60, phase(Phase::kRunning), intent(Intent::Kind::kFinish)),
            (std::vector<Command>{{K::kFinish, {}}}));
  EXPECT_EQ(flow.screen(), Screen::kSummary);
  EXPECT_EQ(flow.update(61, phase(Phase::kSummary), intent(Intent::Kind::kDone)), (std::vector<Command>{{K::kReset, {}}}));
  EXPECT_EQ(flow.screen(), Screen::kAttract);
}

TEST(KioskFlow, BadCodesAreRefusedWithAReason) {
  KioskFlow flow;
  flow.update(0, phase(Phase::kAttract), intent(Intent::Kind::kStart));
  for (const char* bad : {"", "12", "123456789", "12a4"}) {
    EXPECT_TRUE(flow.update(1, phase(Phase::kAttract), intent(Intent::Kind::kSubmitCode, bad)).empty()) << bad;
    EXPECT_EQ(flow.screen(), Screen::kCheckIn);
    EXPECT_NE(flow.code_error().find("4 to 8 digits"), std::string::npos);
  }
}

TEST(KioskFlow, QrBadgeChecksInWithoutATap) {
  KioskFlow flow;
  flow.update(0, phase(Phase::kAttract), intent(Intent::Kind::kStart));
  StationFacts badge = phase(Phase::kAttract);
  badge.qr_code = "123456";
  EXPECT_EQ(flow.update(1, badge, std::nullopt), (std::vector<Command>{{K::kCheckIn, "123456"}}));
  EXPECT_EQ(flow.screen(), Screen::kSetup);
}

TEST(KioskFlow, BadgeWithAMalformedCodeIsIgnored) {
  KioskFlow flow;
  flow.update(0, phase(Phase::kAttract), intent(Intent::Kind::kStart));
  StationFacts badge = phase(Phase::kAttract);
  badge.qr_code = "https://example.com";
  EXPECT_TRUE(flow.update(1, badge, std::nullopt).empty());
  EXPECT_EQ(flow.screen(), Screen::kCheckIn);
}

TEST(KioskFlow, GuestSkipsIdentity) {
  KioskFlow flow;
  flow.update(0, phase(Phase::kAttract), intent(Intent::Kind::kStart));
  EXPECT_EQ(flow.update(1, phase(Phase::kAttract), intent(Intent::Kind::kGuest)),
            (std::vector<Command>{{K::kCheckInGuest, {}}}));
}

TEST(KioskFlow, SetupWaitsForReadyAndIdleReturnsToAttract) {
  KioskFlow flow;
  flow.update(0, phase(Phase::kAttract), intent(Intent::Kind::kStart));
  flow.update(1, phase(Phase::kAttract), intent(Intent::Kind::kGuest));
  StationFacts not_ready = phase(Phase::kCheckedIn);
  not_ready.setup_ready = false;
  EXPECT_TRUE(flow.update(2, not_ready, intent(Intent::Kind::kReady)).empty());
  EXPECT_EQ(flow.screen(), Screen::kSetup);
  EXPECT_TRUE(flow.update(61, not_ready, std::nullopt).empty()) << "59 s after the last touch: still waiting";
  EXPECT_EQ(flow.update(62, not_ready, std::nullopt), (std::vector<Command>{{K::kCancel, {}}}));
  EXPECT_EQ(flow.screen(), Screen::kAttract);
}

TEST(KioskFlow, CheckInIdleReturnsToAttractWithoutCommands) {
  KioskFlow flow;
  flow.update(0, phase(Phase::kAttract), intent(Intent::Kind::kStart));
  EXPECT_TRUE(flow.update(60, phase(Phase::kAttract), std::nullopt).empty());
  EXPECT_EQ(flow.screen(), Screen::kAttract);
}

TEST(KioskFlow, CalibrationWithoutAStillRunnerStartsAfterTheGrace) {
  KioskFlow flow;
  flow.update(0, phase(Phase::kAttract), intent(Intent::Kind::kStart));
  flow.update(1, phase(Phase::kAttract), intent(Intent::Kind::kGuest));
  flow.update(2, phase(Phase::kCheckedIn), intent(Intent::Kind::kReady));
  StationFacts moving = phase(Phase::kCalibrating);  // countdown over, no baseline yet
  EXPECT_TRUE(flow.update(5, moving, std::nullopt).empty());
  EXPECT_TRUE(flow.update(14.9, moving, std::nullopt).empty());
  EXPECT_EQ(flow.update(15, moving, std::nullopt), (std::vector<Command>{{K::kStartRunning, {}}}));
}

TEST(KioskFlow, RunnerGoneOrSourceEndedFinishesTheRun) {
  KioskFlow flow;
  double t = to_running(flow);
  StationFacts gone = phase(Phase::kRunning);
  gone.runner_found = false;
  EXPECT_TRUE(flow.update(t + 1, gone, std::nullopt).empty());
  EXPECT_TRUE(flow.update(t + 20.9, gone, std::nullopt).empty());
  EXPECT_EQ(flow.update(t + 21, gone, std::nullopt), (std::vector<Command>{{K::kFinish, {}}}));

  KioskFlow flow2;
  t = to_running(flow2);
  StationFacts ended = phase(Phase::kRunning);
  ended.source_ended = true;
  EXPECT_EQ(flow2.update(t + 1, ended, std::nullopt), (std::vector<Command>{{K::kFinish, {}}}));
}

TEST(KioskFlow, RunnerBackInViewResetsTheGoneTimer) {
  KioskFlow flow;
  const double t = to_running(flow);
  StationFacts gone = phase(Phase::kRunning);
  gone.runner_found = false;
  flow.update(t + 1, gone, std::nullopt);
  flow.update(t + 15, phase(Phase::kRunning), std::nullopt);
  EXPECT_TRUE(flow.update(t + 16, gone, std::nullopt).empty());
  EXPECT_TRUE(flow.update(t + 30, gone, std::nullopt).empty());
  EXPECT_EQ(flow.screen(), Screen::kRunning);
}

TEST(KioskFlow, SummaryTimesOutToAttract) {
  KioskFlow flow;
  const double t = to_running(flow);
  flow.update(t + 10, phase(Phase::kRunning), intent(Intent::Kind::kFinish));
  EXPECT_DOUBLE_EQ(flow.summary_left_s(t + 40), 60.0);
  EXPECT_TRUE(flow.update(t + 99, phase(Phase::kSummary), std::nullopt).empty());
  EXPECT_EQ(flow.update(t + 100, phase(Phase::kSummary), std::nullopt), (std::vector<Command>{{K::kReset, {}}}));
  EXPECT_EQ(flow.screen(), Screen::kAttract);
}

TEST(KioskFlow, IntentsForOtherScreensAreIgnored) {
  KioskFlow flow;
  EXPECT_TRUE(flow.update(0, phase(Phase::kAttract), intent(Intent::Kind::kFinish)).empty());
  EXPECT_TRUE(flow.update(0, phase(Phase::kAttract), intent(Intent::Kind::kDone)).empty());
  EXPECT_EQ(flow.screen(), Screen::kAttract);
}

TEST(KioskFlow, ScreenNamesRoundTrip) {
  for (Screen s : {Screen::kAttract, Screen::kCheckIn, Screen::kSetup, Screen::kCalibration, Screen::kRunning,
                   Screen::kSummary}) {
    EXPECT_EQ(screen_from_string(to_string(s)), s);
  }
  EXPECT_FALSE(screen_from_string("lobby"));
}

}  // namespace
}  // namespace runform::kiosk
