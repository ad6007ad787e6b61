#include "kiosk/kiosk_flow.h"

#include <algorithm>
#include <array>

namespace runform::kiosk {
namespace {

constexpr std::array<std::pair<Screen, std::string_view>, 6> kNames{{
    {Screen::kAttract, "attract"},
    {Screen::kCheckIn, "checkin"},
    {Screen::kSetup, "setup"},
    {Screen::kCalibration, "calibration"},
    {Screen::kRunning, "running"},
    {Screen::kSummary, "summary"},
}};

}  // namespace

std::string_view to_string(Screen screen) {
  for (const auto& [s, name] : kNames) {
    if (s == screen) return name;
  }
  return "unknown";
}

std::optional<Screen> screen_from_string(std::string_view name) {
  for (const auto& [s, n] : kNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

StationFacts facts_of(const station::StationSnapshot& snapshot, bool source_ended) {
  StationFacts facts;
  facts.phase = snapshot.phase;
  facts.qr_code = snapshot.qr_code;
  facts.setup_ready = snapshot.setup.ready();
  facts.calibration_remaining_s = snapshot.calibration_remaining_s;
  facts.calibrated = snapshot.calibrated;
  facts.runner_found = snapshot.runner_found;
  facts.source_ended = source_ended;
  return facts;
}

KioskFlow::KioskFlow(FlowTiming timing) : timing_(timing) {}

bool KioskFlow::code_valid(std::string_view code) const {
  return code.size() >= timing_.min_code_digits && code.size() <= timing_.max_code_digits &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

double KioskFlow::summary_left_s(double now_s) const {
  if (screen_ != Screen::kSummary) return 0.0;
  return std::max(0.0, timing_.summary_s - (now_s - screen_since_s_));
}

void KioskFlow::go(Screen screen, double now_s) {
  screen_ = screen;
  screen_since_s_ = now_s;
  last_touch_s_ = now_s;
  countdown_done_s_.reset();
  runner_missing_since_s_.reset();
  code_error_.clear();
}

std::vector<Command> KioskFlow::update(double now_s, const StationFacts& facts, const std::optional<Intent>& intent) {
  std::vector<Command> out;
  if (intent) {
    last_touch_s_ = now_s;
    on_intent(now_s, facts, *intent, out);
  }
  on_time(now_s, facts, out);
  return out;
}

void KioskFlow::on_intent(double now_s, const StationFacts& facts, const Intent& intent, std::vector<Command>& out) {
  using K = Intent::Kind;
  switch (screen_) {
    case Screen::kAttract:
      if (intent.kind == K::kStart) go(Screen::kCheckIn, now_s);
      break;
    case Screen::kCheckIn:
      if (intent.kind == K::kSubmitCode) {
        if (!code_valid(intent.code)) {
          code_error_ = "An athlete code has " + std::to_string(timing_.min_code_digits) + " to " +
                        std::to_string(timing_.max_code_digits) + " digits. Check your badge, or run as a guest.";
          break;
        }
        out.push_back({Command::Kind::kCheckIn, intent.code});
        go(Screen::kSetup, now_s);
      } else if (intent.kind == K::kGuest) {
        out.push_back({Command::Kind::kCheckInGuest, {}});
        go(Screen::kSetup, now_s);
      } else if (intent.kind == K::kBack) {
        go(Screen::kAttract, now_s);
      }
      break;
    case Screen::kSetup:
      if (intent.kind == K::kReady && facts.setup_ready) {
        out.push_back({Command::Kind::kStartCalibration, {}});
        go(Screen::kCalibration, now_s);
      } else if (intent.kind == K::kBack) {
        out.push_back({Command::Kind::kCancel, {}});
        go(Screen::kAttract, now_s);
      }
      break;
    case Screen::kCalibration:
      if (intent.kind == K::kBack) {
        out.push_back({Command::Kind::kCancel, {}});
        go(Screen::kAttract, now_s);
      }
      break;
    case Screen::kRunning:
      if (intent.kind == K::kFinish) {
        out.push_back({Command::Kind::kFinish, {}});
        go(Screen::kSummary, now_s);
      }
      break;
    case Screen::kSummary:
      if (intent.kind == K::kDone) {
        out.push_back({Command::Kind::kReset, {}});
        go(Screen::kAttract, now_s);
      }
      break;
  }
}

void KioskFlow::on_time(double now_s, const StationFacts& facts, std::vector<Command>& out) {
  switch (screen_) {
    case Screen::kAttract:
      break;
    case Screen::kCheckIn:
      if (facts.qr_code && code_valid(*facts.qr_code)) {
        out.push_back({Command::Kind::kCheckIn, *facts.qr_code});
        go(Screen::kSetup, now_s);
      } else if (now_s - last_touch_s_ >= timing_.idle_checkin_s) {
        go(Screen::kAttract, now_s);
      }
      break;
    case Screen::kSetup:
      if (now_s - last_touch_s_ >= timing_.idle_checkin_s) {
        out.push_back({Command::Kind::kCancel, {}});
        go(Screen::kAttract, now_s);
      }
      break;
    case Screen::kCalibration: {
      // The station counts down; the run starts once it has a still baseline, or after a grace
      // period without one (then baseline metrics are "not measurable: no standing baseline").
      if (facts.phase != station::Phase::kCalibrating || facts.calibration_remaining_s > 0.0) break;
      if (!countdown_done_s_) countdown_done_s_ = now_s;
      if (facts.calibrated || now_s - *countdown_done_s_ >= timing_.calibration_grace_s) {
        out.push_back({Command::Kind::kStartRunning, {}});
        go(Screen::kRunning, now_s);
      }
      break;
    }
    case Screen::kRunning: {
      if (facts.runner_found) {
        runner_missing_since_s_.reset();
      } else if (!runner_missing_since_s_) {
        runner_missing_since_s_ = now_s;
      }
      const bool gone = runner_missing_since_s_ && now_s - *runner_missing_since_s_ >= timing_.runner_gone_s;
      if (gone || facts.source_ended) {
        out.push_back({Command::Kind::kFinish, {}});
        go(Screen::kSummary, now_s);
      }
      break;
    }
    case Screen::kSummary:
      if (now_s - screen_since_s_ >= timing_.summary_s) {
        out.push_back({Command::Kind::kReset, {}});
        go(Screen::kAttract, now_s);
      }
      break;
  }
}

}  // namespace runform::kiosk
