// The production StationPort: forwards to a station::Station.
#pragma once

#include "kiosk/station_port.h"
#include "station/station.h"

namespace runform::kiosk {

class LiveStationPort final : public StationPort {
 public:
  /// Forwards to `station`, which must outlive this.
  explicit LiveStationPort(station::Station& station) : station_(station) {}
  void check_in(const std::string& athlete_code) override { station_.check_in(athlete_code); }
  void check_in_guest() override { station_.check_in_guest(); }
  void start_calibration() override { station_.start_calibration(); }
  void start_running() override { station_.start_running(); }
  void finish() override { station_.finish(); }
  void cancel() override { station_.cancel(); }
  void reset() override { station_.reset(); }
  void show_demo_badge(const std::string& code) override { station_.show_demo_badge(code); }
  [[nodiscard]] station::StationSnapshot snapshot() const override { return station_.snapshot(); }
  [[nodiscard]] bool source_ended() const override { return station_.source_ended(); }

 private:
  station::Station& station_;
};

}  // namespace runform::kiosk
