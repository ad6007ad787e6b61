// PostgreSQL restarted (crash and recovery) under two running hubs mid-session: both hubs
// recover without being restarted, their kiosks resume, and nothing acknowledged is lost; a
// session's club-wide ownership holds across the restart (or, if another hub took the lapsed
// lock first, the old owner stores nothing more of it); and on an authenticated TLS hub, every
// kind of call (a kiosk's upload, a coach's sign-in, read and live watch) is refused as
// UNAVAILABLE while the database is down and served again soon after it is back. Runs alone
// (RUN_SERIAL): it takes the shared test server away from every other test for a moment.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <limits>
#include <stdexcept>
#include <thread>

#include "runform/v1/access.grpc.pb.h"
#include "runform/v1/coach.grpc.pb.h"

#include "services/client/hub_channel.h"
#include "services/client/kiosk_uploader.h"
#include "services/store/open_store.h"
#include "services/store/access_store.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"
#include "support/hub_process.h"
#include "support/store_backends.h"
#include "support/eventually.h"

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

/// Two hubs on the test server, a kiosk streaming one session to hub A.
class OwnershipAcrossRestart : public ::testing::Test {
 protected:
  void SetUp() override {
    if (scratch_.spec().empty()) GTEST_SKIP() << scratch_.skip_reason();
    work_dir_ = std::filesystem::temp_directory_path() / ("runform-club-locks-" + std::to_string(::getpid()));
    std::filesystem::create_directories(work_dir_ / "a");
    std::filesystem::create_directories(work_dir_ / "b");
    {
      // The kiosk is enrolled in the club's database, so both hubs know its credential.
      const auto access = services::open_access_store(scratch_.spec());
      kiosk_token_ = kiosk_token(*access, "station-1", "kiosk-station-1");
    }
    hub_a_ = std::make_unique<HubProcess>(scratch_.spec(), 0, work_dir_ / "a");
    hub_b_ = std::make_unique<HubProcess>(scratch_.spec(), 0, work_dir_ / "b");
    services::UploaderOptions options;
    options.backoff_initial = std::chrono::milliseconds(20);
    options.backoff_max = std::chrono::milliseconds(200);
    kiosk_ = std::make_unique<services::KioskUploader>(channel_to(*hub_a_), options);
    kiosk_->open(recording_.start);
  }
  void TearDown() override {
    kiosk_.reset();
    hub_a_.reset();
    hub_b_.reset();
    if (!work_dir_.empty() && !HasFailure()) std::filesystem::remove_all(work_dir_);
  }
  [[nodiscard]] std::shared_ptr<grpc::Channel> channel_to(const HubProcess& hub) const {
    return token_channel("127.0.0.1:" + std::to_string(hub.port()), "", kiosk_token_);
  }
  static void restart_database() {
    const std::string restart = std::string(RUNFORM_PG_CONTROL) + " restart " + RUNFORM_PG_NAME + " >/dev/null";
    ASSERT_EQ(std::system(restart.c_str()), 0) << restart;
  }
  v1::FrameRecord frame(std::uint64_t seq) const {
    v1::FrameRecord f = recording_.frames.at(seq - 1);
    f.set_seq(seq);
    return f;
  }
  void add_frames(std::uint64_t first, std::uint64_t last) {
    for (std::uint64_t seq = first; seq <= last; ++seq) ASSERT_EQ(kiosk_->add_frame(id_, frame(seq)), seq);
  }
  void expect_stored_once(std::uint64_t frames) {
    const auto store = services::open_store(scratch_.spec());
    EXPECT_EQ(store->count_frames(id_), frames);
    const auto stored = store->read_frames(id_, 0, std::numeric_limits<std::int64_t>::min(),
                                           std::numeric_limits<std::int64_t>::max(), frames + 1);
    ASSERT_EQ(stored.size(), frames);
    for (std::uint64_t s = 1; s <= frames; ++s) EXPECT_EQ(stored[s - 1].payload, frame(s).SerializeAsString()) << s;
  }

  ScratchStore scratch_{Backend::kPostgres};
  std::filesystem::path work_dir_;
  std::string kiosk_token_;
  std::unique_ptr<HubProcess> hub_a_;
  std::unique_ptr<HubProcess> hub_b_;
  const std::string id_ = "locks-1";
  const services::RecordedSession recording_ = recorded_session(id_, 10.0);
  std::unique_ptr<services::KioskUploader> kiosk_;
};

