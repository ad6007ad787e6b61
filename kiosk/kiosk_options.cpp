#include "kiosk/kiosk_options.h"

#include <toml++/toml.h>

#include <cstdio>
#include <sstream>
#include <string_view>

namespace runform::kiosk {
namespace {

std::vector<double> numbers(const std::string& text, std::size_t count, const std::string& flag) {
  std::vector<double> out;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    try {
      std::size_t used = 0;
      out.push_back(std::stod(part, &used));
      if (used != part.size()) throw std::invalid_argument(part);
    } catch (const std::exception&) {
      throw UsageError(flag + " wants " + std::to_string(count) + " numbers separated by commas, got '" + text + "'");
    }
  }
  if (out.size() != count) {
    throw UsageError(flag + " wants " + std::to_string(count) + " numbers separated by commas, got '" + text + "'");
  }
  return out;
}

double seconds(const std::string& text, const std::string& flag) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used == text.size() && v > 0.0) return v;
  } catch (const std::exception&) {
  }
  throw UsageError(flag + " wants a positive number, got '" + text + "'");
}

bool on_off(const std::string& text, const std::string& flag) {
  if (text == "on") return true;
  if (text == "off") return false;
  throw UsageError(flag + " wants on or off, got '" + text + "'");
}

void check_view(const std::string& view, const std::string& where) {
  if (view != "front" && view != "side" && view != "auto") {
    throw UsageError(where + " wants front, side or auto, got '" + view + "'");
  }
}

}  // namespace

std::string kiosk_usage() {
  return R"(usage: runform-kiosk [options]
  --config FILE        station.toml: camera source, treadmill zone, rails, hub, cue language, voice
  --demo               the synthetic runner stands in for the camera and develops faults over time
  --demo-minutes M     length of the demo run (default 10)
  --camera SPEC        0, /dev/videoN, rtsp://…, a clip, a folder, synthetic[:side]
  --model NAME         pose model from assets/models/manifest.toml (default movenet-lightning)
  --models-dir DIR     where models live (default $RUNFORM_MODELS or ./models)
  --zone X,Y,W,H       treadmill zone in image pixels        --rail X1,Y1,X2,Y2   a handrail (repeatable)
  --view front|side|auto
  --hub HOST:PORT      the hub to upload to (repeatable: a club's hubs, tried in order; default: record to the spool only)
  --hub-ca FILE        the club CA certificate (ca.crt): TLS to the hubs (without it: plaintext, loopback only)
  --enrolment-code C   enrol this kiosk once with the code an admin issued; the credential goes to --token-file
  --token-file FILE    where this kiosk's credential is kept, owner-only (default runform-kiosk.token)
  --assessment ID      run the group assessment ID (staff create it; this station must take part):
                       badge or code checks athletes in to their next protocol step
  --spool FILE         the disk spool (default runform-spool.db)
  --voice on|off       spoken cues with espeak-ng (default on)
  --fullscreen         the primary monitor (default)    --windowed   a window of --size
  --size WxH           window size (default 1920x1080)
  --screenshot-dir DIR a PNG of each screen the first time it shows, and on F12
  --exit-after S       quit after S seconds
  --script FILE        injected input for tests (see kiosk/input_script.h)
  --headless           no window: run the app logic only (benchmarks)
  --stats              print frame times and latencies at exit
Escape quits.
)";
}

