// Acceptance 4's promise as a test: with the hub blackholed (TCP accepted, nothing ever
// answered) the kiosk's UI thread never waits on the network. The app runs headless over a real
// station (demo runner, marker model, disk spool, uploader) and draws frames as fast as it can
// until the station has recorded 90 camera frames that the hub never acknowledged; a UI thread
// that waited on the network would have drawn a handful. No time limit is asserted.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <imgui.h>

#include <filesystem>
#include <sstream>

#include "kiosk/kiosk_app.h"
#include "kiosk/live_station_port.h"
#include "station/station.h"
#include "tools/camera_setup.h"
#include "ui/null_backend.h"

namespace runform::kiosk {
namespace {

namespace fs = std::filesystem;

TEST(KioskBlackholedHub, TheUiKeepsDrawingWhileTheHubNeverAnswers) {
  const int hole = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(hole, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(hole, 16), 0);
  socklen_t len = sizeof addr;
  getsockname(hole, reinterpret_cast<sockaddr*>(&addr), &len);

  const fs::path work = fs::temp_directory_path() / ("runform_kiosk_blackhole_" + std::to_string(getpid()));
  fs::create_directories(work);
  station::StationConfig config;
  config.demo = station::DemoRunner{};
  config.model = station::ModelSetup{
      tools::resolve_model({"synthetic-markers", fs::path(RUNFORM_ASSETS_DIR) / "models" / "manifest.toml", work / "models"}),
      false, "run deploy/fetch-models.sh"};
  config.hub_addresses = {"127.0.0.1:" + std::to_string(ntohs(addr.sin_port))};
  config.spool_path = work / "spool.db";
  config.assets_dir = RUNFORM_ASSETS_DIR;
  station::Station station(std::move(config));
  LiveStationPort port(station);

  ImGui::CreateContext();
  {
    auto backend = ui::make_null_backend(1920, 1080);
    std::istringstream script("tap Start\ntap Run as a guest\nawait setup 600\ntap Start calibration\n");
    AppOptions options;
    options.script = parse_script(script, "blackhole");
    KioskApp app(*backend, port, options);
    // Bounded: a UI that never blocks reaches the goal long before this many frames.
    constexpr std::size_t kMaxFrames = 5'000'000;
    constexpr std::uint64_t kRecordedGoal = 90;  // 3 s of camera frames
    std::size_t frames = 0;
    station::StationSnapshot s;
    while (frames < kMaxFrames) {
      ASSERT_TRUE(app.frame()) << app.script_error();
      ++frames;
      s = station.snapshot();
      if (s.upload.recorded_frames >= kRecordedGoal) break;
    }
    ASSERT_GE(s.upload.recorded_frames, kRecordedGoal) << "the station never recorded: " << s.error;
    EXPECT_EQ(s.upload.acked_frames, 0u) << "a blackholed hub acknowledges nothing";
    EXPECT_FALSE(s.hub.online);
    EXPECT_GT(frames, s.upload.recorded_frames) << "the UI drew fewer frames than the camera delivered";
    std::printf("UI frames drawn while %llu frames were recorded and none acknowledged: %zu\n",
                static_cast<unsigned long long>(s.upload.recorded_frames), frames);
  }
  ImGui::DestroyContext();
  close(hole);
  fs::remove_all(work);
}

}  // namespace
}  // namespace runform::kiosk
