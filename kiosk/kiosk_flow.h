// The kiosk's screen flow as a state machine without any UI: Attract → Check-in → Setup check →
// Calibration → Running → Summary → Attract. It reads facts from the station's snapshot, takes
// the runner's intents (taps), and returns the commands to send to the station. Time is passed
// in, so tests drive every transition and timeout without a window or a clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "station/station_snapshot.h"

namespace runform::kiosk {

/// The screens, in flow order.
enum class Screen { kAttract, kCheckIn, kSetup, kCalibration, kRunning, kSummary };

/// "attract", "checkin", "setup", "calibration", "running", "summary" (screenshot names).
std::string_view to_string(Screen screen);
/// The screen with that name, if any.
std::optional<Screen> screen_from_string(std::string_view name);

/// What a runner asked for on a screen.
struct Intent {
  enum class Kind {
    kStart,        ///< attract: "Start"
    kSubmitCode,   ///< check-in: the typed athlete code
    kGuest,        ///< check-in: run as a guest
    kReady,        ///< setup: "Start calibration"
    kFinish,       ///< running: "Finish"
    kDone,         ///< summary: "Done"
    kBack,         ///< back to attract from check-in or setup
  } kind;
  std::string code;  ///< kSubmitCode only
};

/// A command for the station (the app forwards it; tests inspect it).
struct Command {
  enum class Kind { kCheckIn, kCheckInGuest, kStartCalibration, kStartRunning, kFinish, kCancel, kReset } kind;
  std::string athlete_code;  ///< kCheckIn only
  friend bool operator==(const Command&, const Command&) = default;
};

/// Timeouts and limits of the flow, in seconds. RunForm working values.
struct FlowTiming {
  double idle_checkin_s = 60.0;      ///< nobody touched check-in or setup: back to attract
  double summary_s = 90.0;           ///< the summary stays up this long, then attract
  double calibration_grace_s = 10.0; ///< after the countdown, wait this long for a still runner,
                                     ///< then run without a baseline (those metrics say so)
  double runner_gone_s = 20.0;       ///< no runner this long while running: the run finishes
  std::size_t min_code_digits = 4;   ///< athlete codes are at least this long
  std::size_t max_code_digits = 8;
};

/// The facts of a snapshot the flow acts on (kept apart so tests state them directly).
struct StationFacts {
  station::Phase phase = station::Phase::kAttract;
  std::optional<std::string> qr_code;
  bool setup_ready = false;
  double calibration_remaining_s = 0.0;
  bool calibrated = false;
  bool runner_found = false;
  bool source_ended = false;  ///< a finite source (the demo run) delivered its last frame
};

/// The facts the flow needs from a snapshot.
StationFacts facts_of(const station::StationSnapshot& snapshot, bool source_ended);

/// The flow. Feed it every frame with the time; it returns the commands to send.
class KioskFlow {
 public:
  explicit KioskFlow(FlowTiming timing = {});

  /// Advances the flow at `now_s` with the station's facts and an optional intent.
  std::vector<Command> update(double now_s, const StationFacts& facts, const std::optional<Intent>& intent);

  /// The screen to show.
  [[nodiscard]] Screen screen() const { return screen_; }
  /// When the current screen was entered.
  [[nodiscard]] double screen_since_s() const { return screen_since_s_; }
  /// Seconds until the summary returns to attract (0 on other screens).
  [[nodiscard]] double summary_left_s(double now_s) const;
  /// Why the last submitted code was refused, for the check-in screen (empty: none).
  [[nodiscard]] const std::string& code_error() const { return code_error_; }
  /// True when the athlete code is acceptable.
  [[nodiscard]] bool code_valid(std::string_view code) const;
  /// The timing in use.
  [[nodiscard]] const FlowTiming& timing() const { return timing_; }

 private:
  void go(Screen screen, double now_s);
  void on_intent(double now_s, const StationFacts& facts, const Intent& intent, std::vector<Command>& out);
  void on_time(double now_s, const StationFacts& facts, std::vector<Command>& out);

  FlowTiming timing_;
  Screen screen_ = Screen::kAttract;
  double screen_since_s_ = 0.0;
  double last_touch_s_ = 0.0;
  std::optional<double> countdown_done_s_;
  std::optional<double> runner_missing_since_s_;
  std::string code_error_;
};

}  // namespace runform::kiosk
