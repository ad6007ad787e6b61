// The dashboard with an hour-long session (108,000 frames at 30 fps) on a real hub on loopback
// (SQLite): the time from choosing the session to its first chart drawn (series downsampled by
// the hub), and the frame time while scrubbing across the whole hour (the cursor jumps every
// frame, so the skeleton's frames are fetched chunk by chunk behind it). Headless by default
// (ImGui builds every frame; nothing is rasterised); with --window in a real OpenGL window
// (under xvfb-run: Mesa's software renderer, not a coach's GPU).
//
// usage: dashboard_bench [--window] [--opens N] [--scrub-frames N]
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "dashboard/dashboard_app.h"
#include "dashboard/panel_list.h"
#include "dashboard/session_review_panel.h"
#include "services/client/hub_channel.h"
#include "services/hub/hub_server.h"
#include "services/store/access_store.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"
#include "tests/dashboard/seed_sessions.h"
#include "ui/glfw_opengl3_backend.h"
#include "ui/null_backend.h"

namespace {

using namespace runform;

double steady_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

}  // namespace

int main(int argc, char** argv) {
  bool window = false;
  int opens = 5;
  int scrub_frames = 600;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--window") window = true;
    if (a == "--opens" && i + 1 < argc) opens = std::stoi(argv[++i]);
    if (a == "--scrub-frames" && i + 1 < argc) scrub_frames = std::stoi(argv[++i]);
  }
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("runform-dashboard-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  services::HubOptions options = runform::testing::HubUnderTest::fast_options();
  options.store = "sqlite:" + (dir / "hub.db").string();
  // The hub has accounts: the sessions go up as an enrolled kiosk, the dashboard reads as staff.
  std::string kiosk;
  std::string staff;
  {
    const auto access = services::open_access_store(options.store);
    // Enrolled as the kiosk id its recorded sessions carry (the hub refuses any other).
    kiosk = runform::testing::kiosk_token(*access, "station-1", "kiosk-station-1");
    staff = runform::testing::person_token(*access, "bench-staff", v1::ROLE_STAFF);
  }
  services::HubServer hub(options);
  const std::string target = "127.0.0.1:" + std::to_string(hub.port());
  {
    services::UploaderOptions up;
    up.max_spool_frames = 200'000;
    services::KioskUploader uploader(services::make_hub_channel(target, {"", "", kiosk}), up);
    services::RecordedSession base = runform::testing::recorded_session("bench-hour", 120.0, form::View::kFront, "ana", "station-1", 41);
    runform::testing::upload_session(uploader, runform::testing::repeated(std::move(base), runform::testing::kHourFrames));
    runform::testing::upload_session(uploader, runform::testing::recorded_session("bench-short", 20.0));
  }
  std::printf("dashboard_bench: hub with an hour-long session of %zu frames (%s)\n", runform::testing::kHourFrames,
              window ? "real OpenGL window" : "headless");

  ImGui::CreateContext();
  {
    std::unique_ptr<ui::Backend> backend =
        window ? ui::make_glfw_opengl3_backend({"dashboard_bench", 1920, 1080, false, false})
               : ui::make_null_backend(1920, 1080);
    services::CoachWorker worker({target, {}, {}, staff});
    dashboard::AppOptions app_options;
    app_options.hub_target = target;
    dashboard::DashboardApp app(*backend, worker, dashboard::make_panels({dir, RUNFORM_ASSETS_DIR, {}}),
                                dashboard::SignIn(false, "", "", [] { return 0LL; }), app_options);
    auto* review = dynamic_cast<dashboard::SessionReviewPanel*>(app.panel("review"));
    // Warm up: fonts, the channel, the hub's caches of nothing in particular.
    app.place().session_id = "bench-short";
    app.go_to("review");
    while (!review->ready()) app.frame();

    std::vector<double> first_chart_ms;
    for (int i = 0; i < opens; ++i) {
      app.place().session_id = "bench-short";
      while (!review->ready()) app.frame();
      const double chosen_s = steady_s();
      app.place().session_id = "bench-hour";  // what a click on the session's Review does
      // Until the review has reopened (its clock is the same steady clock) and drawn a chart.
      do {
        app.frame();
      } while (!review->opened_s() || *review->opened_s() < chosen_s || !review->first_chart_s());
      first_chart_ms.push_back((*review->first_chart_s() - chosen_s) * 1000.0);
    }
    std::printf("choose the hour-long session -> first chart drawn: p50 %.1f ms, max %.1f ms (n = %d; target <= 300 ms)\n",
                percentile(first_chart_ms, 50), percentile(first_chart_ms, 100), opens);

    // Scrubbing: the cursor sweeps the hour, a new place every frame.
    while (!review->ready()) app.frame();
    std::vector<double> frame_ms;
    const double hour_s = 3600.0;
    for (int i = 0; i < scrub_frames; ++i) {
      app.place().cursor_s = std::fmod(static_cast<double>(i) * 7.3, hour_s);
      const double start = steady_s();
      app.frame();
      frame_ms.push_back((steady_s() - start) * 1000.0);
    }
    const auto* frames = review->frames();
    std::printf("frame time while scrubbing the hour: p50 %.2f ms, p99 %.2f ms, max %.2f ms (n = %d; 60 fps = 16.7 ms); "
                "frames loaded %.0f%%\n",
                percentile(frame_ms, 50), percentile(frame_ms, 99), percentile(frame_ms, 100), scrub_frames,
                frames ? frames->progress() * 100.0 : 0.0);
  }
  ImGui::DestroyContext();
  std::filesystem::remove_all(dir);
  return 0;
}