TEST_F(OwnershipAcrossRestart, TheOwningHubTakesItsLocksBackSoASecondOpenElsewhereIsStillAborted) {
  add_frames(1, 30);
  ASSERT_TRUE(eventually([&] { return kiosk_->acked_seq(id_) >= 30; })) << kiosk_->stats().last_error;
  restart_database();
  // The owner commits again after the restart: it has taken its lock back first.
  add_frames(31, 60);
  ASSERT_TRUE(eventually([&] { return kiosk_->acked_seq(id_) >= 60; })) << kiosk_->stats().last_error;

  // B makes its connections again before using them (pg_live_connection.h); should one fail
  // anyway, the kiosk hears UNAVAILABLE and retries. Then ABORTED.
  grpc::Status refused;
  for (int attempt = 0; attempt < 5; ++attempt) {
    RawIngest on_b(channel_to(*hub_b_));
    EXPECT_EQ(on_b.open(recording_.start), 0U);
    refused = on_b.finish();
    if (refused.error_code() != grpc::StatusCode::UNAVAILABLE) break;
  }
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::ABORTED) << refused.error_message();

  kiosk_->close(id_, recording_.summary, 1'780'000'000'000);
  ASSERT_TRUE(kiosk_->wait_closed(id_, std::chrono::seconds(60))) << kiosk_->stats().last_error;
  expect_stored_once(60);
}

TEST_F(OwnershipAcrossRestart, AHubWhoseLapsedLockAnotherHubTookStoresNothingOfThatSessionUntilItIsFreeAgain) {
  // A second kiosk keeps hub A busy, so A's writer is on a new connection soon after the restart.
  services::KioskUploader busy(channel_to(*hub_a_));
  v1::SessionStart busy_start = recording_.start;
  busy_start.set_session_id("locks-busy");
  busy.open(busy_start);
  add_frames(1, 30);
  ASSERT_TRUE(eventually([&] { return kiosk_->acked_seq(id_) >= 30; })) << kiosk_->stats().last_error;
  restart_database();

  // Before A uses the database again, B is asked to open the session: the restart dropped A's
  // lock, so B gets it (whoever comes first after a restart owns the session). B holds it.
  // (Should B meet a lost connection anyway, the kiosk hears UNAVAILABLE and retries.)
  std::unique_ptr<RawIngest> on_b;
  std::uint64_t resume_at = 0;
  for (int attempt = 0; attempt < 5 && resume_at == 0; ++attempt) {
    on_b = std::make_unique<RawIngest>(channel_to(*hub_b_));
    resume_at = on_b->open(recording_.start);
    if (resume_at == 0) {
      const grpc::Status status = on_b->finish();
      ASSERT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
    }
  }
  ASSERT_EQ(resume_at, 31U);
  for (std::uint64_t seq = 1; seq <= 30; ++seq) busy.add_frame("locks-busy", frame(seq));
  ASSERT_TRUE(eventually([&] { return busy.acked_seq("locks-busy") >= 30; })) << busy.stats().last_error;

  // A's own kiosk goes on with frames that would continue the stored sequence exactly. A finds
  // it no longer owns the session and stores none of them; its stream ends, and the kiosk's
  // reopen through A is refused (ABORTED) while B holds the session.
  add_frames(31, 60);
  ASSERT_TRUE(eventually([&] { return kiosk_->stats().last_error.find("another hub") != std::string::npos; }))
      << kiosk_->stats().last_error;
  EXPECT_EQ(kiosk_->acked_seq(id_), 30U);
  EXPECT_EQ(services::open_store(scratch_.spec())->session(id_)->stored_seq, 30U);

  // B's stream ends: the session is free again, and the kiosk resumes through A after frame 30.
  EXPECT_TRUE(on_b->finish().ok());
  kiosk_->close(id_, recording_.summary, 1'780'000'000'000);
  ASSERT_TRUE(kiosk_->wait_closed(id_, std::chrono::seconds(60))) << kiosk_->stats().last_error;
  expect_stored_once(60);
}

/// Certificates from deploy/make-club-certs.sh naming 127.0.0.1, for a hub served over TLS.
std::filesystem::path club_certs(const std::filesystem::path& dir) {
  const std::string command = std::string(RUNFORM_DEPLOY_DIR) + "/make-club-certs.sh '" + dir.string() +
                              "' --host localhost --ip 127.0.0.1 >/dev/null";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot make certificates: " + command);
  return dir;
}

