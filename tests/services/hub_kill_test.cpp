// The durability promise under SIGKILL, on both backends: the hub is killed at random moments
// while three kiosks upload. After every kill, every acknowledged frame is stored exactly once,
// nothing the kiosks did not send is stored, and after the last restart every kiosk resumes and
// completes its session.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <limits>
#include <mutex>
#include <random>
#include <thread>

#include "services/client/hub_channel.h"
#include "services/client/kiosk_uploader.h"
#include "services/store/open_store.h"
#include "support/hub_harness.h"
#include "support/hub_process.h"
#include "support/replay_seed.h"
#include "services/store/access_store.h"
#include "support/access_helpers.h"

namespace runform::testing {
namespace {

constexpr int kRounds = 20;
constexpr const char* kSeedVariable = "RUNFORM_KILL_SEED";  ///< replays a failed run's random choices
constexpr int kKiosks = 3;

// One kiosk: produces frames at a steady pace into its uploader, and remembers exactly what it
// produced so the store can be compared with it byte for byte.
class Kiosk {
 public:
  Kiosk(const std::string& target, const std::string& token, const services::RecordedSession& recording, int index)
      : recording_(recording), id_("kill-session-" + std::to_string(index)) {
    services::UploaderOptions options;
    options.backoff_initial = std::chrono::milliseconds(20);
    options.backoff_max = std::chrono::milliseconds(200);
    uploader_ = std::make_unique<services::KioskUploader>(services::make_hub_channel(target, {"", "", token}), options);
    v1::SessionStart start = recording_.start;
    start.set_session_id(id_);
    start.set_kiosk_id("kill-kiosk-" + std::to_string(index));
    start.set_station_id("station-" + std::to_string(index));
    uploader_->open(start);
    producer_ = std::thread([this] { produce(); });
  }
  ~Kiosk() { stop_producing(); }

  void stop_producing() {
    stop_ = true;
    if (producer_.joinable()) producer_.join();
  }

  const std::string& id() const { return id_; }
  services::KioskUploader& uploader() { return *uploader_; }
  std::uint64_t produced() const {
    const std::lock_guard lock(mutex_);
    return payloads_.size();
  }
  // The encoded frame the kiosk produced with this sequence number.
  std::string payload(std::uint64_t seq) const {
    const std::lock_guard lock(mutex_);
    return payloads_.at(seq - 1);
  }

