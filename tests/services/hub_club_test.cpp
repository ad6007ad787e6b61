// Several hubs on one PostgreSQL database, as a club with two gym floors runs them: two real
// runform-hub processes share one store. A session is owned by one stream club-wide: a second
// open through the other hub is refused at open with ABORTED, and the session is free again
// when its stream ends or its hub dies.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <limits>
#include <filesystem>
#include <thread>

#include "services/client/hub_channel.h"
#include "services/client/kiosk_uploader.h"
#include "services/client/station_uplink.h"
#include "sim/track_simulator.h"
#include "support/sim_harness.h"
#include "services/store/open_store.h"
#include "services/store/access_store.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"
#include "support/hub_process.h"
#include "support/store_backends.h"
#include "support/eventually.h"

namespace runform::testing {
namespace {

/// Bound on how long PostgreSQL may take to notice a killed hub's connection and drop its locks.
constexpr auto kLockReleaseDeadline = std::chrono::seconds(10);

class TwoHubs : public ::testing::Test {
 protected:
  void SetUp() override {
    if (scratch_.spec().empty()) GTEST_SKIP() << scratch_.skip_reason();
    work_dir_ = std::filesystem::temp_directory_path() / ("runform-club-" + std::to_string(::getpid()));
    std::filesystem::create_directories(work_dir_ / "a");
    std::filesystem::create_directories(work_dir_ / "b");
    {
      // The club's accounts and kiosks live in the shared database: both hubs know them.
      const auto access = services::open_access_store(scratch_.spec());
      staff_ = person_token(*access, "staff", v1::ROLE_STAFF);
      kiosk_ = kiosk_token(*access, "station-1", "kiosk-station-1");
    }
    hub_a_ = std::make_unique<HubProcess>(scratch_.spec(), 0, work_dir_ / "a");
    hub_b_ = std::make_unique<HubProcess>(scratch_.spec(), 0, work_dir_ / "b");
  }
  void TearDown() override {
    hub_a_.reset();
    hub_b_.reset();
    if (!work_dir_.empty()) std::filesystem::remove_all(work_dir_);
  }

  std::shared_ptr<grpc::Channel> channel_to(const HubProcess& hub) const {
    return token_channel("127.0.0.1:" + std::to_string(hub.port()), staff_, kiosk_);
  }

  std::string staff_;
  std::string kiosk_;
  ScratchStore scratch_{Backend::kPostgres};
  std::filesystem::path work_dir_;
  std::unique_ptr<HubProcess> hub_a_;
  std::unique_ptr<HubProcess> hub_b_;
  services::RecordedSession session_ = recorded_session("club-1", 10.0);
};

TEST_F(TwoHubs, SecondOpenThroughTheOtherHubIsAbortedAtOpenAndTheFirstStreamGoesOn) {
  RawIngest on_a(channel_to(*hub_a_));
  ASSERT_EQ(on_a.open(session_.start), 1U) << on_a.finish().error_message();
  ASSERT_TRUE(on_a.send_chunk("club-1", numbered(session_, 0, 10, 1)));
  ASSERT_EQ(on_a.await_ack("club-1", 10)->acked_seq(), 10U);

  RawIngest on_b(channel_to(*hub_b_));
  EXPECT_EQ(on_b.open(session_.start), 0U);
  const grpc::Status refused = on_b.finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::ABORTED) << refused.error_message();
  EXPECT_NE(refused.error_message().find("another hub"), std::string::npos) << refused.error_message();

  // The owner was not disturbed: it keeps streaming without a storage failure.
  ASSERT_TRUE(on_a.send_chunk("club-1", numbered(session_, 10, 10, 11)));
  EXPECT_EQ(on_a.await_ack("club-1", 20)->acked_seq(), 20U);
  EXPECT_TRUE(on_a.finish().ok());

