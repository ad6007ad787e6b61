// kiosk_bench: the kiosk's render loop against hubs that answer, answer slowly, or not at all
// (acceptance 4: frame time p99), and the cue latency from a frame's capture to the frame that
// draws its cue (acceptance 5: p50, p95). Prints figures; asserts nothing.
//
// The app runs headless (ImGui builds every frame, nothing is rasterised: software OpenGL under
// Xvfb would measure Mesa, not the kiosk) at up to 60 fps over a real station: the synthetic
// runner rendered at 30 fps through the marker model, engine, disk spool and uploader. Capture
// times are stamped on the steady clock as a live camera's are, so latencies are exact.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <imgui.h>

#include <atomic>
#include <csignal>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

#include "camera/steady_clock.h"
#include "camera/synthetic_source.h"
#include "kiosk/kiosk_app.h"
#include "kiosk/live_station_port.h"
#include "services/hub/auth_secrets.h"
#include "services/hub/hub_server.h"
#include "station/demo_runner_source.h"
#include "station/station.h"
#include "tools/camera_setup.h"
#include "ui/null_backend.h"

namespace {

using namespace runform;
namespace fs = std::filesystem;

// A live camera stamps a frame with the clock when it arrives; so does this wrapper around the
// paced synthetic runner (whose own times start at 0).
class LiveClockSource final : public camera::FrameSource {
 public:
  explicit LiveClockSource(std::unique_ptr<camera::SyntheticSource> inner) : inner_(std::move(inner)) {}
  camera::ReadStatus read(camera::CapturedFrame& out) override {
    const camera::ReadStatus status = inner_->read(out);
    out.t_s = camera::steady_now_s();
    if (out.truth) out.truth->t_s = out.t_s;
    return status;
  }
  [[nodiscard]] std::string describe() const override { return inner_->describe(); }
  [[nodiscard]] double fps() const override { return inner_->fps(); }
  [[nodiscard]] bool live() const override { return true; }
  [[nodiscard]] camera::StationLayout station() const { return inner_->station(); }

