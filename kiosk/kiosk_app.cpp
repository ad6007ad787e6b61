#include "kiosk/kiosk_app.h"

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <iostream>
#include <thread>

#include "kiosk/screens/assessment_screens.h"
#include "kiosk/screens/attract_screen.h"
#include "kiosk/screens/calibration_screen.h"
#include "kiosk/screens/checkin_screen.h"
#include "kiosk/screens/running_screen.h"
#include "kiosk/screens/setup_screen.h"
#include "kiosk/screens/summary_screen.h"
#include "ui/canvas.h"
#include "ui/fonts.h"
#include "ui/screenshot.h"
#include "ui/theme.h"
#include "ui/touch_controls.h"

namespace runform::kiosk {
namespace {

// A capture time further than this from the kiosk's clock is on another clock (a recording's
// own time), so the latency cannot be measured from it.
constexpr double kMaxPlausibleLatencyS = 10.0;

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

struct KioskApp::Screens {
  explicit Screens(std::vector<form::CueDef> cues) : summary(std::move(cues)) {}
  AttractScreen attract;
  CheckInScreen checkin;
  SetupScreen setup;
  CalibrationScreen calibration;
  RunningScreen running;
  SummaryScreen summary;
  AssessmentCheckInScreen assessment_checkin;
  AssessmentStepScreen assessment_step;
  AssessmentHandOverScreen assessment_handover;
  ui::TapTargets targets;

  AssessmentScreenBase& assessment_of(const std::string& name) {
    if (name == "assessment-step" || name == "assessment-instructions") return assessment_step;
    if (name == "assessment-handover") return assessment_handover;
    return assessment_checkin;
  }