  // Once A's stream has ended, B may take the session over and resumes where A stopped.
  RawIngest again_on_b(channel_to(*hub_b_));
  EXPECT_EQ(again_on_b.open(session_.start), 21U);
  ASSERT_TRUE(again_on_b.send_chunk("club-1", numbered(session_, 20, 5, 21)));
  EXPECT_EQ(again_on_b.await_ack("club-1", 25)->acked_seq(), 25U);
  EXPECT_TRUE(again_on_b.finish().ok());
}

TEST_F(TwoHubs, AHubThatDiesReleasesItsSessionsToTheOtherHub) {
  RawIngest on_a(channel_to(*hub_a_));
  ASSERT_EQ(on_a.open(session_.start), 1U) << on_a.finish().error_message();
  ASSERT_TRUE(on_a.send_chunk("club-1", numbered(session_, 0, 30, 1)));
  ASSERT_EQ(on_a.await_ack("club-1", 30)->acked_seq(), 30U);
  hub_a_->kill_hard();

  // PostgreSQL drops the dead hub's locks once it sees the connection close; B's opens are
  // refused (ABORTED) until then and accepted after, resuming after the acknowledged frames.
  std::uint64_t next_seq = 0;
  grpc::Status last;
  int refusals = 0;
  const auto deadline = std::chrono::steady_clock::now() + kLockReleaseDeadline;
  while (next_seq == 0 && std::chrono::steady_clock::now() < deadline) {
    RawIngest on_b(channel_to(*hub_b_));
    next_seq = on_b.open(session_.start);
    if (next_seq != 0) {
      ASSERT_TRUE(on_b.send_chunk("club-1", numbered(session_, 30, 10, 31)));
      EXPECT_EQ(on_b.await_ack("club-1", 40)->acked_seq(), 40U);
      EXPECT_TRUE(on_b.finish().ok());
      break;
    }
    last = on_b.finish();
    ASSERT_EQ(last.error_code(), grpc::StatusCode::ABORTED) << last.error_message();
    ++refusals;
    std::this_thread::yield();
  }
  EXPECT_EQ(next_seq, 31U) << "B never got the session of the killed hub A (" << refusals << " refusals; last: "
                           << last.error_message() << ")";
}

/// A coach's WatchLive stream on one hub, read on its own thread: when each frame of a session
/// arrived, in arrival order.
class LiveWatcher {
 public:
  LiveWatcher(const std::shared_ptr<grpc::Channel>& channel, std::string session_id, std::size_t expected_frames)
      : stub_(v1::CoachService::NewStub(channel)), session_id_(std::move(session_id)), expected_(expected_frames) {
    // A bound for a broken hub, not a pace: the test is over long before it.
    context_.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    stream_ = stub_->WatchLive(&context_, v1::WatchLiveRequest{});
    stream_->WaitForInitialMetadata();  // the hub has registered the watcher
    reader_ = std::thread([this] { read(); });
  }
  ~LiveWatcher() {
    context_.TryCancel();
    if (reader_.joinable()) reader_.join();
    stream_->Finish();
  }
  /// Waits for the reader to have every expected frame (or the stream to end).
  void join() { reader_.join(); }

  std::vector<std::uint64_t> seqs;
  std::vector<std::chrono::steady_clock::time_point> arrived;
  std::uint64_t dropped = 0;

 private:
  void read() {
    v1::LiveUpdate update;
    while (seqs.size() < expected_ && stream_->Read(&update)) {
      const auto now = std::chrono::steady_clock::now();
      dropped = update.dropped_frames();
      for (const auto& batch : update.frames()) {
        if (batch.session_id() != session_id_) continue;
        for (const auto& f : batch.frames()) {
          seqs.push_back(f.seq());
          arrived.push_back(now);
        }
      }
    }
  }

  std::unique_ptr<v1::CoachService::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::LiveUpdate>> stream_;
  std::string session_id_;
  std::size_t expected_;
  std::thread reader_;
};

double percentile_ms(std::vector<double> values, double fraction) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1));
  return values[index];
}