 private:
  std::unique_ptr<camera::SyntheticSource> inner_;
};

int listen_loopback(int& port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  listen(fd, 64);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

// A hub that never answers: the kernel completes the TCP handshake, nobody ever reads.
struct Blackhole {
  Blackhole() { fd = listen_loopback(port); }
  ~Blackhole() { close(fd); }
  int fd = -1;
  int port = 0;
};

// A hub that answers slowly: every chunk of bytes, both ways, is held `delay` before it is passed on.
class SlowProxy {
 public:
  SlowProxy(int target_port, std::chrono::milliseconds delay) : target_(target_port), delay_(delay) {
    fd_ = listen_loopback(port_);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~SlowProxy() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    acceptor_.join();
    for (int fd : open_) shutdown(fd, SHUT_RDWR);
    for (std::thread& t : pumps_) t.join();
    for (int fd : open_) close(fd);
  }
  [[nodiscard]] int port() const { return port_; }

 private:
  void accept_loop() {
    while (!stop_) {
      const int client = accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      const int server = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      addr.sin_port = htons(static_cast<std::uint16_t>(target_));
      if (connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(client);
        close(server);
        continue;
      }
      open_.push_back(client);
      open_.push_back(server);
      pumps_.emplace_back([this, client, server] { pump(client, server); });
      pumps_.emplace_back([this, client, server] { pump(server, client); });
    }
  }
  void pump(int from, int to) {
    char buffer[65536];
    while (true) {
      const ssize_t n = read(from, buffer, sizeof buffer);
      if (n <= 0) break;
      std::this_thread::sleep_for(delay_);  // the network is slow: that is the point
      if (write(to, buffer, static_cast<std::size_t>(n)) != n) break;
    }
    shutdown(to, SHUT_WR);
  }

  int target_;
  std::chrono::milliseconds delay_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::vector<int> open_;
  std::vector<std::thread> pumps_;
  std::thread acceptor_;
};

struct Scenario {
  std::string name;
  std::string hub;          // empty: none configured
  bool fast_cues = false;   // cue timing shortened so a minute holds many cues (the path is the same)
};

// Runner stands this long (the script calibrates meanwhile), then runs.
constexpr double kStandingS = 10.0;

// The bench kiosk's credential: enrolled on the bench's hub as "kiosk-1" of "treadmill-1" (the
// station's default ids) with a one-time code, as an admin would.
std::string g_kiosk_token;

std::string enrol_bench_kiosk(services::HubServer& hub) {
  const std::string code = services::new_enrolment_code();
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  hub.access().add_enrolment_code({services::secret_hash(code), "treadmill-1", now_ms + 60'000});
  const std::string token = services::new_bearer_token(services::kKioskTokenPrefix);
  services::KioskRow kiosk{"kiosk-1", "", services::secret_hash(token), 0, 0};
  hub.access().enrol_kiosk(services::secret_hash(code), now_ms, kiosk);
  return token;
}

kiosk::KioskStats run_kiosk(const Scenario& scenario, double run_s, const fs::path& work) {
  station::DemoRunner demo;
  demo.running_s = run_s + 30.0;
  demo.fault_onset_fraction = 0.1;
  sim::RenderOptions render;
  render.style.markers = true;  // the generated marker model sees the marker suit
  auto video = std::make_unique<camera::SyntheticSource>(station::demo_session_spec(demo, kStandingS), render, true);
  auto source = std::make_unique<LiveClockSource>(std::move(video));
  const camera::StationLayout layout = source->station();

  station::StationConfig config;
  config.source = std::move(source);
  config.treadmill_zone = layout.treadmill_zone;
  config.rails = layout.rails;
  tools::ModelChoice model{"synthetic-markers", fs::path(RUNFORM_ASSETS_DIR) / "models" / "manifest.toml", work / "models"};
  config.model = station::ModelSetup{tools::resolve_model(model), false, "run deploy/fetch-models.sh"};
  if (!scenario.hub.empty()) config.hub_addresses = {scenario.hub};
  config.kiosk_token = g_kiosk_token;
  config.spool_path = work / (scenario.name + "-spool.db");
  fs::remove(config.spool_path);
  config.assets_dir = RUNFORM_ASSETS_DIR;
  if (scenario.fast_cues) {
    config.engine.cue_timing.enter_s = 0.5;
    config.engine.cue_timing.exit_s = 0.5;
    config.engine.cue_timing.cooldown_s = 2.0;
    config.engine.cue_timing.min_interval_s = 1.0;
    config.engine.cue_timing.max_show_s = 1.5;
    config.engine.cue_timing.positive_show_s = 0.5;
  }
  station::Station station(std::move(config));
  kiosk::LiveStationPort port(station);

  ImGui::CreateContext();
  kiosk::KioskStats stats;
  {
    auto backend = ui::make_null_backend(1920, 1080);
    kiosk::AppOptions options;
    std::ostringstream script;
    script << "tap Start\ntap Run as a guest\nawait setup 30\ntap Start calibration\nawait running 60\nwait " << run_s
           << "\ntap Finish\nawait summary\nwait 3\nquit\n";
    std::istringstream in(script.str());
    options.script = kiosk::parse_script(in, "bench");
    options.clock = camera::steady_now_s;
    kiosk::KioskApp app(*backend, port, options);
    const kiosk::AppExit exit = app.run();
    if (exit != kiosk::AppExit::kScriptDone) std::cerr << "  (script: " << app.script_error() << ")\n";
    stats = app.stats();
    const station::StationSnapshot last = station.snapshot();
    std::printf("  station: inference p50 %.1f ms, p95 %.1f ms; camera→engine p50 %.1f ms, p95 %.1f ms; "
                "%llu frames recorded, %llu acknowledged\n",
                last.camera.pipeline.inference.p50_ms, last.camera.pipeline.inference.p95_ms,
                last.camera.pipeline.end_to_end.p50_ms, last.camera.pipeline.end_to_end.p95_ms,
                static_cast<unsigned long long>(last.upload.recorded_frames),
                static_cast<unsigned long long>(last.upload.acked_frames));
  }
  ImGui::DestroyContext();
  return stats;
}

}  // namespace

int main(int argc, char** argv) {
  double run_s = 60.0;
  if (argc > 1) run_s = std::atof(argv[1]);
  std::signal(SIGPIPE, SIG_IGN);  // the slow proxy writes to sockets the other side may close
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const fs::path work = fs::temp_directory_path() / ("runform_kiosk_bench_" + std::to_string(getpid()));
  fs::create_directories(work);

  services::HubOptions hub_options;
  hub_options.address = "127.0.0.1:0";
  hub_options.insecure_loopback = true;  // plaintext on loopback: the bench measures the UI, not TLS
  hub_options.store = "sqlite:" + (work / "hub.db").string();
  services::HubServer hub(hub_options);
  g_kiosk_token = enrol_bench_kiosk(hub);
  SlowProxy slow(hub.port(), std::chrono::milliseconds(500));
  Blackhole blackhole;

  const std::vector<Scenario> scenarios{
      {"hub-up", "127.0.0.1:" + std::to_string(hub.port())},
      {"hub-slow-500ms", "127.0.0.1:" + std::to_string(slow.port())},
      {"hub-blackholed", "127.0.0.1:" + std::to_string(blackhole.port)},
      {"hub-refusing", "127.0.0.1:1"},
      {"cue-latency (hub up, cue timing shortened)", "127.0.0.1:" + std::to_string(hub.port()), true},
  };
  std::printf("kiosk_bench: %.0f s of running per scenario, headless 1920x1080, loop capped at 60 fps\n", run_s);
  for (const Scenario& s : scenarios) {
    std::printf("\n== %s ==\n", s.name.c_str());
    const kiosk::KioskStats stats = run_kiosk(s, run_s, work);
    std::printf("%s", stats.report(0).substr(stats.report(0).find('\n') + 1).c_str());
    std::printf("  frames: %zu\n", stats.frames);
  }
  hub.shutdown();
  fs::remove_all(work);
  return 0;
}
