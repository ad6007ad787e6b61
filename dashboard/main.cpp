// runform-dashboard: the coach dashboard. See dashboard_options.h for the flags and
// dashboard_app.h for the loop; the hub is reached through services/client/coach_worker.h.
#include <imgui.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "dashboard/dashboard_app.h"
#include "dashboard/dashboard_options.h"
#include "dashboard/panel_list.h"
#include "ui/glfw_opengl3_backend.h"
#include "ui/null_backend.h"

namespace {

using namespace runform;

std::filesystem::path assets_dir() {
  if (const char* env = std::getenv("RUNFORM_ASSETS")) return env;
  return RUNFORM_ASSETS_DIR;
}

// A secret from a file: its first line, without the line end.
std::string read_secret(const std::filesystem::path& file, const char* what) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) {
    throw std::runtime_error("cannot read the " + std::string(what) + " from " + file.string() + ": check the path");
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int run(const dashboard::DashboardSettings& s) {
  services::CoachEndpoint endpoint{s.hub, s.hub_ca, s.hub_name, {}};
  if (s.token_file) endpoint.token = read_secret(*s.token_file, "token");
  const std::string password = s.password_file ? read_secret(*s.password_file, "password") : std::string();
  services::CoachWorker hub(endpoint);
  const bool needs_sign_in = !s.no_sign_in && !s.token_file;

  ImGui::CreateContext();
  int status = 0;
  {
    std::unique_ptr<ui::Backend> backend =
        s.headless ? ui::make_null_backend(s.width_px, s.height_px)
                   : ui::make_glfw_opengl3_backend({"RunForm coach dashboard", s.width_px, s.height_px, s.fullscreen, true});
    dashboard::AppOptions options;
    options.screenshot_dir = s.screenshot_dir;
    options.exit_after_s = s.exit_after_s;
    if (s.script) options.script = dashboard::load_script(*s.script);
    options.hub_target = s.hub;
    dashboard::DashboardApp app(*backend, hub, dashboard::make_panels({s.export_dir, assets_dir(), {}}),
                                dashboard::SignIn(needs_sign_in, s.user, password, unix_ms_now), options);
    const dashboard::AppExit exit = app.run();
    if (s.stats) std::cout << "runform-dashboard: frame time " << app.frame_times().describe() << "\n";
    for (const auto& file : app.screenshots()) std::cout << "runform-dashboard: screenshot " << file.string() << "\n";
    if (exit == dashboard::AppExit::kScriptFailed) {
      std::cerr << "runform-dashboard: " << app.script_error() << "\n";
      status = 3;
    }
  }
  ImGui::DestroyContext();
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  dashboard::DashboardSettings settings;
  try {
    settings = dashboard::parse_dashboard_args(argc, argv);
  } catch (const dashboard::UsageError& e) {
    std::cerr << "runform-dashboard: " << e.what() << "\n";
    return 2;
  }
  if (settings.help) {
    std::cout << dashboard::dashboard_usage();
    return 0;
  }
  try {
    return run(settings);
  } catch (const std::exception& e) {
    std::cerr << "runform-dashboard: " << e.what() << "\n";
    return 1;
  }
}
