// PostgreSQL restarted (crash and recovery) under two running hubs mid-session: both hubs
// recover without being restarted, their kiosks resume, and nothing acknowledged is lost. Runs
// alone (RUN_SERIAL): it takes the shared test server away from every other test for a moment.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <thread>

#include "services/client/hub_channel.h"
#include "services/client/kiosk_uploader.h"
#include "services/store/open_store.h"
#include "services/store/access_store.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"
#include "support/hub_process.h"
#include "support/store_backends.h"

namespace runform::testing {
namespace {

TEST(ClubDatabaseRestart, BothHubsRecoverKiosksResumeNothingAcknowledgedIsLost) {
  ScratchStore scratch(Backend::kPostgres);
  if (scratch.spec().empty()) GTEST_SKIP() << scratch.skip_reason();
  const auto work_dir = std::filesystem::temp_directory_path() / ("runform-club-restart-" + std::to_string(::getpid()));
  std::filesystem::create_directories(work_dir / "a");
  std::filesystem::create_directories(work_dir / "b");
  std::vector<std::string> tokens;
  {
    const auto access = services::open_access_store(scratch.spec());
    for (const char* id : {"kiosk-restart-0", "kiosk-restart-1"}) tokens.push_back(kiosk_token(*access, "station-1", id));
  }
  HubProcess hub_a(scratch.spec(), 0, work_dir / "a");
  HubProcess hub_b(scratch.spec(), 0, work_dir / "b");

  constexpr std::uint64_t kFramesBefore = 60;
  constexpr std::uint64_t kFrames = 120;
  const services::RecordedSession recording = recorded_session("restart", 10.0);
  ASSERT_GE(recording.frames.size(), kFrames);
  services::UploaderOptions options;
  options.backoff_initial = std::chrono::milliseconds(20);
  options.backoff_max = std::chrono::milliseconds(200);

  struct Kiosk {
    std::string id;
    std::unique_ptr<services::KioskUploader> uploader;
    std::vector<std::string> produced;
  };
  std::vector<Kiosk> kiosks;
  for (const HubProcess* hub : {&hub_a, &hub_b}) {
    Kiosk k;
    k.id = "restart-" + std::to_string(kiosks.size());
    k.uploader = std::make_unique<services::KioskUploader>(
        services::make_hub_channel("127.0.0.1:" + std::to_string(hub->port()), {"", "", tokens[kiosks.size()]}),
        options);
    v1::SessionStart start = recording.start;
    start.set_session_id(k.id);
    start.set_kiosk_id("kiosk-" + k.id);
    k.uploader->open(start);
    kiosks.push_back(std::move(k));
  }
  const auto add = [&](Kiosk& k, std::uint64_t seq) {
    v1::FrameRecord f = recording.frames[seq - 1];
    f.set_seq(seq);
    k.produced.push_back(f.SerializeAsString());
    ASSERT_EQ(k.uploader->add_frame(k.id, f), seq);
  };
  for (Kiosk& k : kiosks) {
    for (std::uint64_t seq = 1; seq <= kFramesBefore; ++seq) add(k, seq);
  }
  // Mid-session: some frames acknowledged (polled: the hubs are other processes), some not yet.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (Kiosk& k : kiosks) {
    while (k.uploader->acked_seq(k.id) == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_GT(k.uploader->acked_seq(k.id), 0U);
  }
  std::vector<std::uint64_t> acked_before;
  for (Kiosk& k : kiosks) acked_before.push_back(k.uploader->acked_seq(k.id));

  const std::string restart = std::string(RUNFORM_PG_CONTROL) + " restart " + RUNFORM_PG_NAME + " >/dev/null";
  ASSERT_EQ(std::system(restart.c_str()), 0) << restart;

  for (Kiosk& k : kiosks) {
    for (std::uint64_t seq = kFramesBefore + 1; seq <= kFrames; ++seq) add(k, seq);
    k.uploader->close(k.id, recording.summary, 1'780'000'000'000);
  }
  for (Kiosk& k : kiosks) {
    ASSERT_TRUE(k.uploader->wait_closed(k.id, std::chrono::seconds(60))) << k.id << ": "
                                                                          << k.uploader->stats().last_error;
  }
  // The same two hub processes served all of it; the store holds every frame exactly once.
  const auto store = services::open_store(scratch.spec());
  for (std::size_t i = 0; i < kiosks.size(); ++i) {
    const Kiosk& k = kiosks[i];
    EXPECT_EQ(store->count_frames(k.id), kFrames) << k.id;
    const auto stored = store->read_frames(k.id, 0, std::numeric_limits<std::int64_t>::min(),
                                           std::numeric_limits<std::int64_t>::max(), kFrames + 1);
    ASSERT_EQ(stored.size(), kFrames) << k.id;
    for (std::uint64_t s = 0; s < kFrames; ++s) EXPECT_EQ(stored[s].payload, k.produced[s]) << k.id << " seq " << s + 1;
    EXPECT_GE(store->session(k.id)->stored_seq, acked_before[i]);
    EXPECT_TRUE(store->session(k.id)->closed);
  }
  std::filesystem::remove_all(work_dir);
}

}  // namespace
}  // namespace runform::testing