  KioskScreen& of(Screen screen) {
    switch (screen) {
      case Screen::kAttract: return attract;
      case Screen::kCheckIn: return checkin;
      case Screen::kSetup: return setup;
      case Screen::kCalibration: return calibration;
      case Screen::kRunning: return running;
      case Screen::kSummary: return summary;
    }
    return attract;
  }
};

struct KioskApp::FontState {
  ImVec2 display;
  ui::FontSet fonts;
};

struct KioskApp::ScriptPlayer {
  std::vector<ScriptStep> steps;
  std::size_t index = 0;
  std::optional<double> step_started_s;
  std::string taps_left;     // keypad digits still to tap (type)
  std::string tap_label;     // the control being tapped
  int tap_phase = 0;         // 0 idle, 1 pointer over it, 2 pressed, then released
  ImVec2 tap_at;
  std::vector<std::string> captures;  // screenshot names for this frame
};

KioskApp::KioskApp(ui::Backend& backend, StationPort& station, AppOptions options)
    : backend_(backend),
      station_(station),
      options_(std::move(options)),
      flow_(options_.timing),
      screens_(std::make_unique<Screens>(options_.cues)),
      script_(std::make_unique<ScriptPlayer>()) {
  if (!options_.clock) options_.clock = steady_seconds;
  script_->steps = options_.script;
  if (options_.voice && options_.voice->enabled) voice_ = std::make_unique<CueVoice>(*options_.voice);
  ImGui::GetIO().IniFilename = nullptr;  // a kiosk keeps no window layout between runs
  started_s_ = options_.clock();
}

KioskApp::~KioskApp() {
  if (camera_.id != nullptr) backend_.release(camera_);
}

bool KioskApp::load_fonts_for(ImVec2 display) {
  if (fonts_ && fonts_->display.x == display.x && fonts_->display.y == display.y) return false;
  const float scale = ui::layout_scale(display);
  ui::apply_kiosk_style(scale);
  auto state = std::make_unique<FontState>();
  state->display = display;
  state->fonts = ui::load_fonts(scale);
  backend_.reload_fonts();
  fonts_ = std::move(state);
  return true;
}

void KioskApp::upload_camera(const station::StationSnapshot& snapshot) {
  if (snapshot.image.empty() || snapshot.image.type() != CV_8UC3) return;
  if (camera_has_frame_ && snapshot.frame_index == camera_frame_) return;
  backend_.upload_bgr(camera_, snapshot.image.data, snapshot.image.cols, snapshot.image.rows,
                      static_cast<int>(snapshot.image.step[0]));
  camera_frame_ = snapshot.frame_index;
  camera_has_frame_ = true;
  const double latency_s = options_.clock() - snapshot.image_t_s;
  if (latency_s >= 0.0 && latency_s < kMaxPlausibleLatencyS) stats_.image_latency_ms.add(latency_s * 1000.0);
}

std::optional<Intent> KioskApp::draw_screen(double now_s, const station::StationSnapshot& snapshot) {
  const ScreenContext ctx{fonts_->fonts, ui::layout_for(ImGui::GetIO().DisplaySize), screens_->targets, camera_,
                          flow_, now_s, voice_ != nullptr};
  return screens_->of(flow_.screen()).draw(ctx, snapshot);
}

void KioskApp::send(const std::vector<Command>& commands) {
  for (const Command& c : commands) {
    switch (c.kind) {
      case Command::Kind::kCheckIn: station_.check_in(c.athlete_code); break;
      case Command::Kind::kCheckInGuest: station_.check_in_guest(); break;
      case Command::Kind::kStartCalibration: station_.start_calibration(); break;
      case Command::Kind::kStartRunning: station_.start_running(); break;
      case Command::Kind::kFinish: station_.finish(); break;
      case Command::Kind::kCancel: station_.cancel(); break;
      case Command::Kind::kReset: station_.reset(); break;
    }
  }
}

void KioskApp::note_cue(double now_s, const station::StationSnapshot& snapshot) {
  if (!snapshot.cue || snapshot.cue->sequence == last_cue_sequence_ || snapshot.cue->text.empty()) return;
  last_cue_sequence_ = snapshot.cue->sequence;
  const double latency_s = now_s - snapshot.cue->raised_capture_t_s;
  if (latency_s >= 0.0 && latency_s < kMaxPlausibleLatencyS) {
    stats_.cue_latency_ms.add(latency_s * 1000.0);
  } else {
    ++stats_.cue_clock_mismatches;
  }
  if (voice_) voice_->say(snapshot.cue->text);
}

void KioskApp::advance_script(double now_s) {
  ScriptPlayer& s = *script_;
  if (s.steps.empty()) return;
  ImGuiIO& io = ImGui::GetIO();
  // While a script drives the app, the pointer is the script's (a real cursor under Xvfb sits
  // somewhere and would hover things).
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  io.MouseDown[0] = false;
  if (s.index >= s.steps.size()) return;
  const ScriptStep& step = s.steps[s.index];
  if (!s.step_started_s) s.step_started_s = now_s;
  const double waited_s = now_s - *s.step_started_s;
  auto next = [&] {
    ++s.index;
    s.step_started_s.reset();
    s.tap_phase = 0;
  };
  auto fail = [&](const std::string& why) {
    script_error_ = "script line " + std::to_string(step.line) + ": " + why;
    exit_ = AppExit::kScriptFailed;
  };
  // One tap takes three frames: pointer over the control, press, release (ImGui's click).
  auto tap = [&](const std::string& label) -> bool {
    if (s.tap_phase == 0) {
      const std::optional<ImVec2> centre = screens_->targets.centre_of(label);
      if (!centre) {
        if (waited_s > kTapTimeoutS) {
          std::string shown;
          for (const std::string& l : screens_->targets.labels()) shown += " '" + l + "'";
          fail("no control labelled '" + label + "' on the " + screen_name() +
               " screen after " + std::to_string(static_cast<int>(kTapTimeoutS)) + " s (shown:" + shown + ")");
        }
        return false;
      }
      s.tap_at = *centre;
      s.tap_phase = 1;
    }
    io.MousePos = s.tap_at;
    io.MouseDown[0] = s.tap_phase == 2;
    if (s.tap_phase == 3) {
      s.tap_phase = 0;
      return true;
    }
    ++s.tap_phase;
    return false;
  };

  switch (step.kind) {
    case ScriptStep::Kind::kAwait:
      if (screen_name() == step.argument) {
        next();
      } else if (waited_s > step.seconds) {
        fail("waited " + std::to_string(static_cast<int>(step.seconds)) + " s for the " + step.argument +
             " screen; still on " + screen_name());
      }
      break;
    case ScriptStep::Kind::kTap:
      if (tap(step.argument)) next();
      break;
    case ScriptStep::Kind::kType:
      if (s.taps_left.empty() && s.tap_phase == 0) s.taps_left = step.argument;
      if (tap(s.taps_left.substr(0, 1))) {
        s.taps_left.erase(0, 1);
        if (s.taps_left.empty()) next();
      }
      break;
    case ScriptStep::Kind::kBadge:
      station_.show_demo_badge(step.argument);
      next();
      break;
    case ScriptStep::Kind::kUnbadge:
      station_.show_demo_badge("");
      next();
      break;
    case ScriptStep::Kind::kWait:
      if (waited_s >= step.seconds) next();
      break;
    case ScriptStep::Kind::kScreenshot:
      s.captures.push_back(step.argument);
      next();
      break;
    case ScriptStep::Kind::kQuit:
      exit_ = AppExit::kScriptDone;
      break;
  }
}

void KioskApp::save_screenshot(const std::string& name) {
  if (!options_.screenshot_dir || !backend_.has_pixels()) return;
  const auto file = *options_.screenshot_dir / (name + ".png");
  try {
    ui::save_png(backend_.last_frame(), file);
    screenshots_.push_back(file);
  } catch (const std::exception& e) {
    std::cerr << "runform-kiosk: " << e.what() << "\n";  // a missed screenshot never stops the kiosk
  }
}

bool KioskApp::frame() {
  const double start_s = options_.clock();
  if (last_frame_start_s_) stats_.frame_interval_ms.add((start_s - *last_frame_start_s_) * 1000.0);
  last_frame_start_s_ = start_s;
  if (!backend_.begin_frame()) {
    exit_ = AppExit::kWindowClosed;
    return false;
  }
  // Building the font atlas is a one-off at start (and on a resize): not a frame time.
  const bool fonts_loaded = load_fonts_for(backend_.framebuffer_size());
  if (fonts_loaded) last_frame_start_s_.reset();
  const station::StationSnapshot snapshot = station_.snapshot();
  upload_camera(snapshot);
  advance_script(start_s);
  ImGui::NewFrame();
  screens_->targets.clear();

  const std::string drawn = screen_name();
  if (!shown_screen_ || *shown_screen_ != drawn) {
    shown_screen_ = drawn;
    shown_since_s_ = start_s;
    if (options_.assessment != nullptr) {
      screens_->assessment_of(drawn).enter();
    } else {
      screens_->of(flow_.screen()).enter();
    }
  }
  if (options_.assessment != nullptr) {
    assessment_frame(start_s, snapshot);
  } else {
    ui::begin_canvas();
    const std::optional<Intent> intent = draw_screen(start_s, snapshot);
    ui::end_canvas();
    ImGui::Render();
    if (flow_.screen() == Screen::kRunning) note_cue(start_s, snapshot);
    StationFacts facts = facts_of(snapshot, station_.source_ended());
    send(flow_.update(start_s, facts, intent));
  }

  // Screenshots: each screen once, when it has settled or as it leaves; F12; the script's.
  std::vector<std::string> captures = std::move(script_->captures);
  script_->captures.clear();
  if (options_.screenshot_dir) {
    const bool seen = std::find(captured_.begin(), captured_.end(), drawn) != captured_.end();
    // The summary has settled once its numbers arrived (the station computes them after finish).
    const bool settled = start_s - shown_since_s_ >= options_.screenshot_settle_s &&
                         (drawn != "summary" || snapshot.summary.has_value());
    if (!seen && (settled || screen_name() != drawn)) {
      captured_.push_back(drawn);
      captures.push_back(drawn);
    }
    if (backend_.pressed(ui::Key::kF12)) captures.push_back("f12-" + std::to_string(++f12_count_) + "-" + drawn);
  }
  if (!fonts_loaded) stats_.frame_work_ms.add((options_.clock() - start_s) * 1000.0);
  if (!captures.empty()) backend_.request_capture();
  const double render_start_s = options_.clock();
  backend_.end_frame();
  stats_.frame_render_ms.add((options_.clock() - render_start_s) * 1000.0);
  for (const std::string& name : captures) save_screenshot(name);
  ++stats_.frames;

  if (backend_.pressed(ui::Key::kEscape)) exit_ = AppExit::kEscape;
  if (options_.exit_after_s && start_s - started_s_ >= *options_.exit_after_s) exit_ = AppExit::kTimeUp;
  return !exit_.has_value();
}

std::string KioskApp::screen_name() const {
  if (options_.assessment != nullptr) return options_.assessment->screen_name();
  return std::string(to_string(flow_.screen()));
}

void KioskApp::assessment_frame(double now_s, const station::StationSnapshot& snapshot) {
  AssessmentRun& run = *options_.assessment;
  AssessmentScreenBase& screen = screens_->assessment_of(run.screen_name());
  screen.show(run.view(now_s), run.assessment_name());
  const ScreenContext ctx{fonts_->fonts, ui::layout_for(ImGui::GetIO().DisplaySize), screens_->targets, camera_,
                          flow_, now_s, voice_ != nullptr};
  ui::begin_canvas();
  screen.draw(ctx, snapshot);
  ui::end_canvas();
  ImGui::Render();
  AssessmentAsk ask = AssessmentAsk::kNone;
  switch (screen.last_intent()) {
    case AssessmentIntent::kNone: break;
    case AssessmentIntent::kSubmitCode: ask = AssessmentAsk::kSubmitCode; break;
    case AssessmentIntent::kStartStep: ask = AssessmentAsk::kStartStep; break;
    case AssessmentIntent::kStopStep: ask = AssessmentAsk::kStopStep; break;
    case AssessmentIntent::kNextAthlete: ask = AssessmentAsk::kNextAthlete; break;
  }
  const std::string typed = screens_->assessment_checkin.code();
  run.update(now_s, station_, snapshot, ask, typed);
  if (ask == AssessmentAsk::kSubmitCode) screens_->assessment_checkin.enter();  // the keypad starts empty again
}

AppExit KioskApp::run() {
  const double frame_s = 1.0 / options_.max_fps;
  while (true) {
    const double start_s = options_.clock();
    if (!frame()) break;
    // Pace the loop: a display with vsync already waits in end_frame; Xvfb and headless do not.
    const double left_s = start_s + frame_s - options_.clock();
    if (left_s > 0.0) std::this_thread::sleep_for(std::chrono::duration<double>(left_s));
  }
  if (voice_) voice_->wait_idle();
  return *exit_;
}

}  // namespace runform::kiosk
