// runform-widgets: every ui/ widget on one screen, in its states (the living documentation
// ImGui's demo window is for ImGui). `--screenshot FILE` saves the first full frame and exits,
// so CI can run it headless under xvfb-run.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include "ui/band_chart.h"
#include "ui/camera_view.h"
#include "ui/canvas.h"
#include "ui/fonts.h"
#include "ui/glfw_opengl3_backend.h"
#include "ui/line_chart.h"
#include "ui/score_gauge.h"
#include "ui/screenshot.h"
#include "ui/skeleton_view.h"
#include "ui/sparkline.h"
#include "ui/status_icons.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/timeline.h"
#include "ui/touch_controls.h"

namespace {

using namespace runform;

struct GalleryArgs {
  int width_px = 1920;
  int height_px = 1080;
  std::string screenshot;
  int page = 1;  ///< 1: the kiosk's widgets; 2: the dashboard's
};

// A standing skeleton in a 640×480 image, for the overlay demo.
form::PoseFrame demo_pose() {
  form::PoseFrame pose;
  const double xy[17][2] = {{320, 90},  {330, 80},  {310, 80},  {342, 88},  {298, 88},  {370, 150},
                            {270, 150}, {385, 225}, {255, 225}, {360, 290}, {280, 290}, {350, 290},
                            {290, 290}, {355, 370}, {285, 370}, {358, 450}, {282, 450}};
  for (std::size_t i = 0; i < form::kKeypointCount; ++i) pose.keypoints[i] = {xy[i][0], xy[i][1], 0.9};
  return pose;
}

// A checkerboard standing in for the camera image.
std::vector<std::uint8_t> demo_image(int width, int height) {
  std::vector<std::uint8_t> bgr(static_cast<std::size_t>(width * height * 3));
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const auto v = static_cast<std::uint8_t>(((x / 40 + y / 40) % 2) ? 70 : 45);
      std::uint8_t* px = &bgr[static_cast<std::size_t>((y * width + x) * 3)];
      px[0] = static_cast<std::uint8_t>(v + 20);
      px[1] = v;
      px[2] = v;
    }
  }
  return bgr;
}

