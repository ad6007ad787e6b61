// One refused session never stops a kiosk's uploads. Against a real hub over TCP: a kiosk with
// three spooled sessions whose middle one the hub refuses (its id was used by another kiosk, or
// a frame fails the hub's validation) uploads the first and third completely, keeps the second
// on disk marked refused with the hub's words, and after a restart (spool reopened) still does
// not block. A revoked credential pauses every upload and resumes, without a restart, once the
// credential is restored. A hub without the ingest service (UNIMPLEMENTED) loses nothing.
#include <gtest/gtest.h>

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "services/client/hub_refusal.h"
#include "services/client/kiosk_uploader.h"
#include "services/client/sqlite_frame_spool.h"
#include "services/store/sqlite_db.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"
#include "support/eventually.h"

namespace runform::testing {
namespace {

using services::KioskUploader;
using services::RefusalKind;
using services::SqliteFrameSpool;
using services::UploaderOptions;

constexpr std::int64_t kRefusedAtUnixMs = 1'780'000'123'456;  // the injected wall clock
constexpr std::uint64_t kSpoolFrames = 100'000;

UploaderOptions quick_options() {
  UploaderOptions o;
  o.max_chunk_frames = 16;
  o.backoff_initial = std::chrono::milliseconds(5);
  o.backoff_max = std::chrono::milliseconds(20);
  o.refused_retry_interval = std::chrono::milliseconds(20);
  o.wall_clock_ms = [] { return kRefusedAtUnixMs; };
  return o;
}

/// A spool file in the temp folder, removed before and after.
struct SpoolFile {
  explicit SpoolFile(const std::string& name)
      : path(std::filesystem::temp_directory_path() / ("runform-refusal-" + name + "-" + std::to_string(::getpid()) + ".db")) {
    remove();
  }
  ~SpoolFile() { remove(); }
  void remove() const {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
  std::filesystem::path path;
};

/// Puts a whole recorded session into the spool, as a kiosk that recorded it offline left it.
void spool_session(services::FrameSpool& spool, const services::RecordedSession& session) {
  spool.add_session(session.start, true);
  for (v1::FrameRecord frame : session.frames) ASSERT_EQ(spool.append(session.start.session_id(), frame), services::AppendResult::kAppended);
  v1::CloseSession close;
  close.set_session_id(session.start.session_id());
  close.set_last_seq(session.frames.size());
  *close.mutable_summary() = session.summary;
  close.set_ended_unix_ms(session.start.started_unix_ms() + 60'000);
  spool.set_close(close);
}

std::optional<services::SpooledSession> held(const services::FrameSpool& spool, const std::string& id) {
  for (const auto& s : spool.sessions()) {
    if (s.start.session_id() == id) return s;
  }
  return std::nullopt;
}

// --- what a refusal is about ------------------------------------------------------------------

TEST(RefusalKinds, EachStatusIsAnsweredInOneWay) {
  using grpc::StatusCode;
  using services::classify_refusal;
  for (const StatusCode data : {StatusCode::INVALID_ARGUMENT, StatusCode::ALREADY_EXISTS, StatusCode::FAILED_PRECONDITION}) {
    EXPECT_EQ(classify_refusal(data, true), RefusalKind::kSession) << data;
    EXPECT_EQ(classify_refusal(data, false), RefusalKind::kUnattributed) << data;
  }
  EXPECT_EQ(classify_refusal(StatusCode::PERMISSION_DENIED, true), RefusalKind::kSession) << "a session under another kiosk's id";
  EXPECT_EQ(classify_refusal(StatusCode::PERMISSION_DENIED, false), RefusalKind::kCredential);
  EXPECT_EQ(classify_refusal(StatusCode::UNAUTHENTICATED, false), RefusalKind::kCredential);
  EXPECT_EQ(classify_refusal(StatusCode::UNAUTHENTICATED, true), RefusalKind::kCredential);
  EXPECT_EQ(classify_refusal(StatusCode::UNIMPLEMENTED, true), RefusalKind::kHubTooOld) << "never marks a session refused";
  for (const StatusCode passing : {StatusCode::UNAVAILABLE, StatusCode::INTERNAL, StatusCode::ABORTED, StatusCode::OUT_OF_RANGE,
                                   StatusCode::RESOURCE_EXHAUSTED, StatusCode::DEADLINE_EXCEEDED, StatusCode::CANCELLED}) {
    EXPECT_EQ(classify_refusal(passing, true), RefusalKind::kTransient) << passing;
  }
}

// --- the spool keeps a refusal ----------------------------------------------------------------

TEST(SpoolRefusal, KeptAcrossReopenAndAddedToAnOlderSpoolFile) {
  SpoolFile file("migrate");
  {
    // A spool file from before refusals were kept: no refusal columns.
    services::sqlite::Connection db(file.path.string());
    db.exec("CREATE TABLE spool_sessions (session_id TEXT PRIMARY KEY, created_order INTEGER NOT NULL, start BLOB NOT NULL,"
            " ready INTEGER NOT NULL, last_seq INTEGER NOT NULL, acked_seq INTEGER NOT NULL, close BLOB);"
            "CREATE TABLE spool_frames (session_id TEXT NOT NULL, seq INTEGER NOT NULL, record BLOB NOT NULL,"
            " PRIMARY KEY (session_id, seq)) WITHOUT ROWID;");
  }
  const auto session = recorded_session("old-file", 10.0);
  {
    SqliteFrameSpool spool(file.path, kSpoolFrames);
    spool_session(spool, session);
    EXPECT_FALSE(held(spool, "old-file")->refusal.has_value());
    EXPECT_TRUE(spool.set_refused("old-file", {"the hub's words", kRefusedAtUnixMs}));
    EXPECT_FALSE(spool.set_refused("no-such-session", {"x", 1}));
  }
  SqliteFrameSpool reopened(file.path, kSpoolFrames);
  const auto s = held(reopened, "old-file");
  ASSERT_TRUE(s && s->refusal);
  EXPECT_EQ(s->refusal->hub_message, "the hub's words");
  EXPECT_EQ(s->refusal->refused_unix_ms, kRefusedAtUnixMs);
  EXPECT_EQ(reopened.read_all("old-file").size(), session.frames.size()) << "a refused session keeps every frame";
  EXPECT_TRUE(reopened.clear_refused("old-file"));
  EXPECT_FALSE(held(reopened, "old-file")->refusal.has_value());
}

// --- one refused session, against the real hub --------------------------------------------------

enum class MiddleRefusal { kIdTakenByAnotherKiosk, kFrameFailsValidation };

class RefusedSession : public ::testing::TestWithParam<MiddleRefusal> {};

TEST_P(RefusedSession, IsSetAsideAndTheOthersUploadAlsoAfterARestart) {
  HubUnderTest hub(Backend::kSqlite);
  ASSERT_TRUE(hub.available()) << hub.skip_reason();
  SpoolFile file(GetParam() == MiddleRefusal::kIdTakenByAnotherKiosk ? "taken" : "invalid");
  const std::string middle = "middle-1";
  const auto first = recorded_session("first-1", 10.0);
  auto refused = recorded_session(middle, 10.0);
  const auto third = recorded_session("third-1", 10.0);
  std::uint64_t hub_frames_of_middle_before = 0;
  constexpr std::size_t kBadFrameIndex = 40;  // after two chunks of 16 (frames 1..32): part of the session is accepted first
  if (GetParam() == MiddleRefusal::kIdTakenByAnotherKiosk) {
    // Another station's kiosk used the id first.
    const auto theirs = recorded_session(middle, 10.0, form::View::kFront, "ath-1", "station-2");
    KioskUploader other(hub.kiosk_channel("station-2"), quick_options());
    other.open(theirs.start);
    for (const auto& f : theirs.frames) other.add_frame(middle, f);
    other.close(middle, theirs.summary, theirs.start.started_unix_ms() + 60'000);
    ASSERT_TRUE(other.wait_closed(middle, std::chrono::seconds(30))) << other.stats().last_error;
    hub_frames_of_middle_before = hub.hub().store().count_frames(middle);
  } else {
    ASSERT_GT(refused.frames.size(), kBadFrameIndex);
    refused.frames[kBadFrameIndex].set_confidence_q8("abc");  // the hub expects 17 confidence bytes
  }

  {
    SqliteFrameSpool spool(file.path, kSpoolFrames);
    spool_session(spool, first);
    spool_session(spool, refused);
    spool_session(spool, third);
    KioskUploader kiosk(hub.channel(), spool, quick_options());
    ASSERT_TRUE(kiosk.wait_closed("first-1", std::chrono::seconds(30))) << kiosk.stats().last_error;
    ASSERT_TRUE(kiosk.wait_closed("third-1", std::chrono::seconds(30))) << kiosk.stats().last_error;
    EXPECT_FALSE(kiosk.wait_closed(middle, std::chrono::seconds(30)));

    const services::SessionUploadState state = kiosk.session_state(middle);
    EXPECT_TRUE(state.refused);
    const std::string hub_words = GetParam() == MiddleRefusal::kIdTakenByAnotherKiosk ? "belongs to kiosk 'kiosk-station-2'"
                                                                                      : "17 confidence bytes";
    EXPECT_NE(state.error.find(hub_words), std::string::npos) << state.error;
    const services::UploaderStats stats = kiosk.stats();
    EXPECT_EQ(stats.sessions_refused, 1U);
    EXPECT_NE(stats.last_refusal.find(middle), std::string::npos) << stats.last_refusal;
    EXPECT_NE(stats.last_refusal.find(hub_words), std::string::npos) << stats.last_refusal;
    EXPECT_TRUE(stats.paused_reason.empty()) << stats.paused_reason;

    // On disk: only the refused session, every frame of it, marked with the hub's words and time.
    const auto sessions = spool.sessions();
    ASSERT_EQ(sessions.size(), 1U);
    ASSERT_TRUE(sessions[0].refusal.has_value());
    EXPECT_NE(sessions[0].refusal->hub_message.find(hub_words), std::string::npos);
    EXPECT_EQ(sessions[0].refusal->refused_unix_ms, kRefusedAtUnixMs);
    EXPECT_EQ(spool.read_all(middle).size(), refused.frames.size());
    EXPECT_TRUE(sessions[0].close.has_value()) << "its summary is kept too";
  }
  // The hub holds the first and third whole; of the middle, what it had before (the other
  // kiosk's) or what it accepted before the bad frame — never the bad frame or anything after.
  EXPECT_EQ(hub.hub().store().count_frames("first-1"), first.frames.size());
  EXPECT_EQ(hub.hub().store().count_frames("third-1"), third.frames.size());
  EXPECT_TRUE(hub.hub().store().session("first-1")->closed);
  EXPECT_TRUE(hub.hub().store().session("third-1")->closed);
  if (GetParam() == MiddleRefusal::kIdTakenByAnotherKiosk) {
    EXPECT_EQ(hub.hub().store().count_frames(middle), hub_frames_of_middle_before) << "the other kiosk's session is untouched";
    EXPECT_EQ(hub.hub().store().session(middle)->kiosk_id, "kiosk-station-2");
  } else {
    EXPECT_LE(hub.hub().store().count_frames(middle), kBadFrameIndex);
    EXPECT_FALSE(hub.hub().store().session(middle)->closed);
  }

  // A restart: the spool reopened, a new session recorded. The refused one stays aside (it does
  // not block the new one) until staff retry it; a retry the hub refuses again sets it aside again.
  const auto fourth = recorded_session("fourth-1", 10.0);
  SqliteFrameSpool spool(file.path, kSpoolFrames);
  spool_session(spool, fourth);
  KioskUploader kiosk(hub.channel(), spool, quick_options());
  EXPECT_TRUE(kiosk.session_state(middle).refused) << "still set aside after the restart";
  EXPECT_EQ(kiosk.stats().sessions_refused, 1U);
  ASSERT_TRUE(kiosk.wait_closed("fourth-1", std::chrono::seconds(30))) << kiosk.stats().last_error;
  EXPECT_EQ(hub.hub().store().count_frames("fourth-1"), fourth.frames.size());
  EXPECT_TRUE(kiosk.session_state(middle).refused);

  ASSERT_TRUE(kiosk.retry_refused(middle));
  EXPECT_FALSE(held(spool, middle)->refusal.has_value()) << "a retry takes the mark off the spool";
  EXPECT_FALSE(kiosk.retry_refused("fourth-1")) << "only a refused session can be retried";
  EXPECT_FALSE(kiosk.wait_closed(middle, std::chrono::seconds(30)));
  EXPECT_TRUE(kiosk.session_state(middle).refused) << "the hub refused it again: set aside again";
  ASSERT_TRUE(held(spool, middle) && held(spool, middle)->refusal);
  EXPECT_EQ(spool.read_all(middle).size(), refused.frames.size()) << "never silently deleted";
}

INSTANTIATE_TEST_SUITE_P(Middle, RefusedSession,
                         ::testing::Values(MiddleRefusal::kIdTakenByAnotherKiosk, MiddleRefusal::kFrameFailsValidation),
                         [](const auto& p) {
                           return std::string(p.param == MiddleRefusal::kIdTakenByAnotherKiosk ? "IdTakenByAnotherKiosk"
                                                                                               : "FrameFailsValidation");
                         });

// --- the kiosk's credential ---------------------------------------------------------------------

TEST(RefusedCredential, PausesEveryUploadAndResumesWhenRestoredWithoutARestart) {
  HubUnderTest hub(Backend::kSqlite);
  ASSERT_TRUE(hub.available()) << hub.skip_reason();
  const std::string token = hub.kiosk_credential("station-1");
  SpoolFile file("credential");
  SqliteFrameSpool spool(file.path, kSpoolFrames);
  KioskUploader kiosk(token_channel(hub.target(), "", token), spool, quick_options());

  const auto before = recorded_session("before-revoke", 10.0);
  kiosk.open(before.start);
  for (const auto& f : before.frames) kiosk.add_frame("before-revoke", f);
  kiosk.close("before-revoke", before.summary, before.start.started_unix_ms() + 60'000);
  ASSERT_TRUE(kiosk.wait_closed("before-revoke", std::chrono::seconds(30))) << kiosk.stats().last_error;

  ASSERT_TRUE(hub.hub().access().revoke_kiosk("kiosk-station-1", 1'780'000'000'000));
  const auto during = recorded_session("during-revoke", 10.0);
  kiosk.open(during.start);
  for (const auto& f : during.frames) kiosk.add_frame("during-revoke", f);
  kiosk.close("during-revoke", during.summary, during.start.started_unix_ms() + 60'000);
  ASSERT_TRUE(eventually([&] { return kiosk.stats().credential_refused; })) << kiosk.stats().last_error;
  const services::UploaderStats paused = kiosk.stats();
  EXPECT_NE(paused.paused_reason.find("re-enrol"), std::string::npos) << paused.paused_reason;
  EXPECT_EQ(paused.sessions_refused, 0U) << "a credential refusal marks no session refused";
  EXPECT_FALSE(kiosk.session_state("during-revoke").refused);
  EXPECT_EQ(spool.read_all("during-revoke").size(), during.frames.size()) << "everything stays spooled";
  // It keeps asking, slowly: more streams are opened while it is paused.
  const std::uint64_t connections = paused.connections;
  ASSERT_TRUE(eventually([&] { return kiosk.stats().connections >= connections + 2; }));
  EXPECT_FALSE(hub.hub().store().session("during-revoke").has_value());

  // The same credential restored (the kiosk re-enrolled with it): the upload resumes by itself.
  kiosk_token(hub.hub().access(), "station-1", "kiosk-station-1", token);
  ASSERT_TRUE(kiosk.wait_closed("during-revoke", std::chrono::seconds(30))) << kiosk.stats().last_error;
  EXPECT_EQ(hub.hub().store().count_frames("during-revoke"), during.frames.size());
  EXPECT_TRUE(kiosk.stats().paused_reason.empty());
  EXPECT_FALSE(kiosk.stats().credential_refused);
  EXPECT_TRUE(spool.sessions().empty());
}

// --- an older hub -------------------------------------------------------------------------------

// A hub from a release without KioskIngest: every stream ends UNIMPLEMENTED at once.
class HubWithoutIngest final : public v1::KioskIngest::Service {
 public:
  HubWithoutIngest() {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(this);
    server_ = builder.BuildAndStart();
  }
  ~HubWithoutIngest() override { server_->Shutdown(std::chrono::system_clock::now()); }
  grpc::Status Ingest(grpc::ServerContext*, grpc::ServerReaderWriter<v1::IngestResponse, v1::IngestRequest>*) override {
    ++calls_;
    return {grpc::StatusCode::UNIMPLEMENTED, "unknown service runform.v1.KioskIngest"};
  }
  [[nodiscard]] std::string target() const { return "127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] int calls() const { return calls_.load(); }

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  std::atomic<int> calls_{0};
};

TEST(OlderHub, UnimplementedLosesNothingAndTheSessionsUploadToACurrentHub) {
  SpoolFile file("older-hub");
  const auto a = recorded_session("older-a", 10.0);
  const auto b = recorded_session("older-b", 10.0);
  {
    HubWithoutIngest old_hub;
    SqliteFrameSpool spool(file.path, kSpoolFrames);
    spool_session(spool, a);
    spool_session(spool, b);
    KioskUploader kiosk(token_channel(old_hub.target(), "", "any-token"), spool, quick_options());
    ASSERT_TRUE(eventually([&] { return !kiosk.stats().paused_reason.empty(); })) << kiosk.stats().last_error;
    const int calls = old_hub.calls();
    ASSERT_TRUE(eventually([&] { return old_hub.calls() >= calls + 2; })) << "it keeps asking, slowly";
    const services::UploaderStats stats = kiosk.stats();
    EXPECT_NE(stats.paused_reason.find("upgrade the hub"), std::string::npos) << stats.paused_reason;
    EXPECT_FALSE(stats.credential_refused);
    EXPECT_EQ(stats.sessions_refused, 0U);
    EXPECT_FALSE(kiosk.session_state("older-a").refused);
    EXPECT_TRUE(kiosk.session_state("older-a").error.empty());
    for (const auto& s : spool.sessions()) EXPECT_FALSE(s.refusal.has_value()) << s.start.session_id();
  }
  // Nothing was lost: a current hub gets both sessions whole from the same spool.
  HubUnderTest hub(Backend::kSqlite);
  ASSERT_TRUE(hub.available()) << hub.skip_reason();
  SqliteFrameSpool spool(file.path, kSpoolFrames);
  ASSERT_EQ(spool.sessions().size(), 2U);
  KioskUploader kiosk(hub.channel(), spool, quick_options());
  ASSERT_TRUE(kiosk.wait_closed("older-a", std::chrono::seconds(30))) << kiosk.stats().last_error;
  ASSERT_TRUE(kiosk.wait_closed("older-b", std::chrono::seconds(30))) << kiosk.stats().last_error;
  EXPECT_EQ(hub.hub().store().count_frames("older-a"), a.frames.size());
  EXPECT_EQ(hub.hub().store().count_frames("older-b"), b.frames.size());
}

}  // namespace
}  // namespace runform::testing
