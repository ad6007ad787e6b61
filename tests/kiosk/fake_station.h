// A StationPort for kiosk tests: it answers commands the way station::Station does (phase by
// phase) with crafted snapshots — a camera image with a standing figure, scores with one area
// not measurable, a cue, a summary with faults, drift and drills — and records every command.
// Time is whatever the test sets.
#pragma once

#include <string>
#include <vector>

#include "kiosk/station_port.h"

namespace runform::kiosk::testing {

class FakeStation final : public StationPort {
 public:
  FakeStation();
  void check_in(const std::string& athlete_code) override;
  void check_in_guest() override;
  void start_calibration() override;
  void start_running() override;
  void finish() override;
  void cancel() override;
  void reset() override;
  void show_demo_badge(const std::string& code) override;
  [[nodiscard]] station::StationSnapshot snapshot() const override;
  [[nodiscard]] bool source_ended() const override { return ended_; }

  /// Sets the station clock (calibration counts down on it, cues carry it).
  void set_time(double t_s) { now_s_ = t_s; }
  /// Ends the finite source.
  void end_source() { ended_ = true; }
  /// Makes the setup check fail (nobody in the zone) or pass.
  void set_setup_ready(bool ready) { setup_ready_ = ready; }
  /// Every command received, in order ("check_in:4711", "guest", "calibrate", "run", …).
  [[nodiscard]] const std::vector<std::string>& commands() const { return commands_; }
  /// Mutable access to what snapshot() returns beyond the phase logic (tests craft states).
  station::StationSnapshot& base() { return base_; }

 private:
  station::StationSnapshot base_;
  std::vector<std::string> commands_;
  double now_s_ = 0.0;
  double calibration_started_s_ = 0.0;
  double running_started_s_ = 0.0;
  std::string badge_;
  bool ended_ = false;
  bool setup_ready_ = true;
};

/// A crafted end-of-run summary: two faults, a flagged drift, drills, notes, per-minute scores.
form::SessionSummary crafted_summary();

}  // namespace runform::kiosk::testing
