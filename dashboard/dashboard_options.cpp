#include "dashboard/dashboard_options.h"

#include <string_view>

namespace runform::dashboard {

std::string dashboard_usage() {
  return R"(runform-dashboard: the coach dashboard (live wall, athletes, session review, compare, trends, export)

usage: runform-dashboard --hub HOST:PORT (--hub-ca FILE | --insecure-loopback) [options]

  --hub HOST:PORT        the club's hub
  --hub-ca FILE          the club CA certificate (ca.crt from deploy/make-club-certs.sh): TLS
  --hub-name NAME        the name on the hub's certificate, when HOST is an address
  --insecure-loopback    plaintext, for a hub on this machine only
  --user NAME            the account to sign in with (otherwise typed on the sign-in screen)
  --password-file FILE   read the password from FILE (scripts; otherwise typed)
  --token-file FILE      use a token from FILE instead of signing in
  --no-sign-in           the hub has no accounts (a development hub on this machine)
  --export-dir DIR       where CSV, JSON and PDF exports go (default: the current folder)
  --size WxH             window size (default 1600x900)
  --fullscreen           the primary monitor at its own resolution
  --screenshot-dir DIR   a PNG of each panel the first time it has settled, and on F12
  --exit-after SECONDS   quit after this long
  --script FILE          drive the dashboard from a script (tests; see dashboard/dashboard_script.h)
  --headless             no window (tests, benchmarks)
  --stats                print frame times at exit
  --help                 this text

keys: 1-9 panels, / search, space play/pause, [ ] speed, w next worst moment, b bookmark, F12 screenshot, Esc quit
)";
}

DashboardSettings parse_dashboard_args(int argc, const char* const* argv) {
  DashboardSettings s;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UsageError(std::string(a) + " needs a value (see --help)");
      return argv[++i];
    };
    auto seconds = [&](const std::string& text) {
      try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used != text.size() || !(v > 0.0)) throw std::invalid_argument("not positive");
        return v;
      } catch (const std::exception&) {
        throw UsageError(std::string(a) + " wants a number of seconds above 0, got '" + text + "'");
      }
    };
    if (a == "--help" || a == "-h") {
      s.help = true;
    } else if (a == "--hub") {
      s.hub = value();
      if (s.hub.find(':') == std::string::npos) throw UsageError("--hub wants HOST:PORT, got '" + s.hub + "'");
    } else if (a == "--hub-ca") {
      s.hub_ca = value();
    } else if (a == "--hub-name") {
      s.hub_name = value();
    } else if (a == "--insecure-loopback") {
      s.insecure_loopback = true;
    } else if (a == "--user") {
      s.user = value();
    } else if (a == "--password-file") {
      s.password_file = value();
    } else if (a == "--token-file") {
      s.token_file = value();
    } else if (a == "--no-sign-in") {
      s.no_sign_in = true;
    } else if (a == "--export-dir") {
      s.export_dir = value();
    } else if (a == "--size") {
      const std::string v = value();
      const auto x = v.find('x');
      try {
        if (x == std::string::npos) throw std::invalid_argument("no x");
        s.width_px = std::stoi(v.substr(0, x));
        s.height_px = std::stoi(v.substr(x + 1));
        if (s.width_px < 640 || s.height_px < 480) throw std::invalid_argument("small");
      } catch (const std::exception&) {
        throw UsageError("--size wants WIDTHxHEIGHT of at least 640x480, got '" + v + "'");
      }
    } else if (a == "--fullscreen") {
      s.fullscreen = true;
    } else if (a == "--screenshot-dir") {
      s.screenshot_dir = value();
    } else if (a == "--exit-after") {
      s.exit_after_s = seconds(value());
    } else if (a == "--script") {
      s.script = value();
    } else if (a == "--headless") {
      s.headless = true;
    } else if (a == "--stats") {
      s.stats = true;
    } else {
      throw UsageError("unknown option '" + std::string(a) + "' (see --help)");
    }
  }
  if (s.help) return s;
  if (s.hub.empty()) throw UsageError("--hub HOST:PORT is required: the dashboard shows what the club's hub holds");
  if (s.hub_ca.empty() && !s.insecure_loopback) {
    throw UsageError("give --hub-ca FILE (the club CA, for TLS) or, for a hub on this machine, --insecure-loopback");
  }
  if (!s.hub_ca.empty() && s.insecure_loopback) throw UsageError("--hub-ca and --insecure-loopback exclude each other");
  if (s.token_file && (!s.user.empty() || s.password_file)) {
    throw UsageError("--token-file replaces signing in: leave out --user and --password-file");
  }
  return s;
}

}  // namespace runform::dashboard