void draw_gallery(const ui::FontSet& fonts, float s, ui::TapTargets& targets, const ui::Texture& camera,
                  const form::PoseFrame& pose, std::string& code) {
  const ui::Palette& p = ui::palette();
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  auto px = [&](float x, float y) { return ImVec2(x * s, y * s); };
  list->AddText(fonts.heading, ui::font_px::kHeading * s, px(40, 20), p.text, "RunForm widgets");
  (void)size;

  // Camera with the skeleton overlay.
  const ui::ImageFit fit = ui::fit_image(px(40, 130), px(680, 610), camera.width, camera.height);
  ui::draw_camera_image(list, camera, fit);
  ui::draw_skeleton(list, pose, fit, s, p.skeleton);

  // Gauges: good, fair, poor, not measurable.
  const ui::GaugeValue gauges[] = {{"Head", 92.0, {}}, {"Shoulders", 68.0, {}}, {"Arms", 41.0, {}},
                                   {"Arms", std::nullopt, "needs the front view"}};
  for (int i = 0; i < 4; ++i) {
    const float x = 720.0f + 290.0f * static_cast<float>(i);
    ui::draw_score_gauge(list, fonts, s, px(x, 130), px(x + 270, 420), gauges[i]);
  }

  // Status chips in every state.
  float x = 720.0f * s;
  const float y = 450.0f * s;
  x += ui::draw_status_chip(list, fonts, s, ImVec2(x, y), ui::Icon::kCamera, ui::IconState::kOk, "Camera") + 30 * s;
  x += ui::draw_status_chip(list, fonts, s, ImVec2(x, y), ui::Icon::kHub, ui::IconState::kProblem, "Hub offline") + 30 * s;
  x += ui::draw_status_chip(list, fonts, s, ImVec2(x, y), ui::Icon::kSpool, ui::IconState::kWarning, "412 to upload") + 30 * s;
  const float y2 = 520.0f * s;
  x = 720.0f * s;
  x += ui::draw_status_chip(list, fonts, s, ImVec2(x, y2), ui::Icon::kRails, ui::IconState::kWarning, "Hands on the rails") + 30 * s;
  ui::draw_status_chip(list, fonts, s, ImVec2(x, y2), ui::Icon::kNotMeasurable, ui::IconState::kInactive,
                       "Arm crossing: not in this view");

  // Chart with a cursor, and a bare sparkline.
  ui::ChartSpec chart;
  ui::ChartSeries series{{}, p.accent};
  for (int i = 0; i <= 120; ++i) {
    const float t = static_cast<float>(i);
    series.points.emplace_back(t, (i > 50 && i < 56) ? NAN : 10.0f + 6.0f * std::sin(t / 9.0f) + t * 0.08f);
  }
  chart.series.push_back(series);
  chart.cursor_t = 80.0f;
  chart.unit = "%";
  ui::draw_line_chart(list, fonts, s, px(40, 640), px(900, 860), chart);
  chart.labels = false;
  chart.cursor_t.reset();
  ui::draw_line_chart(list, fonts, s, px(40, 890), px(500, 960), chart);

  // The cue line: shrunk to fit.
  ui::draw_fitted(list, fonts.cue, ui::font_px::kCue * s, px(40, 960), px(1880, 1070), "Swing forward, not across",
                  p.text);

  // Keypad and a button.
  const ui::ControlContext ctx{fonts, s, targets};
  ui::keypad(ctx, px(960, 600), px(1400, 940), code, 6);
  ui::draw_fitted(list, fonts.number, ui::font_px::kNumber * s, px(1440, 600), px(1880, 720),
                  code.empty() ? "—" : std::string_view(code), p.text);
  ui::big_button(ctx, "Start", px(1440, 760), px(440, 160), true);
}

// Page 2: the coach dashboard's widgets — skeleton views, a band chart with its shading, markers
// and cursor, sparklines, a cue timeline.
void draw_dashboard_gallery(const ui::FontSet& fonts, float s, const form::PoseFrame& pose) {
  const ui::Palette& p = ui::palette();
  ImDrawList* list = ImGui::GetWindowDrawList();
  auto px = [&](float x, float y) { return ImVec2(x * s, y * s); };
  list->AddText(fonts.heading, ui::font_px::kHeading * s, px(40, 20), p.text, "RunForm dashboard widgets");
  ui::SkeletonViewSpec spec;
  ui::draw_skeleton_view(list, s, px(40, 130), px(440, 430), pose, spec);
  spec.colour = p.fair;
  ui::draw_skeleton_view(list, s, px(460, 130), px(660, 280), pose, spec);  // a mini tile
  ui::draw_skeleton_view(list, s, px(460, 300), px(660, 430), form::PoseFrame{}, spec);  // nothing confident yet

  ui::BandChartSpec chart;
  for (int i = 0; i <= 300; ++i) {
    const double t = i;
    chart.points.emplace_back(static_cast<float>(t), static_cast<float>(6.0 + 0.06 * t + 3.0 * std::sin(t / 7.0)));
    chart.second_points.emplace_back(static_cast<float>(t), static_cast<float>(5.0 + 2.0 * std::sin(t / 9.0)));
  }
  chart.second_colour = p.text_dim;
  chart.t_begin_s = 0.0;
  chart.t_end_s = 300.0;
  chart.normal_high = 15.0;
  chart.spans = {{180.0, 300.0, ui::with_alpha(p.poor, 0.25f)}, {90.0, 110.0, ui::with_alpha(p.off, 0.35f)}};
  chart.markers = {{200.0, p.poor}, {60.0, p.accent}};
  chart.cursor_s = 150.0;
  chart.title = "shoulder elevation - fault span shaded, rails span grey, normal range green";
  chart.unit = "%";
  ui::draw_band_chart(list, fonts, s, px(700, 130), px(1880, 430), chart);

  const std::vector<ui::TimelineSegment> cues{{40.0, 70.0, "Drop your shoulders", p.fair},
                                              {70.0, 80.0, "Better", p.good},
                                              {180.0, 300.0, "Swing forward, not across", p.fair}};
  ui::draw_timeline(list, fonts, s, px(700, 450), px(1880, 500), 0.0, 300.0, cues, 150.0);

  const std::vector<float> rising{55, 58, 61, 60, 66, 71, 74, 80};
  const std::vector<float> falling{90, 86, 88, 79, 72, 70};
  ui::draw_sparkline(list, s, px(40, 560), px(340, 620), rising, p.good, 0, 100);
  ui::draw_sparkline(list, s, px(40, 650), px(340, 710), falling, p.poor, 0, 100);
  ui::draw_sparkline(list, s, px(40, 740), px(340, 800), {72.0f}, p.accent, 0, 100);  // one session: a dash
  list->AddText(fonts.small, ui::font_px::kSmall * s, px(360, 570), p.text_dim, "improving");
  list->AddText(fonts.small, ui::font_px::kSmall * s, px(360, 660), p.text_dim, "getting worse");
  list->AddText(fonts.small, ui::font_px::kSmall * s, px(360, 750), p.text_dim, "one session");
}

}  // namespace

