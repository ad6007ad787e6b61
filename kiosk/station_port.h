// The station as the kiosk app sees it: the commands and the snapshot of station::Station.
// The app talks only to this, so tests can stand a scripted station in (crafted snapshots for
// every screen state) and the real one runs in production (live_station_port.h).
#pragma once

#include <string>

#include "station/station_snapshot.h"

namespace runform::kiosk {

class StationPort {
 public:
  virtual ~StationPort() = default;
  /// See station::Station for each command; none may block.
  virtual void check_in(const std::string& athlete_code) = 0;
  virtual void check_in_guest() = 0;
  virtual void start_calibration() = 0;
  virtual void start_running() = 0;
  virtual void finish() = 0;
  virtual void cancel() = 0;
  virtual void reset() = 0;
  virtual void show_demo_badge(const std::string& code) = 0;
  /// The newest state (cheap; never blocks on work).
  [[nodiscard]] virtual station::StationSnapshot snapshot() const = 0;
  /// True once a finite source delivered its last frame.
  [[nodiscard]] virtual bool source_ended() const = 0;
};

}  // namespace runform::kiosk
