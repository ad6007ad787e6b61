// The dashboard app: one render loop that lays out the navigation, the connection banner and
// the shown panel. Nothing here waits on the hub: panels ask CoachWorker, whose threads do.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dashboard/dashboard_script.h"
#include "dashboard/frame_times.h"
#include "dashboard/panel.h"
#include "dashboard/sign_in.h"
#include "ui/backend.h"

namespace runform::dashboard {

/// Desk text is read at arm's length: the kiosk's fonts (sized for 3 m) at this fraction.
inline constexpr float kDeskFontFraction = 0.45f;

/// How the app runs.
struct AppOptions {
  std::optional<std::filesystem::path> screenshot_dir;  ///< a PNG per panel once it is ready, and on F12
  double screenshot_settle_s = 0.5;  ///< a ready panel is captured once it has been up this long
  std::optional<double> exit_after_s;
  std::vector<ScriptStep> script;    ///< injected input (tests)
  double max_fps = 60.0;             ///< the loop never runs faster than this
  std::function<double()> clock;     ///< seconds (steady)
  std::string hub_target;            ///< shown on the sign-in screen and in the banner
};

/// Why the loop ended.
enum class AppExit { kWindowClosed, kTimeUp, kScriptDone, kScriptFailed, kEscape };

class DashboardApp {
 public:
  /// An app drawing into `backend` (with a current ImGui context), talking to the hub through `hub`.
  DashboardApp(ui::Backend& backend, services::CoachWorker& hub, std::vector<std::unique_ptr<Panel>> panels,
               SignIn sign_in, AppOptions options);
  ~DashboardApp();
  DashboardApp(const DashboardApp&) = delete;
  DashboardApp& operator=(const DashboardApp&) = delete;

  /// Runs until the window closes, --exit-after, the script ends or fails, or Escape.
  AppExit run();
  /// One frame (tests and benchmarks drive it themselves). False once the app should stop.
  bool frame();

  /// The shown panel's id ("signin" while signing in).
  [[nodiscard]] std::string shown() const;
  /// Switches panels (as the navigation does).
  void go_to(std::string_view panel_id);
  /// The panel with this id, or nullptr.
  [[nodiscard]] Panel* panel(std::string_view panel_id) const;
  /// The coach's place.
  [[nodiscard]] Place& place() { return place_; }
  /// Frame times measured so far.
  [[nodiscard]] const FrameTimes& frame_times() const { return times_; }
  /// Why the script failed (empty: it did not).
  [[nodiscard]] const std::string& script_error() const { return script_error_; }
  /// Screenshots written so far.
  [[nodiscard]] const std::vector<std::filesystem::path>& screenshots() const { return screenshots_; }
  /// The controls drawn in the last frame, by label (tests look for the banner, tiles, charts).
  [[nodiscard]] const ui::TapTargets& targets() const { return targets_; }
  /// The sign-in state.
  [[nodiscard]] const SignIn& sign_in() const { return sign_in_; }

 private:
  struct ScriptPlayer;
  void load_fonts_for(ImVec2 display);
  void advance_script(double now_s);
  void draw_navigation(PanelContext& ctx);
  void draw_banner(ImVec2 min, ImVec2 max);
  void save_screenshot(const std::string& name);

  ui::Backend& backend_;
  services::CoachWorker& hub_;
  std::vector<std::unique_ptr<Panel>> panels_;
  SignIn sign_in_;
  AppOptions options_;
  Place place_;
  std::size_t shown_ = 0;
  bool entered_ = false;
  double shown_since_s_ = 0.0;
  std::vector<std::string> captured_;
  std::unique_ptr<ScriptPlayer> script_;
  std::string script_error_;
  std::vector<std::filesystem::path> screenshots_;
  ui::TapTargets targets_;
  ui::FontSet fonts_;
  std::optional<ImVec2> fonts_display_;
  FrameTimes times_;
  double started_s_ = 0.0;
  int f12_count_ = 0;
  std::optional<AppExit> exit_;
};

}  // namespace runform::dashboard