void apply_station_toml(const std::filesystem::path& file, KioskSettings& s) {
  if (!std::filesystem::is_regular_file(file)) {
    throw UsageError("cannot read " + file.string() + ": no such file (see deploy/station.example.toml)");
  }
  toml::table t;
  try {
    t = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << file.string() << ":" << e.source().begin.line;
    throw UsageError(where.str() + ": " + std::string(e.description()));
  } catch (const std::exception& e) {
    throw UsageError("cannot read " + file.string() + ": " + e.what());
  }
  const std::string name = file.string();
  auto fail = [&](const std::string& key, const std::string& want) {
    throw UsageError(name + ": " + key + " must be " + want);
  };
  static constexpr std::string_view kKnown[] = {"station", "camera", "hub", "cues"};
  for (const auto& [key, node] : t) {
    bool known = false;
    for (std::string_view k : kKnown) known = known || key.str() == k;
    if (!known) throw UsageError(name + ": unknown section [" + std::string(key.str()) + "] (station, camera, hub, cues)");
    (void)node;
  }
  if (auto v = t["camera"]["source"]) {
    if (!v.is_string()) fail("[camera] source", "a string");
    s.camera = *v.value<std::string>();
  }
  if (auto v = t["camera"]["model"]) {
    if (!v.is_string()) fail("[camera] model", "a string");
    s.model = *v.value<std::string>();
  }
  if (auto v = t["camera"]["view"]) {
    if (!v.is_string()) fail("[camera] view", "a string");
    s.view = *v.value<std::string>();
    check_view(s.view, name + ": [camera] view");
  }
  if (auto v = t["camera"]["zone"]) {
    const toml::array* a = v.as_array();
    if (a == nullptr || a->size() != 4) fail("[camera] zone", "[x, y, width, height] in image pixels");
    std::vector<double> zone;
    for (const auto& n : *a) {
      if (!n.is_number()) fail("[camera] zone", "[x, y, width, height] in image pixels");
      zone.push_back(*n.value<double>());
    }
    s.zone = zone;
  }
  if (auto v = t["camera"]["rails"]) {
    const toml::array* a = v.as_array();
    if (a == nullptr) fail("[camera] rails", "a list of [x1, y1, x2, y2] lines");
    s.rails.clear();
    for (const auto& line : *a) {
      const toml::array* l = line.as_array();
      if (l == nullptr || l->size() != 4) fail("[camera] rails", "a list of [x1, y1, x2, y2] lines");
      std::vector<double> rail;
      for (const auto& n : *l) {
        if (!n.is_number()) fail("[camera] rails", "a list of [x1, y1, x2, y2] lines");
        rail.push_back(*n.value<double>());
      }
      s.rails.push_back(rail);
    }
  }
  if (auto v = t["hub"]["address"]) {
    // One hub, or the hubs of a club in order of preference (the kiosk moves on when one is down).
    constexpr const char* kWant = "a string HOST:PORT or a list of them";
    s.hubs.clear();
    if (v.is_string()) {
      s.hubs.push_back(*v.value<std::string>());
    } else if (const toml::array* list = v.as_array(); list != nullptr && !list->empty()) {
      for (const auto& item : *list) {
        if (!item.is_string()) fail("[hub] address", kWant);
        s.hubs.push_back(*item.value<std::string>());
      }
    } else {
      fail("[hub] address", kWant);
    }
    for (const std::string& hub : s.hubs) {
      if (hub.find(':') == std::string::npos) fail("[hub] address", std::string(kWant) + " (got '" + hub + "')");
    }
  }
  if (auto v = t["hub"]["ca"]) {
    if (!v.is_string()) fail("[hub] ca", "a file path (the club CA, ca.crt from deploy/make-club-certs.sh)");
    s.hub_ca = *v.value<std::string>();
  }
  if (auto v = t["hub"]["token_file"]) {
    if (!v.is_string()) fail("[hub] token_file", "a file path (where enrolment keeps this kiosk's credential)");
    s.token_file = *v.value<std::string>();
  }
  if (auto v = t["station"]["id"]) {
    if (!v.is_string()) fail("[station] id", "a string");
    s.station_id = *v.value<std::string>();
  }
  if (auto v = t["station"]["kiosk_id"]) {
    if (!v.is_string()) fail("[station] kiosk_id", "a string");
    s.kiosk_id = *v.value<std::string>();
  }
  if (auto v = t["station"]["spool"]) {
    if (!v.is_string()) fail("[station] spool", "a file path");
    s.spool = *v.value<std::string>();
  }
  if (auto v = t["station"]["runner_height_cm"]) {
    if (!v.is_number() || *v.value<double>() <= 0) fail("[station] runner_height_cm", "a positive number");
    s.height_cm = *v.value<double>();
  }
  if (auto v = t["cues"]["language"]) {
    if (!v.is_string()) fail("[cues] language", "an espeak-ng voice such as \"en\"");
    s.cue_language = *v.value<std::string>();
  }
  if (auto v = t["cues"]["voice"]) {
    if (!v.is_boolean()) fail("[cues] voice", "true or false");
    s.voice = *v.value<bool>();
  }
}

