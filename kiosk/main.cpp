// runform-kiosk: the treadmill station's screen. See kiosk_options.h for the flags and
// kiosk_app.h for the loop; the station core (camera, engine, spool, upload) is station/.
#include <imgui.h>

#include <cstdlib>
#include <iostream>

#include "camera/dnn_pose_estimator.h"
#include "camera/frame_source.h"
#include "form/cue_catalog.h"
#include "kiosk/kiosk_app.h"
#include "kiosk/kiosk_options.h"
#include "kiosk/live_station_port.h"
#include "services/client/assessment_client.h"
#include "services/client/hub_channel.h"
#include "services/client/kiosk_credential.h"
#include "services/client/station_uplink.h"
#include "station/background_desk.h"
#include "station/station.h"
#include "tools/camera_setup.h"
#include "tools/model_cache.h"
#include "tools/model_manifest.h"
#include "ui/glfw_opengl3_backend.h"
#include "ui/null_backend.h"

namespace {

using namespace runform;

// The marker model generated on first use; it sees only the synthetic runner.
constexpr const char* kDemoModel = "synthetic-markers";

std::filesystem::path assets_dir() {
  if (const char* env = std::getenv("RUNFORM_ASSETS")) return env;
  return RUNFORM_ASSETS_DIR;
}

// The same folder deploy/fetch-models.sh installs into and `runform` reads
// ($RUNFORM_MODELS, else the user's cache folder): tools/model_cache.h.
std::filesystem::path models_dir(const kiosk::KioskSettings& s) {
  return s.models_dir ? *s.models_dir : tools::default_models_dir();
}

form::View view_of(const std::string& view) {
  if (view == "front") return form::View::kFront;
  if (view == "side") return form::View::kSide;
  return form::View::kAuto;
}

// The pose model, or nothing when it is not installed (the setup check then says what to run).
std::optional<station::ModelSetup> model_setup(const kiosk::KioskSettings& s, const std::string& name) {
  tools::ModelChoice choice{name, assets_dir() / "models" / "manifest.toml", models_dir(s)};
  try {
    station::ModelSetup setup;
    setup.spec = tools::resolve_model(choice);
    setup.trained = name != kDemoModel;
    setup.install_hint = "run deploy/fetch-models.sh " + std::string(name == kDemoModel ? "movenet-lightning" : name);
    return setup;
  } catch (const std::exception& e) {
    std::cerr << "runform-kiosk: " << e.what() << "\n";
    return std::nullopt;
  }
}

station::StationConfig station_config(const kiosk::KioskSettings& s, const std::string& kiosk_token) {
  station::StationConfig c;
  if (s.demo) {
    station::DemoRunner demo;
    demo.view = s.view == "side" ? form::View::kSide : form::View::kFront;
    demo.running_s = s.demo_minutes * 60.0;
    c.demo = demo;
    c.model = model_setup(s, kDemoModel);
  } else {
    c.source_spec = s.camera;
    c.model = model_setup(s, s.model);
  }
  if (s.zone) c.treadmill_zone = cv::Rect2d((*s.zone)[0], (*s.zone)[1], (*s.zone)[2], (*s.zone)[3]);
  for (const auto& r : s.rails) c.rails.push_back({form::Vec2{r[0], r[1]}, form::Vec2{r[2], r[3]}});
  c.hub_addresses = s.hubs;
  c.hub_ca_file = s.hub_ca;
  c.kiosk_token = kiosk_token;
  c.spool_path = s.spool;
  c.kiosk_id = s.kiosk_id;
  c.station_id = s.station_id;
  c.assets_dir = assets_dir();
  c.engine.view = view_of(s.view);
  c.engine.height_cm = s.height_cm;
  return c;
}

int run(const kiosk::KioskSettings& s, const std::string& kiosk_token) {
  const form::CoachingCatalog catalog = form::load_coaching_catalog(assets_dir().string());
  station::Station station(station_config(s, kiosk_token));
  kiosk::LiveStationPort port(station);

  ImGui::CreateContext();
  int status = 0;
  {
    std::unique_ptr<ui::Backend> backend =
        s.headless ? ui::make_null_backend(s.width_px, s.height_px)
                   : ui::make_glfw_opengl3_backend({"RunForm", s.width_px, s.height_px, s.fullscreen, true});
    kiosk::AppOptions options;
    options.screenshot_dir = s.screenshot_dir;
    options.exit_after_s = s.exit_after_s;
    if (s.script) options.script = kiosk::load_script(*s.script);
    if (s.voice) options.voice = kiosk::VoiceOptions{true, s.cue_language, 150, "espeak-ng"};
    options.cues = catalog.cues;
    // A group assessment: the hub's protocol for this station, with the kiosk's own credential.
    std::unique_ptr<services::AssessmentClient> assessments;
    std::unique_ptr<kiosk::AssessmentRun> assessment;
    if (!s.assessment_id.empty()) {
      assessments = std::make_unique<services::AssessmentClient>(
          services::make_hub_channel(s.hubs.front(), {s.hub_ca, "", kiosk_token}));
      const services::AssessmentInfo info = assessments->assessment(s.assessment_id);
      assessment = std::make_unique<kiosk::AssessmentRun>(
          // Hub calls on the desk's own thread: a hub that is away never freezes the screen.
          std::make_unique<station::AssessmentGuide>(std::make_unique<station::BackgroundDesk>(
              station::make_client_desk(*assessments, s.assessment_id, s.station_id))),
          info.name + " · " + info.date, [] { return station::system_now_unix_ms(); });
      options.assessment = assessment.get();
      std::cout << "runform-kiosk: assessment '" << info.name << "' (" << info.date << "), "
                << info.protocol.steps.size() << " steps, at station '" << s.station_id << "'\n";
    }
    kiosk::KioskApp app(*backend, port, options);
    const double started_s = camera::steady_now_s();
    const kiosk::AppExit exit = app.run();
    if (s.stats) std::cout << app.stats().report(camera::steady_now_s() - started_s);
    for (const auto& file : app.screenshots()) std::cout << "runform-kiosk: screenshot " << file.string() << "\n";
    if (exit == kiosk::AppExit::kScriptFailed) {
      std::cerr << "runform-kiosk: " << app.script_error() << "\n";
      status = 3;
    }
    if (const kiosk::CueVoice* voice = app.voice(); voice != nullptr && voice->failures() > 0) {
      std::cerr << "runform-kiosk: " << voice->failures() << " cue(s) could not be spoken: " << voice->last_error() << "\n";
    }
  }
  ImGui::DestroyContext();
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  kiosk::KioskSettings settings;
  try {
    settings = kiosk::parse_kiosk_args(argc, argv);
  } catch (const kiosk::UsageError& e) {
    std::cerr << "runform-kiosk: " << e.what() << "\n";
    return 2;
  }
  if (settings.help) {
    std::cout << kiosk::kiosk_usage();
    return 0;
  }
  // The kiosk's credential: enrolled once with an admin's code (kept in the token file, 0600),
  // then read from there on every start. The station it uploads as is the one the code was for.
  std::string kiosk_token;
  if (!settings.hubs.empty()) {
    try {
      if (!settings.enrolment_code.empty()) {
        const auto credential = services::enrol_kiosk(settings.hubs.front(), settings.hub_ca,
                                                      settings.enrolment_code, settings.kiosk_id);
        services::save_kiosk_credential(settings.token_file, credential);
        std::cout << "runform-kiosk: enrolled as kiosk '" << credential.kiosk_id << "' of station '"
                  << credential.station_id << "'; credential kept in " << settings.token_file.string() << "\n";
      }
      // The kiosk and station ids are the credential's: the hub refuses any other.
      const auto credential = services::load_kiosk_credential(settings.token_file);
      kiosk_token = credential.kiosk_token;
      settings.kiosk_id = credential.kiosk_id;
      settings.station_id = credential.station_id;
    } catch (const services::CredentialError& e) {
      std::cerr << "runform-kiosk: " << e.what() << "\n";
      return 2;
    }
  }
  try {
    return run(settings, kiosk_token);
  } catch (const std::exception& e) {
    std::cerr << "runform-kiosk: " << e.what() << "\n";
    return 1;
  }
}
