// The assessment screens (issue 14) in a real OpenGL window under xvfb-run, drawn from a guide
// walked through a protocol by a fake hub desk: check-in with a refusal, the first step, a step
// that asks to turn the camera to the side with its countdown running, a redo, and the hand-over.
// PNGs at 1920×1080 and 1280×720 in build/release/tests/assessment_screens/ for people to look
// at; the test checks each is the display's size and not blank.
#include <gtest/gtest.h>

#include <imgui.h>

#include <filesystem>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "fake_station.h"
#include "kiosk/screens/assessment_screens.h"
#include "ui/canvas.h"
#include "ui/glfw_opengl3_backend.h"
#include "ui/screenshot.h"

namespace runform::kiosk {
namespace {

namespace fs = std::filesystem;
using services::StepKind;

const std::vector<services::ProtocolStepSpec> kSteps = {
    {"Calibration", StepKind::kCalibration, 10, form::View::kFront, std::nullopt, std::nullopt, ""},
    {"Front view", StepKind::kRun, 120, form::View::kFront, 11.0, 1.0, ""},
    {"Side view", StepKind::kRun, 120, form::View::kSide, 11.0, 1.0, "Look straight ahead, not at the screen"}};

class ScriptedDesk final : public station::AssessmentDesk {
 public:
  services::CheckInTicket check_in(const std::string& badge) override {
    if (badge == "9999") {
      throw services::AssessmentCallError(services::AssessmentCallError::Kind::kRefused,
                                          "this badge is for another assessment ('Winter squad day', 2026-01-10), not "
                                          "'Spring squad day': use the badge printed for today, or type your code");
    }
    services::CheckInTicket t{"c" + std::to_string(step), {badge, "Ada Okafor", "U18", "kim"}, step,
                              kSteps[static_cast<std::size_t>(step)], 3, redo};
    return t;
  }
  bool record_step(const services::StepRecord& record) override {
    redo = !record.completed;
    if (record.completed) ++step;
    return true;
  }
  int step = 0;
  bool redo = false;
};

void capture_at(int width, int height, const fs::path& dir) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  ImGui::CreateContext();
  {
    auto backend = ui::make_glfw_opengl3_backend({"assessment screens", width, height, false, false});
    testing::FakeStation station;
    station::AssessmentGuide guide(std::make_unique<ScriptedDesk>());
    AssessmentCheckInScreen checkin;
    AssessmentStepScreen step;
    AssessmentHandOverScreen handover;
    KioskFlow flow;
    ui::TapTargets targets;
    ui::Texture camera;
    std::optional<ui::FontSet> fonts;
    auto shoot = [&](AssessmentScreenBase& screen, const std::string& name, double now_s) {
      screen.show(guide.view(now_s), "Spring squad day");
      for (int frame = 0; frame < 3; ++frame) {  // the first frames build the font atlas
        ASSERT_TRUE(backend->begin_frame());
        if (!fonts) {
          const float scale = ui::layout_scale(backend->framebuffer_size());
          ui::apply_kiosk_style(scale);
          fonts = ui::load_fonts(scale);
          backend->reload_fonts();
        }
        ImGui::NewFrame();
        targets.clear();
        ui::begin_canvas();
        const ScreenContext ctx{*fonts, ui::layout_for(ImGui::GetIO().DisplaySize), targets, camera, flow, now_s, false};
        screen.draw(ctx, station.snapshot());
        ui::end_canvas();
        ImGui::Render();
        if (frame == 2) backend->request_capture();
        backend->end_frame();
      }
      ui::save_png(backend->last_frame(), dir / (name + ".png"));
    };
    EXPECT_FALSE(guide.check_in("9999"));
    shoot(checkin, "assessment-checkin-refused", 0);
    ASSERT_TRUE(guide.check_in("R101"));
    shoot(step, "assessment-step-calibration", 0);
    guide.start_step(0);
    guide.step_ended("s1", true, 1);
    guide.start_step(10);
    guide.step_ended("s2", false, 2);  // stopped: redo
    shoot(step, "assessment-step-redo", 20);
    guide.start_step(20);
    guide.step_ended("s3", true, 3);
    shoot(step, "assessment-step-side-view", 150);
    guide.start_step(150);
    shoot(step, "assessment-step-countdown", 197.4);
    guide.step_ended("s4", true, 4);
    shoot(handover, "assessment-handover", 300);
  }
  ImGui::DestroyContext();
  for (const char* name : {"assessment-checkin-refused", "assessment-step-calibration", "assessment-step-redo",
                           "assessment-step-side-view", "assessment-step-countdown", "assessment-handover"}) {
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

TEST(AssessmentScreensXvfb, At1920x1080) { capture_at(1920, 1080, fs::path(RUNFORM_SCREENS_DIR) / "1920x1080"); }
TEST(AssessmentScreensXvfb, At1280x720) { capture_at(1280, 720, fs::path(RUNFORM_SCREENS_DIR) / "1280x720"); }

}  // namespace
}  // namespace runform::kiosk
