// The kiosk app: one render loop that copies the station's snapshot, lets the current screen
// draw it, feeds the runner's taps to the flow and the flow's commands to the station. Every
// screen is its own class owning its state; this loop only lays them out. Nothing here waits
// on the camera, the disk or the network: the station does that on its own threads.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "form/cue_catalog.h"
#include "kiosk/assessment_run.h"
#include "kiosk/cue_voice.h"
#include "kiosk/frame_stats.h"
#include "kiosk/input_script.h"
#include "kiosk/kiosk_flow.h"
#include "kiosk/station_port.h"
#include "ui/backend.h"

namespace runform::kiosk {

/// How the app runs.
struct AppOptions {
  std::optional<std::filesystem::path> screenshot_dir;  ///< a PNG per screen the first time it shows, and on F12
  double screenshot_settle_s = 1.5;  ///< a screen is captured once it has been up this long (or as it leaves)
  std::optional<double> exit_after_s;
  std::vector<ScriptStep> script;    ///< injected input (tests)
  std::optional<VoiceOptions> voice; ///< unset: silent
  double max_fps = 60.0;             ///< the loop never runs faster than this
  FlowTiming timing;
  std::vector<form::CueDef> cues;    ///< for the summary's fault lines
  std::function<double()> clock;     ///< seconds; the station's clock, so latencies compare
  /// A group assessment this station takes part in (--assessment): the assessment screens
  /// replace the walk-up flow. Not owned.
  AssessmentRun* assessment = nullptr;
};

/// Why the loop ended.
enum class AppExit { kWindowClosed, kTimeUp, kScriptDone, kScriptFailed, kEscape };

class KioskApp {
 public:
  /// An app drawing into `backend` (with a current ImGui context) and driving `station`.
  KioskApp(ui::Backend& backend, StationPort& station, AppOptions options);
  ~KioskApp();
  KioskApp(const KioskApp&) = delete;
  KioskApp& operator=(const KioskApp&) = delete;

  /// Runs until the window closes, --exit-after, the script ends or fails, or Escape.
  AppExit run();
  /// One frame (tests and benchmarks drive it themselves). False once the app should stop.
  bool frame();

  /// The flow (tests read the screen).
  [[nodiscard]] const KioskFlow& flow() const { return flow_; }
  /// What the app measured.
  [[nodiscard]] const KioskStats& stats() const { return stats_; }
  /// Why the script failed (empty: it did not).
  [[nodiscard]] const std::string& script_error() const { return script_error_; }
  /// Screenshots written so far.
  [[nodiscard]] const std::vector<std::filesystem::path>& screenshots() const { return screenshots_; }
  /// The voice worker, when speaking is on.
  [[nodiscard]] const CueVoice* voice() const { return voice_.get(); }

 private:
  struct Screens;
  struct ScriptPlayer;

  /// Loads fonts for the display size when it changed; true when it did (a one-off stall).
  bool load_fonts_for(ImVec2 display);
  void upload_camera(const station::StationSnapshot& snapshot);
  std::optional<Intent> draw_screen(double now_s, const station::StationSnapshot& snapshot);
  /// An assessment frame: its screen drawn from the guide, the ask handed to the run.
  void assessment_frame(double now_s, const station::StationSnapshot& snapshot);
  /// The name of the screen showing (scripts' await, screenshots).
  [[nodiscard]] std::string screen_name() const;
  void send(const std::vector<Command>& commands);
  void note_cue(double now_s, const station::StationSnapshot& snapshot);
  void advance_script(double now_s);
  void save_screenshot(const std::string& name);

  ui::Backend& backend_;
  StationPort& station_;
  AppOptions options_;
  KioskFlow flow_;
  std::unique_ptr<Screens> screens_;
  std::unique_ptr<ScriptPlayer> script_;
  std::unique_ptr<CueVoice> voice_;
  KioskStats stats_;
  std::string script_error_;
  std::vector<std::filesystem::path> screenshots_;

  struct FontState;
  std::unique_ptr<FontState> fonts_;
  ui::Texture camera_;
  std::uint64_t camera_frame_ = 0;
  bool camera_has_frame_ = false;
  std::uint64_t last_cue_sequence_ = 0;
  double started_s_ = 0.0;
  std::optional<double> last_frame_start_s_;
  std::optional<std::string> shown_screen_;
  double shown_since_s_ = 0.0;
  std::vector<std::string> captured_;  ///< screens already captured, by name
  int f12_count_ = 0;
  bool quit_ = false;
  std::optional<AppExit> exit_;
};

}  // namespace runform::kiosk
