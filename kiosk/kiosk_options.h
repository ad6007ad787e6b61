// runform-kiosk's settings: command-line flags over a station.toml (camera source, treadmill
// zone, rails, hub address, cue language, voice on or off). Parsing is UI-free and tested.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace runform::kiosk {

/// Everything runform-kiosk can be told.
struct KioskSettings {
  // station.toml and flags
  std::string camera = "0";                  ///< [camera] source / --camera
  std::string model = "movenet-lightning";   ///< [camera] model / --model (demo: synthetic-markers)
  std::optional<std::vector<double>> zone;   ///< [camera] zone = [x, y, w, h] / --zone X,Y,W,H (image px)
  std::vector<std::vector<double>> rails;    ///< [camera] rails = [[x1, y1, x2, y2], …] / --rail
  std::string view = "auto";                 ///< [camera] view: front, side or auto
  std::vector<std::string> hubs;             ///< [hub] address (one or a list) / --hub HOST:PORT (repeatable)
  std::string hub_ca;                        ///< [hub] ca / --hub-ca: the club CA (TLS); empty: plaintext, loopback only
  std::filesystem::path token_file = "runform-kiosk.token";  ///< [hub] token_file / --token-file (0600)
  std::string enrolment_code;                ///< --enrolment-code: enrol once, keep the token in token_file
  std::string assessment_id;                 ///< --assessment: run this group assessment (needs --hub)
  std::string station_id = "treadmill-1";    ///< [station] id
  std::string kiosk_id = "kiosk-1";          ///< [station] kiosk_id
  std::filesystem::path spool = "runform-spool.db";  ///< [station] spool / --spool
  std::optional<double> height_cm;           ///< [station] runner_height_cm (for cm units)
  std::string cue_language = "en";           ///< [cues] language (espeak-ng voice)
  bool voice = true;                         ///< [cues] voice / --voice on|off
  // flags only
  std::optional<std::filesystem::path> config;
  bool demo = false;
  double demo_minutes = 10.0;                ///< --demo-minutes: length of the demo run
  bool fullscreen = true;                    ///< --fullscreen (default) / --windowed
  int width_px = 1920;                       ///< --size WxH (windowed)
  int height_px = 1080;
  std::optional<std::filesystem::path> screenshot_dir;
  std::optional<double> exit_after_s;
  std::optional<std::filesystem::path> script;
  bool headless = false;                     ///< --headless: no window (benchmarks, tests)
  bool stats = false;                        ///< --stats: print frame and latency figures at exit
  std::optional<std::filesystem::path> models_dir;
  bool help = false;
};

/// A bad flag or config; the message says which and what is expected (exit code 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The --help text.
std::string kiosk_usage();

/// Parses the flags; reads --config first so flags given on the command line win.
KioskSettings parse_kiosk_args(int argc, const char* const* argv);

/// Applies a station.toml; throws UsageError naming the file, the key and the problem.
void apply_station_toml(const std::filesystem::path& file, KioskSettings& settings);

}  // namespace runform::kiosk