TEST_F(TwoHubs, AWatcherOnTheOtherHubReceivesEveryFrameInOrder) {
  constexpr std::size_t kChunks = 30;
  constexpr std::size_t kChunkFrames = 10;  // a third of a second of a kiosk's frames
  constexpr std::size_t kFrames = kChunks * kChunkFrames;
  const services::RecordedSession session = recorded_session("club-live", 12.0);
  ASSERT_GE(session.frames.size(), kFrames);
  LiveWatcher on_b(channel_to(*hub_b_), "club-live", kFrames);
  LiveWatcher on_a(channel_to(*hub_a_), "club-live", kFrames);

  RawIngest kiosk(channel_to(*hub_a_));
  ASSERT_EQ(kiosk.open(session.start), 1U) << kiosk.finish().error_message();
  std::vector<std::chrono::steady_clock::time_point> sent(kFrames + 1);
  for (std::size_t c = 0; c < kChunks; ++c) {
    const std::uint64_t first = c * kChunkFrames + 1;
    const auto now = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < kChunkFrames; ++i) sent[first + i] = now;
    ASSERT_TRUE(kiosk.send_chunk("club-live", numbered(session, c * kChunkFrames, kChunkFrames, first)));
    ASSERT_EQ(kiosk.await_ack("club-live", first + kChunkFrames - 1)->acked_seq(), first + kChunkFrames - 1);
  }
  on_b.join();
  on_a.join();
  EXPECT_TRUE(kiosk.finish().ok());

  // Every frame, in order, no gap, none twice, none dropped.
  std::vector<std::uint64_t> expected(kFrames);
  for (std::size_t i = 0; i < kFrames; ++i) expected[i] = i + 1;
  EXPECT_EQ(on_b.seqs, expected);
  EXPECT_EQ(on_b.dropped, 0U);
  EXPECT_EQ(on_a.seqs, expected);

  const auto latencies_ms = [&](const LiveWatcher& w) {
    std::vector<double> ms;
    for (std::size_t i = 0; i < w.seqs.size(); ++i) {
      ms.push_back(std::chrono::duration<double, std::milli>(w.arrived[i] - sent[w.seqs[i]]).count());
    }
    return ms;
  };
  const auto cross = latencies_ms(on_b);
  const auto local = latencies_ms(on_a);
  std::cout << "fan-out over " << kFrames << " frames (commit interval 20 ms): cross-hub p50 "
            << percentile_ms(cross, 0.50) << " ms, p99 " << percentile_ms(cross, 0.99) << " ms; same hub p50 "
            << percentile_ms(local, 0.50) << " ms, p99 " << percentile_ms(local, 0.99) << " ms\n";
}

TEST_F(TwoHubs, FailoverUnderFireTheKioskMovesToTheOtherHubAndResumes) {
  constexpr int kRounds = 10;
  constexpr std::uint64_t kFramesBeforeKill = 60;
  constexpr std::uint64_t kFrames = 120;
  constexpr std::uint64_t kAckedBeforeKill = 30;
  const services::RecordedSession recording = recorded_session("failover", 10.0);
  ASSERT_GE(recording.frames.size(), kFrames);
  const int port_a = hub_a_->port();
  const auto store = services::open_store(scratch_.spec());

  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const std::string id = "failover-" + std::to_string(round);
    LiveWatcher on_b(channel_to(*hub_b_), id, kFrames);
    services::UploaderOptions options;
    options.backoff_initial = std::chrono::milliseconds(10);
    options.backoff_max = std::chrono::milliseconds(100);
    // The kiosk knows both hubs, A first; it is on A until A dies.
    services::KioskUploader kiosk(std::vector{channel_to(*hub_a_), channel_to(*hub_b_)}, options);
    v1::SessionStart start = recording.start;
    start.set_session_id(id);
    kiosk.open(start);
    std::vector<std::string> produced;
    const auto add = [&](std::uint64_t seq) {
      v1::FrameRecord f = recording.frames[seq - 1];
      f.set_seq(seq);
      produced.push_back(f.SerializeAsString());
      ASSERT_EQ(kiosk.add_frame(id, f), seq);
    };
    for (std::uint64_t seq = 1; seq <= kFramesBeforeKill; ++seq) add(seq);
    ASSERT_TRUE(eventually([&] { return kiosk.acked_seq(id) >= kAckedBeforeKill; }));
    const std::uint64_t acked_on_a = kiosk.acked_seq(id);
    hub_a_->kill_hard();
    for (std::uint64_t seq = kFramesBeforeKill + 1; seq <= kFrames; ++seq) add(seq);
    kiosk.close(id, recording.summary, 1'780'000'000'000 + round);
    ASSERT_TRUE(kiosk.wait_closed(id, std::chrono::seconds(60))) << kiosk.stats().last_error;
    EXPECT_GE(kiosk.stats().connections, 2U);  // it did move
    EXPECT_EQ(kiosk.stats().hub_index, 1U);
    EXPECT_GE(kiosk.stats().hub_moves, 1U);

    // Every frame stored exactly once, byte for byte.
    EXPECT_EQ(store->count_frames(id), kFrames);
    const auto stored = store->read_frames(id, 0, std::numeric_limits<std::int64_t>::min(),
                                           std::numeric_limits<std::int64_t>::max(), kFrames + 1);
    ASSERT_EQ(stored.size(), kFrames);
    for (std::uint64_t i = 0; i < kFrames; ++i) {
      EXPECT_EQ(stored[i].seq, i + 1);
      EXPECT_EQ(stored[i].payload, produced[i]);
    }
    // The watcher on B saw the whole session: what A committed, then what B took over.
    on_b.join();
    std::vector<std::uint64_t> seen = on_b.seqs;
    std::sort(seen.begin(), seen.end());
    std::vector<std::uint64_t> expected(kFrames);
    for (std::uint64_t i = 0; i < kFrames; ++i) expected[i] = i + 1;
    EXPECT_EQ(seen, expected) << "acked on A before the kill: " << acked_on_a;

    hub_a_ = std::make_unique<HubProcess>(scratch_.spec(), port_a, work_dir_ / "a");  // back for the next round
  }
}

