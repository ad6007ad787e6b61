// The kiosk app driven headless (ImGui's frame logic, no window) by an input script over a fake
// station: every screen of the flow is reached through real hit testing of the drawn controls,
// and the station receives exactly the commands the flow promises.
#include <gtest/gtest.h>

#include <imgui.h>

#include <sstream>

#include "fake_station.h"
#include "kiosk/kiosk_app.h"
#include "ui/null_backend.h"

namespace runform::kiosk {
namespace {

constexpr double kFrameS = 1.0 / 30.0;

struct Harness {
  explicit Harness(const std::string& script, int width = 1920, int height = 1080) {
    ImGui::CreateContext();
    backend = ui::make_null_backend(width, height);
    std::istringstream in(script);
    AppOptions options;
    options.script = parse_script(in, "test");
    options.clock = [this] { return now_s; };
    app = std::make_unique<KioskApp>(*backend, station, options);
  }
  ~Harness() {
    app.reset();
    backend.reset();
    ImGui::DestroyContext();
  }
  /// Runs frames until the app stops or `max_s` of fake time passed; records the screens seen.
  void run(double max_s) {
    while (now_s < max_s) {
      station.set_time(now_s);
      const bool go_on = app->frame();
      if (screens.empty() || screens.back() != app->flow().screen()) screens.push_back(app->flow().screen());
      if (!go_on) return;
      now_s += kFrameS;
    }
  }
  double now_s = 100.0;
  testing::FakeStation station;
  std::unique_ptr<ui::Backend> backend;
  std::unique_ptr<KioskApp> app;
  std::vector<Screen> screens;
};

TEST(KioskAppHeadless, WholeFlowByCodeThenBackToAttractAndInByBadge) {
  Harness h(R"(
await attract
tap Start
await checkin
type 4711
tap Check in
await setup
tap Start calibration
await calibration
await running
wait 2
tap Finish
await summary
tap Done
await attract
tap Start
await checkin
badge 123456
await setup
quit
)");
  h.run(400.0);
  ASSERT_EQ(h.app->script_error(), "");
  const std::vector<Screen> expected{Screen::kAttract, Screen::kCheckIn,  Screen::kSetup,
                                     Screen::kCalibration, Screen::kRunning, Screen::kSummary,
                                     Screen::kAttract, Screen::kCheckIn,  Screen::kSetup};
  EXPECT_EQ(h.screens, expected);
  const std::vector<std::string> commands{"check_in:4711", "calibrate", "run", "finish", "reset",
                                          "badge:123456", "check_in:123456"};
  EXPECT_EQ(h.station.commands(), commands);
  // The running screen drew the fake station's cue once; its latency was measured on the shared clock.
  EXPECT_EQ(h.app->stats().cue_latency_ms.count(), 1u);
  EXPECT_NEAR(h.app->stats().cue_latency_ms.percentile(50), 20.0, 1.0);
}

TEST(KioskAppHeadless, GuestRunAtSmallScreenSize) {
  Harness h(R"(
tap Start
tap Run as a guest
await setup
tap Start calibration
await running
quit
)", 1280, 720);
  h.run(400.0);
  ASSERT_EQ(h.app->script_error(), "");
  ASSERT_GE(h.station.commands().size(), 3u);
  EXPECT_EQ(h.station.commands()[0], "guest");
  EXPECT_EQ(h.station.commands()[1], "calibrate");
  EXPECT_EQ(h.station.commands()[2], "run");
}

TEST(KioskAppHeadless, SetupProblemKeepsCalibrationLocked) {
  Harness h(R"(
tap Start
tap Run as a guest
await setup
tap Checking…
wait 1
quit
)");
  h.station.set_setup_ready(false);
  h.run(400.0);
  ASSERT_EQ(h.app->script_error(), "");
  EXPECT_EQ(h.app->flow().screen(), Screen::kSetup);
  EXPECT_EQ(h.station.commands(), std::vector<std::string>{"guest"});
}

TEST(KioskAppHeadless, ScriptNamesAMissingControl) {
  Harness h("tap Nonexistent\n");
  h.run(400.0);
  EXPECT_NE(h.app->script_error().find("no control labelled 'Nonexistent' on the attract screen"), std::string::npos)
      << h.app->script_error();
  EXPECT_NE(h.app->script_error().find("'Start'"), std::string::npos) << "lists what is shown";
}

TEST(KioskAppHeadless, ScriptAwaitTimesOutWithWhereItIs) {
  Harness h("await running 5\n");
  h.run(400.0);
  EXPECT_EQ(h.app->script_error(), "script line 1: waited 5 s for the running screen; still on attract");
}

TEST(KioskAppHeadless, SummaryReturnsToAttractAfterItsTimeout) {
  Harness h(R"(
tap Start
tap Run as a guest
tap Start calibration
await running
tap Finish
await summary
await attract 200
quit
)");
  h.run(600.0);
  ASSERT_EQ(h.app->script_error(), "");
  ASSERT_FALSE(h.station.commands().empty());
  EXPECT_EQ(h.station.commands().back(), "reset");
}

}  // namespace
}  // namespace runform::kiosk
