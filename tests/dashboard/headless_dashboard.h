// The dashboard app headless for tests (ImGui builds every frame, nothing is rasterised): the
// real app with every panel, signed in through its sign-in screen against a real hub, frames
// stepped by the test, nothing sleeping. The panels' wall clock can be moved on.
#pragma once

#include <imgui.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "dashboard/dashboard_app.h"
#include "dashboard/panel_list.h"
#include "ui/null_backend.h"

namespace runform::testing {

namespace fs = std::filesystem;

// Frames a test may step while waiting for the hub (each frame yields the CPU once).
inline constexpr int kMaxFrames = 2'000'000;

// The coach the apps sign in as by default, and the password every seeded account has.
inline constexpr const char* kCoach = "coach-cara";
inline constexpr const char* kPassword = "correct horse battery staple";  // access_helpers' default

class HeadlessDashboard {
 public:
  /// `fake_clock`: the app's clock advances 10 ms each time it is read (script timeouts pass
  /// without waiting for them).
  HeadlessDashboard(const std::string& target, const fs::path& export_dir, const std::string& script,
                    bool fake_clock = false, const std::string& user = kCoach,
                    std::function<std::int64_t()> unix_ms = [] { return std::int64_t{0}; })
      : worker_({target, {}, {}, {}}) {
    // Signs in for real (AccessService.Login) as the coach, as the sign-in screen does with
    // --user and --password-file.
    ImGui::CreateContext();
    backend_ = ui::make_null_backend(1600, 900);
    dashboard::AppOptions options;
    options.hub_target = target;
    if (fake_clock) options.clock = [this] { return fake_now_s_ += 0.01; };
    std::istringstream in(script);
    options.script = dashboard::parse_script(in, "test.script");
    // The panels' wall clock is the system's, moved on by advance_wall_clock (a station's quiet
    // minutes pass without waiting for them).
    auto wall_ms = [this] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                 .count() +
             wall_offset_ms_.load();
    };
    app_ = std::make_unique<dashboard::DashboardApp>(*backend_, worker_,
                                                     dashboard::make_panels({export_dir, RUNFORM_ASSETS_DIR, wall_ms}),
                                                     dashboard::SignIn(true, user, kPassword, std::move(unix_ms)), options);
  }
  ~HeadlessDashboard() {
    app_.reset();
    backend_.reset();
    ImGui::DestroyContext();
  }
  /// Steps frames until `done` (true) or the app stops (false).
  template <class F>
  bool until(F done) {
    for (int i = 0; i < kMaxFrames; ++i) {
      if (done()) return true;
      if (!app_->frame()) return done();
      std::this_thread::yield();
    }
    return false;
  }
  dashboard::DashboardApp& app() { return *app_; }
  services::CoachWorker& worker() { return worker_; }
  /// Moves the panels' wall clock on by `ms`.
  void advance_wall_clock(std::int64_t ms) { wall_offset_ms_ += ms; }

 private:
  double fake_now_s_ = 0.0;
  std::atomic<std::int64_t> wall_offset_ms_{0};
  services::CoachWorker worker_;
  std::unique_ptr<ui::Backend> backend_;
  std::unique_ptr<dashboard::DashboardApp> app_;
};

}  // namespace runform::testing