 private:
  void produce() {
    const auto& frames = recording_.frames;
    std::size_t n = 0;
    while (!stop_) {
      // Loop over the recording with time carried forward, at about 1,500 frames/s.
      v1::FrameRecord f = frames[n % frames.size()];
      f.set_t_us(f.t_us() + static_cast<std::int64_t>(n / frames.size()) * 120'000'000);
      {
        const std::lock_guard lock(mutex_);
        f.set_seq(payloads_.size() + 1);
        payloads_.push_back(f.SerializeAsString());
      }
      const std::uint64_t seq = uploader_->add_frame(id_, f);
      EXPECT_EQ(seq, f.seq());
      ++n;
      if (n % 16 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  const services::RecordedSession& recording_;
  std::string id_;
  std::unique_ptr<services::KioskUploader> uploader_;
  mutable std::mutex mutex_;
  std::vector<std::string> payloads_;
  std::atomic<bool> stop_{false};
  std::thread producer_;
};

// Checks the stored frames of one kiosk's session against what it produced and acknowledged.
void check_store(services::SessionStore& store, const Kiosk& kiosk, std::uint64_t acked, int round) {
  SCOPED_TRACE("round " + std::to_string(round) + ", " + kiosk.id());
  const auto session = store.session(kiosk.id());
  if (!session) {
    EXPECT_EQ(acked, 0U) << "acknowledged frames of a session that is not stored";
    return;
  }
  EXPECT_GE(session->stored_seq, acked) << "an acknowledged frame is missing";
  EXPECT_EQ(store.count_frames(kiosk.id()), session->stored_seq) << "frames stored twice or beyond stored_seq";
  EXPECT_LE(session->stored_seq, kiosk.produced()) << "frames stored that the kiosk never sent";
  std::uint64_t after = 0;
  while (true) {
    const auto page = store.read_frames(kiosk.id(), after, 0, std::numeric_limits<std::int64_t>::max(), 5000);
    for (const auto& f : page) {
      ASSERT_EQ(f.seq, after + 1) << "gap or duplicate in stored sequence";
      ASSERT_EQ(f.payload, kiosk.payload(f.seq)) << "stored frame differs from what the kiosk sent";
      after = f.seq;
    }
    if (page.size() < 5000) break;
  }
  EXPECT_EQ(after, session->stored_seq);
}

// The seed a failed run printed, given back, repeats its random choices (the kill moments).
TEST(KillTestSeed, ComesFromTheEnvironmentWhenGivenAndRefusesGarbage) {
  const char* before = std::getenv(kSeedVariable);
  const std::string saved = before != nullptr ? before : "";
  ::setenv(kSeedVariable, "3141592653", 1);
  EXPECT_EQ(replay_seed(kSeedVariable), 3141592653U);
  std::mt19937 a(replay_seed(kSeedVariable));
  std::mt19937 b(3141592653U);
  EXPECT_EQ(a(), b()) << "the same seed gives the same kill moments";
  ::setenv(kSeedVariable, "12abc", 1);
  try {
    replay_seed(kSeedVariable);
    ADD_FAILURE() << "a seed that is not a number was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("RUNFORM_KILL_SEED='12abc' is not a seed"), std::string::npos) << e.what();
  }
  ::setenv(kSeedVariable, "99999999999", 1);
  EXPECT_THROW(replay_seed(kSeedVariable), std::invalid_argument) << "too large for the generator's seed";
  if (before != nullptr) {
    ::setenv(kSeedVariable, saved.c_str(), 1);
  } else {
    ::unsetenv(kSeedVariable);
  }
}

class HubKillTest : public ::testing::TestWithParam<Backend> {};

TEST_P(HubKillTest, EveryAcknowledgedFrameSurvivesSigkillExactlyOnce) {
  ScratchStore scratch(GetParam());
  if (scratch.spec().empty()) GTEST_SKIP() << scratch.skip_reason();
  const auto work_dir = std::filesystem::temp_directory_path() /
                        ("runform-kill-" + backend_name(GetParam()) + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(work_dir);
  const services::RecordedSession recording = recorded_session("template", 40.0);

  const unsigned seed = replay_seed(kSeedVariable);
  std::mt19937 random(seed);
  std::cout << "kill test seed " << seed << " (replay the kill moments with " << kSeedVariable << "=" << seed
            << "; hub log in " << work_dir << ")\n";
  auto hub = std::make_unique<HubProcess>(scratch.spec(), 0, work_dir);
  const int port = hub->port();
  const std::string target = "127.0.0.1:" + std::to_string(port);

  std::vector<std::unique_ptr<Kiosk>> kiosks;
  std::vector<std::string> tokens;
  {
    const auto access = services::open_access_store(scratch.spec());
    for (int k = 0; k < kKiosks; ++k) {
      tokens.push_back(kiosk_token(*access, "station-" + std::to_string(k), "kill-kiosk-" + std::to_string(k)));
    }
  }
  for (int k = 0; k < kKiosks; ++k) kiosks.push_back(std::make_unique<Kiosk>(target, tokens[k], recording, k));

  std::uint64_t acked_total = 0;
  for (int round = 1; round <= kRounds; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(80, 400)(random)));
    hub->kill_hard();
    hub.reset();
    {
      const auto store = services::open_store(scratch.spec());
      for (const auto& kiosk : kiosks) {
        const std::uint64_t acked = kiosk->uploader().acked_seq(kiosk->id());
        acked_total = std::max(acked_total, acked);
        check_store(*store, *kiosk, acked, round);
      }
    }
    hub = std::make_unique<HubProcess>(scratch.spec(), port, work_dir);
  }

  // Finish: stop producing, close every session, and let the uploads complete.
  for (const auto& kiosk : kiosks) {
    kiosk->stop_producing();
    kiosk->uploader().close(kiosk->id(), recording.summary, 1'780'000'100'000);
  }
  for (const auto& kiosk : kiosks) {
    ASSERT_TRUE(kiosk->uploader().wait_closed(kiosk->id(), std::chrono::seconds(60)))
        << kiosk->uploader().stats().last_error;
  }
  hub->terminate();
  const auto store = services::open_store(scratch.spec());
  std::uint64_t total = 0;
  std::uint64_t fewest_connections = UINT64_MAX;
  for (const auto& kiosk : kiosks) {
    fewest_connections = std::min(fewest_connections, kiosk->uploader().stats().connections);
    check_store(*store, *kiosk, kiosk->produced(), kRounds + 1);
    const auto session = store->session(kiosk->id());
    ASSERT_TRUE(session.has_value());
    EXPECT_TRUE(session->closed);
    EXPECT_EQ(session->stored_seq, kiosk->produced());
    EXPECT_GT(kiosk->uploader().stats().connections, static_cast<std::uint64_t>(kRounds / 2))
        << "the kiosk should have reconnected after the kills";
    total += kiosk->produced();
  }
  std::cout << "kill test: " << kRounds << " SIGKILLs, " << total << " frames from " << kKiosks
            << " kiosks, all stored exactly once; every kiosk connected at least " << fewest_connections
            << " times\n";
  EXPECT_GT(acked_total, 0U);
  std::filesystem::remove_all(work_dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, HubKillTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& param_info) { return backend_name(param_info.param); });

}  // namespace
}  // namespace runform::testing
