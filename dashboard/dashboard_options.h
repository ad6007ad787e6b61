// runform-dashboard's flags. Parsing is UI-free and tested.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace runform::dashboard {

/// Everything runform-dashboard can be told.
struct DashboardSettings {
  std::string hub;                 ///< --hub HOST:PORT
  std::string hub_ca;              ///< --hub-ca FILE: the club CA (TLS)
  std::string hub_name;            ///< --hub-name NAME: the name on the hub's certificate
  bool insecure_loopback = false;  ///< --insecure-loopback: plaintext to a hub on this machine
  std::string user;                ///< --user NAME: the account to sign in with (asked on screen otherwise)
  std::optional<std::filesystem::path> password_file;  ///< --password-file FILE (scripts, tests)
  std::optional<std::filesystem::path> token_file;     ///< --token-file FILE: an existing token, no sign-in
  bool no_sign_in = false;         ///< --no-sign-in: a hub without accounts (loopback development)
  std::filesystem::path export_dir = ".";  ///< --export-dir DIR: where exports are written
  int width_px = 1600;             ///< --size WxH
  int height_px = 900;
  bool fullscreen = false;
  std::optional<std::filesystem::path> screenshot_dir;
  std::optional<double> exit_after_s;
  std::optional<std::filesystem::path> script;
  bool headless = false;           ///< --headless: no window (benchmarks, tests)
  bool stats = false;              ///< --stats: print frame-time figures at exit
  bool help = false;
};

/// A bad flag; the message says which and what is expected (exit code 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The --help text.
std::string dashboard_usage();

/// Parses the flags.
DashboardSettings parse_dashboard_args(int argc, const char* const* argv);

}  // namespace runform::dashboard