int main(int argc, char** argv) {
  GalleryArgs args;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--screenshot" && i + 1 < argc) {
      args.screenshot = argv[++i];
    } else if (a == "--page" && i + 1 < argc) {
      args.page = std::atoi(argv[++i]);
      if (args.page != 1 && args.page != 2) {
        std::cerr << "runform-widgets: --page is 1 (kiosk widgets) or 2 (dashboard widgets)\n";
        return 2;
      }
    } else if (a == "--size" && i + 1 < argc) {
      if (std::sscanf(argv[++i], "%dx%d", &args.width_px, &args.height_px) != 2) {
        std::cerr << "runform-widgets: --size wants WIDTHxHEIGHT, e.g. 1280x720\n";
        return 2;
      }
    } else {
      std::cerr << "usage: runform-widgets [--page 1|2] [--size WIDTHxHEIGHT] [--screenshot FILE.png]\n";
      return a == "--help" ? 0 : 2;
    }
  }
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  int status = 0;
  try {
    auto backend = ui::make_glfw_opengl3_backend({"RunForm widgets", args.width_px, args.height_px, false, true});
    const float s = ui::layout_scale(backend->framebuffer_size());
    ui::apply_kiosk_style(s);
    const ui::FontSet fonts = ui::load_fonts(s);
    backend->reload_fonts();
    ui::Texture camera;
    const auto image = demo_image(640, 480);
    backend->upload_bgr(camera, image.data(), 640, 480, 640 * 3);
    const form::PoseFrame pose = demo_pose();
    ui::TapTargets targets;
    std::string code = "4711";
    // Screenshot mode renders a few frames (ImGui settles layout on the first) and saves.
    constexpr int kSettleFrames = 3;
    for (int frame = 0; backend->begin_frame(); ++frame) {
      ImGui::NewFrame();
      targets.clear();
      ui::begin_canvas();
      if (args.page == 2) {
        draw_dashboard_gallery(fonts, s, pose);
      } else {
        draw_gallery(fonts, s, targets, camera, pose, code);
      }
      ui::end_canvas();
      ImGui::Render();
      const bool capture = !args.screenshot.empty() && frame + 1 == kSettleFrames;
      if (capture) backend->request_capture();
      backend->end_frame();
      if (capture) {
        ui::save_png(backend->last_frame(), args.screenshot);
        std::cout << "runform-widgets: saved " << args.screenshot << "\n";
        break;
      }
      if (backend->pressed(ui::Key::kEscape)) break;
    }
    backend->release(camera);
  } catch (const std::exception& e) {
    std::cerr << "runform-widgets: " << e.what() << "\n";
    status = 1;
  }
  ImGui::DestroyContext();
  return status;
}
