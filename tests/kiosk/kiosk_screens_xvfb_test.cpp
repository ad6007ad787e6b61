// Every screen in a real OpenGL window (run under xvfb-run) over the fake station's crafted
// states — a cue, an area not measurable, hands on the rails, a setup problem, a summary with
// faults, drift and drills — saved as PNGs at 1920×1080 and 1280×720 for people to look at.
// The test checks each file is the display's size and has content; the eyes check the rest.
#include <gtest/gtest.h>

#include <imgui.h>

#include <filesystem>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sstream>

#include "fake_station.h"
#include "kiosk/kiosk_app.h"
#include "ui/glfw_opengl3_backend.h"

namespace runform::kiosk {
namespace {

namespace fs = std::filesystem;

constexpr double kFrameS = 1.0 / 30.0;
// Screens captured with crafted content (the summary with its faults, running with its cue).
const char* const kScript = R"(
await attract
tap Start
await checkin
type 47
tap Check in
wait 1
screenshot checkin-bad-code
type 11
tap Check in
await setup
tap Start calibration
await calibration
await running
wait 2
tap Finish
await summary
wait 2
quit
)";

void capture_at(int width, int height, const fs::path& dir) {
  fs::remove_all(dir);
  ImGui::CreateContext();
  {
    auto backend = ui::make_glfw_opengl3_backend({"kiosk screens", width, height, false, false});
    testing::FakeStation station;
    double now_s = 100.0;
    std::istringstream script(kScript);
    AppOptions options;
    options.script = parse_script(script, "screens");
    options.clock = [&now_s] { return now_s; };
    options.screenshot_dir = dir;
    options.screenshot_settle_s = 1.0;
    options.cues = {{"shoulders_high", form::MetricId::kShouldersElevation, 1, "Drop your shoulders", ""},
                    {"arms_crossing", form::MetricId::kArmsMidlineCrossing, 3, "Swing forward, not across", ""}};
    KioskApp app(*backend, station, options);
    for (int frame = 0; frame < 30 * 120; ++frame) {
      station.set_time(now_s);
      if (!app.frame()) break;
      now_s += kFrameS;
    }
    ASSERT_EQ(app.script_error(), "");
  }
  ImGui::DestroyContext();
  for (const char* name : {"attract", "checkin", "checkin-bad-code", "setup", "calibration", "running", "summary"}) {
    const fs::path file = dir / (std::string(name) + ".png");
    const cv::Mat image = cv::imread(file.string());
    ASSERT_FALSE(image.empty()) << file;
    EXPECT_EQ(image.cols, width) << file;
    EXPECT_EQ(image.rows, height) << file;
    cv::Scalar mean;
    cv::Scalar stddev;
    cv::meanStdDev(image, mean, stddev);
    EXPECT_GT(stddev[0] + stddev[1] + stddev[2], 20.0) << file << " looks blank";
  }
}

// The status bar when the hub refused this station's credential (every upload paused) and two
// sessions were refused and set aside: both said in words on the attract screen.
TEST(KioskScreensXvfb, PausedUploadsAndRefusedSessionsOnTheStatusBar) {
  const fs::path dir = fs::path(RUNFORM_SCREENS_DIR) / "refusals";
  fs::remove_all(dir);
  ImGui::CreateContext();
  {
    auto backend = ui::make_glfw_opengl3_backend({"kiosk refusals", 1920, 1080, false, false});
    testing::FakeStation station;
    station.base().hub.configured = true;
    station.base().hub.uploads_paused = true;
    station.base().hub.credential_refused = true;
    station.base().spool.backlog_frames = 5400;
    station.base().upload.sessions_refused = 2;
    double now_s = 100.0;
    std::istringstream script("await attract\nwait 1\nscreenshot refused-uploads\nquit\n");
    AppOptions options;
    options.script = parse_script(script, "refusals");
    options.clock = [&now_s] { return now_s; };
    options.screenshot_dir = dir;
    options.screenshot_settle_s = 1.0;
    KioskApp app(*backend, station, options);
    for (int frame = 0; frame < 30 * 10; ++frame) {
      station.set_time(now_s);
      if (!app.frame()) break;
      now_s += kFrameS;
    }
    ASSERT_EQ(app.script_error(), "");
  }
  ImGui::DestroyContext();
  const cv::Mat image = cv::imread((dir / "refused-uploads.png").string());
  ASSERT_FALSE(image.empty());
  EXPECT_EQ(image.cols, 1920);
}

TEST(KioskScreensXvfb, EveryScreenAt1920x1080) { capture_at(1920, 1080, fs::path(RUNFORM_SCREENS_DIR) / "1920x1080"); }

TEST(KioskScreensXvfb, EveryScreenAt1280x720) { capture_at(1280, 720, fs::path(RUNFORM_SCREENS_DIR) / "1280x720"); }

}  // namespace
}  // namespace runform::kiosk
