// station_driver: a kiosk without a screen, for the restart test. It runs one guest session
// from a seeded simulated camera through the station core, recording into the disk spool and
// uploading to the hub, until it is killed. With --finish it ends the session when the camera
// runs out and exits 0 once every session in the spool (earlier, interrupted ones included)
// reached the hub, 1 if that takes longer than --upload-timeout.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "station/station.h"
#include "support/station_sources.h"

namespace {

constexpr std::size_t kCalibrationFrames = 100;  // ≈ 3.3 s of standing at 30 fps

int usage() {
  std::fprintf(stderr, "usage: station_driver --spool PATH --hub HOST:PORT --kiosk-token TOKEN --seed N [--finish] [--interval-s S]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace runform;
  std::string spool, hub, kiosk_token;
  unsigned seed = 1;
  bool finish = false;
  double interval_s = 0.002;
  double upload_timeout_s = 60.0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--spool" && has_value) spool = argv[++i];
    else if (arg == "--hub" && has_value) hub = argv[++i];
    else if (arg == "--kiosk-token" && has_value) kiosk_token = argv[++i];
    else if (arg == "--seed" && has_value) seed = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    else if (arg == "--interval-s" && has_value) interval_s = std::strtod(argv[++i], nullptr);
    else if (arg == "--upload-timeout" && has_value) upload_timeout_s = std::strtod(argv[++i], nullptr);
    else if (arg == "--finish") finish = true;
    else return usage();
  }
  if (spool.empty() || hub.empty()) return usage();

  testing::TrackCamera camera(testing::station_session(30.0, 4.0, seed), interval_s);
  camera.allow_all();
  station::StationConfig config;
  config.source = camera.source();
  config.estimator = camera.estimator();
  config.model = station::ModelSetup{};
  config.model->trained = true;
  config.spool_path = spool;
  config.hub_addresses = {hub};
  config.kiosk_token = kiosk_token;
  config.assets_dir = RUNFORM_ASSETS_DIR;
  config.kiosk_id = "kiosk-restart";
  config.station_id = "treadmill-restart";
  station::Station st(std::move(config));
  st.check_in_guest();
  st.start_calibration();
  bool running = false;
  const auto poll = std::chrono::milliseconds(5);
  while (!st.source_ended()) {
    if (!running && st.snapshot().frame_index >= kCalibrationFrames) {
      st.start_running();
      running = true;
    }
    std::this_thread::sleep_for(poll);
  }
  if (!finish) {
    while (true) std::this_thread::sleep_for(std::chrono::seconds(1));  // until killed
  }
  st.finish();
  st.sync();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(upload_timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    st.sync();
    const station::StationSnapshot s = st.snapshot();
    if (s.upload.sessions_pending == 0 && s.spool.backlog_frames == 0) {
      std::printf("%s\n", s.upload.session_id.c_str());
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const station::StationSnapshot s = st.snapshot();
  std::fprintf(stderr, "station_driver: %llu sessions still pending after %.0f s (%s)\n",
               static_cast<unsigned long long>(s.upload.sessions_pending), upload_timeout_s, s.hub.last_error.c_str());
  return 1;
}