void control_database(const char* action) {
  const std::string command = std::string(RUNFORM_PG_CONTROL) + " " + action + " " + RUNFORM_PG_NAME + " >/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

/// How soon after the database is back every kind of call must be served again: the hub tries a
/// lost connection again after at most ReconnectBackoff::max (2 s), and a loaded 2-core test
/// machine needs slack on top. A bound for a broken hub, not a pace: the figures are printed.
constexpr auto kServedAgainWithin = std::chrono::seconds(15);

/// Repeats a call while the hub answers UNAVAILABLE (what a client does), within the bound;
/// the last status.
template <typename Call>
grpc::Status retried_while_unavailable(Call call) {
  const auto deadline = std::chrono::steady_clock::now() + kServedAgainWithin;
  grpc::Status status = call();
  while (status.error_code() == grpc::StatusCode::UNAVAILABLE && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling a process we cannot step
    status = call();
  }
  return status;
}

/// One coach's WatchLive stream, read on its own thread: the sequence numbers of one session's
/// frames, until `expected` of them arrived or the stream ended.
class SessionWatch {
 public:
  SessionWatch(const std::shared_ptr<grpc::Channel>& channel, std::string session_id, std::size_t expected)
      : stub_(v1::CoachService::NewStub(channel)), session_id_(std::move(session_id)), expected_(expected) {
    context_.set_deadline(std::chrono::system_clock::now() + kServedAgainWithin * 2);  // a broken hub's bound
    stream_ = stub_->WatchLive(&context_, v1::WatchLiveRequest{});
    stream_->WaitForInitialMetadata();  // registered (or refused)
    reader_ = std::thread([this] { read(); });
  }
  ~SessionWatch() {
    if (!finished_) {
      context_.TryCancel();
      finish();
    }
  }
  /// Waits for the reader to stop; OK once every expected frame came (the watch is then ended by
  /// us), else the hub's status for the stream.
  grpc::Status finish() {
    if (reader_.joinable()) reader_.join();
    const bool complete = seqs.size() >= expected_;
    if (complete) context_.TryCancel();
    const grpc::Status status = stream_->Finish();
    finished_ = true;
    return complete ? grpc::Status::OK : status;
  }

  std::vector<std::uint64_t> seqs;

 private:
  void read() {
    v1::LiveUpdate update;
    while (seqs.size() < expected_ && stream_->Read(&update)) {
      for (const auto& batch : update.frames()) {
        if (batch.session_id() != session_id_) continue;
        for (const auto& f : batch.frames()) seqs.push_back(f.seq());
      }
    }
  }

  std::unique_ptr<v1::CoachService::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::LiveUpdate>> stream_;
  std::string session_id_;
  std::size_t expected_;
  std::thread reader_;
  bool finished_ = false;
};

TEST(AuthenticatedHubAcrossDatabaseOutage, EveryKindOfCallIsUnavailableWhileTheDatabaseIsDownAndServedSoonAfter) {
  ScratchStore scratch(Backend::kPostgres);
  if (scratch.spec().empty()) GTEST_SKIP() << scratch.skip_reason();
  const auto work_dir = std::filesystem::temp_directory_path() / ("runform-club-outage-" + std::to_string(::getpid()));
  std::filesystem::create_directories(work_dir / "hub");
  const auto tls = club_certs(work_dir / "tls");
  const std::string password = "outage password 1";
  std::string kiosk_credential;
  std::string unseen_kiosk_credential;  // never shown to the hub before the outage: its check needs the database
  std::string unseen_coach_token;       // the same for a person's token
  {
    const auto access = services::open_access_store(scratch.spec());
    kiosk_credential = kiosk_token(*access, "station-1", "kiosk-station-1");
    unseen_kiosk_credential = kiosk_token(*access, "station-2", "kiosk-station-2");
    unseen_coach_token = person_token(*access, "coach-outage", v1::ROLE_COACH, password);
    access->assign_athlete("coach-outage", "ath-1");
  }
  HubProcess hub(scratch.spec(), 0, work_dir / "hub", tls);  // the one hub process, up throughout
  const std::string target = "127.0.0.1:" + std::to_string(hub.port());
  const auto channel = [&](const std::string& token) {
    return services::make_hub_channel(target, {(tls / "ca.crt").string(), "", token});
  };
  const services::RecordedSession recording = recorded_session("outage-1", 10.0);
  constexpr std::uint64_t kFrames = 60;
  ASSERT_GE(recording.frames.size(), kFrames);
  const auto frame = [&](std::uint64_t seq) {
    v1::FrameRecord f = recording.frames[seq - 1];
    f.set_seq(seq);
    return f;
  };
  v1::SessionStart other_start = recording.start;  // the unseen kiosk's session
  other_start.set_session_id("outage-2");
  other_start.set_kiosk_id("kiosk-station-2");
  other_start.set_station_id("station-2");

  const auto login = [&](std::string& token) {
    grpc::ClientContext context;
    v1::LoginRequest request;
    request.set_user_name("coach-outage");
    request.set_password(password);
    v1::LoginResponse response;
    const grpc::Status status = v1::AccessService::NewStub(channel(""))->Login(&context, request, &response);
    token = response.token();
    return status;
  };
  const auto list_sessions = [&](const std::string& token, v1::ListSessionsResponse& response) {
    grpc::ClientContext context;
    return v1::CoachService::NewStub(channel(token))->ListSessions(&context, v1::ListSessionsRequest{}, &response);
  };
  const auto open_unseen_kiosk_session = [&]() -> grpc::Status {
    RawIngest ingest(channel(unseen_kiosk_credential));
    if (ingest.open(other_start) == 1) return grpc::Status::OK;
    return ingest.finish();
  };

  // Before: the kiosk streams through the hub.
  services::UploaderOptions options;
  options.backoff_initial = std::chrono::milliseconds(20);
  options.backoff_max = std::chrono::milliseconds(200);
  services::KioskUploader kiosk(channel(kiosk_credential), options);
  kiosk.open(recording.start);
  for (std::uint64_t seq = 1; seq <= 20; ++seq) ASSERT_EQ(kiosk.add_frame("outage-1", frame(seq)), seq);
  ASSERT_TRUE(eventually([&] { return kiosk.acked_seq("outage-1") >= 20; })) << kiosk.stats().last_error;

  control_database("crash");
  // During the outage: each kind of call that needs the database is refused as UNAVAILABLE (the
  // clients retry), not UNIMPLEMENTED (final for a kiosk), not INTERNAL, and nothing hangs.
  std::string token;
  EXPECT_EQ(login(token).error_code(), grpc::StatusCode::UNAVAILABLE);
  v1::ListSessionsResponse listed;
  EXPECT_EQ(list_sessions(unseen_coach_token, listed).error_code(), grpc::StatusCode::UNAVAILABLE);
  {
    SessionWatch refused(channel(unseen_coach_token), "outage-1", 1);
    EXPECT_EQ(refused.finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  }
  EXPECT_EQ(open_unseen_kiosk_session().error_code(), grpc::StatusCode::UNAVAILABLE);
  // The kiosk goes on recording: its frames wait in its spool.
  for (std::uint64_t seq = 21; seq <= 40; ++seq) ASSERT_EQ(kiosk.add_frame("outage-1", frame(seq)), seq);

  control_database("recover");
  const auto back = std::chrono::steady_clock::now();
  const auto ms_since_back = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - back).count();
  };
  // After, on the same hub process: a coach signs in and reads, both kiosks upload, and a watch
  // started now sees the frames that follow.
  ASSERT_TRUE(retried_while_unavailable([&] { return login(token); }).ok());
  const auto login_ms = ms_since_back();
  ASSERT_TRUE(retried_while_unavailable([&] { return list_sessions(token, listed); }).ok());
  const auto read_ms = ms_since_back();
  ASSERT_EQ(listed.sessions_size(), 1);
  EXPECT_EQ(listed.sessions(0).start().session_id(), "outage-1");
  EXPECT_GE(listed.sessions(0).stored_seq(), 20U);
  EXPECT_TRUE(retried_while_unavailable(open_unseen_kiosk_session).ok());
  const auto unseen_kiosk_ms = ms_since_back();
  ASSERT_TRUE(eventually([&] { return kiosk.acked_seq("outage-1") >= 40; }, kServedAgainWithin))
      << kiosk.stats().last_error;
  const auto kiosk_ms = ms_since_back();
  {
    SessionWatch watch(channel(token), "outage-1", kFrames - 40);
    for (std::uint64_t seq = 41; seq <= kFrames; ++seq) ASSERT_EQ(kiosk.add_frame("outage-1", frame(seq)), seq);
    ASSERT_TRUE(watch.finish().ok());
    std::vector<std::uint64_t> expected;
    for (std::uint64_t seq = 41; seq <= kFrames; ++seq) expected.push_back(seq);
    EXPECT_EQ(watch.seqs, expected);
  }
  const auto watch_ms = ms_since_back();
  std::cout << "served again after the database came back: login " << login_ms << " ms, coach read " << read_ms
            << " ms, unseen kiosk's open " << unseen_kiosk_ms << " ms, kiosk's spooled frames acknowledged "
            << kiosk_ms << " ms, live watch with 20 frames " << watch_ms << " ms\n";

  kiosk.close("outage-1", recording.summary, 1'780'000'000'000);
  ASSERT_TRUE(kiosk.wait_closed("outage-1", kServedAgainWithin)) << kiosk.stats().last_error;
  const auto store = services::open_store(scratch.spec());
  const auto stored = store->read_frames("outage-1", 0, std::numeric_limits<std::int64_t>::min(),
                                         std::numeric_limits<std::int64_t>::max(), kFrames + 1);
  ASSERT_EQ(stored.size(), kFrames);
  for (std::uint64_t seq = 1; seq <= kFrames; ++seq) {
    EXPECT_EQ(stored[seq - 1].payload, frame(seq).SerializeAsString()) << seq;
  }
  if (!HasFailure()) std::filesystem::remove_all(work_dir);
}

}  // namespace
}  // namespace runform::testing