/// Certificates from deploy/make-club-certs.sh naming localhost and 127.0.0.1, made once.
std::filesystem::path club_certs(const std::filesystem::path& dir) {
  const std::string command = std::string(RUNFORM_DEPLOY_DIR) + "/make-club-certs.sh '" + dir.string() +
                              "' --host localhost --ip 127.0.0.1 >/dev/null";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot make certificates: " + command);
  return dir;
}

TEST_F(TwoHubs, AStationListingBothHubsByNameOverTlsMovesToTheSecondWhenTheFirstDiesAndResumes) {
  // Two TLS hubs of the club on one PostgreSQL; the station's config names the first by host
  // name and the second by address, as a club's station.toml would.
  const auto tls = club_certs(work_dir_ / "tls");
  hub_a_ = std::make_unique<HubProcess>(scratch_.spec(), 0, work_dir_ / "a", tls);
  hub_b_ = std::make_unique<HubProcess>(scratch_.spec(), 0, work_dir_ / "b", tls);
  const std::string address_a = "localhost:" + std::to_string(hub_a_->port());
  const std::string address_b = "127.0.0.1:" + std::to_string(hub_b_->port());
  services::UplinkOptions options;
  options.hub_addresses = {address_a, address_b};
  options.hub_ca_file = (tls / "ca.crt").string();
  options.kiosk_token = kiosk_;  // enrolled once, in the club's database: both hubs know it
  options.spool_path = work_dir_ / "spool.db";
  options.backoff_max = std::chrono::milliseconds(100);
  form::EngineConfig engine_config;
  engine_config.view = form::View::kFront;
  services::StationUplink station(options, catalog(), engine_config);

  const sim::SimulatedSession run = sim::simulate(realistic_spec(form::View::kFront, 10.0, 3));
  form::FormEngine engine(engine_config, catalog().cues);
  services::UplinkSession session{"club-station-1", "kiosk-station-1", "station-1", "ath-1", 1'780'000'000'000,
                                  run.header.width_px, run.header.height_px, run.header.fps, "Runner One"};
  station.begin(session);
  const std::size_t half = run.frames.size() / 2;
  for (std::size_t i = 0; i < run.frames.size(); ++i) {
    const form::FrameResult& result = engine.process(run.frames[i]);
    if (i == 30) station.ready(engine);
    ASSERT_TRUE(station.record(run.frames[i], result, engine));
    if (i + 1 != half) continue;
    // On hub A (by name, TLS) until it dies.
    ASSERT_TRUE(eventually([&] { return station.progress(session.session_id).acked >= 30; }))
        << station.status().last_error;
    EXPECT_EQ(station.status().hub_address, address_a);
    hub_a_->kill_hard();
  }
  station.finish(form::summarize(engine, catalog()), 1'780'000'060'000, /*interrupted=*/false);
  ASSERT_TRUE(station.wait_uploaded(session.session_id, std::chrono::seconds(60))) << station.status().last_error;
  EXPECT_EQ(station.status().hub_address, address_b);  // it moved, and resumed there

  const auto store = services::open_store(scratch_.spec());
  const auto stored = store->session(session.session_id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->closed);
  EXPECT_EQ(stored->stored_seq, run.frames.size());
  EXPECT_EQ(store->count_frames(session.session_id), run.frames.size());  // each exactly once
}

}  // namespace
}  // namespace runform::testing