KioskSettings parse_kiosk_args(int argc, const char* const* argv) {
  KioskSettings s;
  std::vector<std::string> args(argv + 1, argv + argc);
  // The config first, so that flags override it wherever they stand.
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config") {
      if (i + 1 >= args.size()) throw UsageError("--config wants a station.toml file");
      s.config = args[i + 1];
      apply_station_toml(*s.config, s);
    }
  }
  bool hubs_from_flags = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw UsageError(a + " wants a value (see --help)");
      return args[++i];
    };
    if (a == "--config") {
      ++i;
    } else if (a == "--demo") {
      s.demo = true;
    } else if (a == "--demo-minutes") {
      s.demo_minutes = seconds(value(), a);
    } else if (a == "--camera") {
      s.camera = value();
    } else if (a == "--model") {
      s.model = value();
    } else if (a == "--models-dir") {
      s.models_dir = value();
    } else if (a == "--zone") {
      s.zone = numbers(value(), 4, a);
    } else if (a == "--rail") {
      s.rails.push_back(numbers(value(), 4, a));
    } else if (a == "--view") {
      s.view = value();
      check_view(s.view, a);
    } else if (a == "--hub") {
      if (!hubs_from_flags) s.hubs.clear();  // flags replace the config's hub
      hubs_from_flags = true;
      const std::string& hub = value();
      if (hub.find(':') == std::string::npos) throw UsageError("--hub wants HOST:PORT, got '" + hub + "'");
      s.hubs.push_back(hub);
    } else if (a == "--hub-ca") {
      s.hub_ca = value();
    } else if (a == "--token-file") {
      s.token_file = value();
    } else if (a == "--enrolment-code") {
      s.enrolment_code = value();
    } else if (a == "--assessment") {
      s.assessment_id = value();
    } else if (a == "--spool") {
      s.spool = value();
    } else if (a == "--voice") {
      s.voice = on_off(value(), a);
    } else if (a == "--fullscreen") {
      s.fullscreen = true;
    } else if (a == "--windowed") {
      s.fullscreen = false;
    } else if (a == "--size") {
      const std::string& size = value();
      char x = 0;
      std::istringstream in(size);
      if (!(in >> s.width_px >> x >> s.height_px) || x != 'x' || s.width_px < 320 || s.height_px < 240 || !in.eof()) {
        throw UsageError("--size wants WIDTHxHEIGHT of at least 320x240, e.g. 1280x720; got '" + size + "'");
      }
    } else if (a == "--screenshot-dir") {
      s.screenshot_dir = value();
    } else if (a == "--exit-after") {
      s.exit_after_s = seconds(value(), a);
    } else if (a == "--script") {
      s.script = value();
    } else if (a == "--headless") {
      s.headless = true;
    } else if (a == "--stats") {
      s.stats = true;
    } else if (a == "--help" || a == "-h") {
      s.help = true;
    } else {
      throw UsageError("unknown option '" + a + "' (see --help)");
    }
  }
  if (!s.assessment_id.empty() && s.hubs.empty()) {
    throw UsageError("--assessment needs the hub that holds it: add --hub HOST:PORT");
  }
  return s;
}

}  // namespace runform::kiosk
