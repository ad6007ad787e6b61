// `runform record`: one session through the station core (camera → pose → tracker → form engine
// → disk spool → hub), optionally written as a landmark track too. It says what the camera is
// doing on any output (a terminal gets a redrawn line, a log gets a line per change), stops at a
// wall-clock --duration, and gives up with a clear message when no frame arrives in time.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "form/landmarks.h"
#include "tools/camera_setup.h"

namespace runform::tools {

/// What `record` was asked to do.
struct StationRecordOptions {
  std::string camera;                   ///< source spec
  std::string out;                      ///< track file (.jsonl); empty: none
  std::vector<std::string> hubs;        ///< HOST:PORT; empty: no upload
  std::string hub_ca;                   ///< the club CA (TLS); empty: plaintext, loopback hubs only
  std::string kiosk_token;              ///< the enrolled kiosk's credential for uploads
  std::filesystem::path spool;          ///< the disk spool (used when a hub is given)
  std::string athlete;                  ///< athlete code; empty: a guest session
  ModelChoice model;
  StationChoice station;
  form::View view = form::View::kAuto;
  double duration_s = 0.0;              ///< wall-clock limit, and the most camera time the track holds; 0: until Ctrl-C or the source ends
  double camera_timeout_s = 10.0;       ///< no frame for this long: give up
  double upload_timeout_s = 30.0;       ///< after recording, wait this long for the hub
  double calibration_s = 3.0;           ///< standing calibration before the run
  std::string assets;
  std::string kiosk_id = "cli";
  std::string station_id = "cli";
};

/// The default spool: $XDG_STATE_HOME/runform/spool.db (or ~/.local/state/runform/spool.db).
std::filesystem::path default_spool_path();

/// Records one session. Returns 0 when recorded (and uploaded, or kept in the spool for later),
/// 1 when no frame came from the camera in time or the hub refused the session.
/// `interrupted` is polled (Ctrl-C); status lines go to `status` (redrawn when `terminal`).
int run_station_record(const StationRecordOptions& options, const std::function<bool()>& interrupted,
                       std::ostream& status, bool terminal);

}  // namespace runform::tools
