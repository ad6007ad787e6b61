// Athlete data rights through a real hub over TCP, on SQLite and PostgreSQL (acceptance 3):
// after an athlete is erased — including a session streaming at that very moment — no query
// returns any trace of them (athletes, sessions under every filter, a session by id, frames,
// series, trends, notes, live, export), the other athletes' data is byte for byte what it was,
// and a kiosk resending the erased session is told it is closed and nothing is stored. The
// export read back equals what the hub holds. Retention purges old frames and keeps summaries,
// and reads of purged frames say so.
#include <gtest/gtest.h>

#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/client_context.h>

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <thread>

#include "runform/v1/athlete_data.grpc.pb.h"
#include "services/client/hub_channel.h"
#include "services/client/kiosk_uploader.h"
#include "services/hub/athlete_data_admin.h"
#include "services/hub/athlete_export_file.h"
#include "services/hub/audit_log.h"
#include "services/hub/hub_config.h"
#include "services/store/unix_time.h"
#include "services/store/access_store.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"
#include "tools/loadgen/child_process.h"

namespace runform::testing {
namespace {

using services::KioskUploader;
using services::RecordedSession;

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kStartedMs = 1'780'000'000'000;  // recorded_session's start time

bool same(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

// Uploads as the enrolled kiosk of the session's station (a kiosk uploads only as itself).
void upload_as_kiosk(HubUnderTest& hub, const RecordedSession& session);

void upload(KioskUploader& uploader, const RecordedSession& session) {
  uploader.open(session.start);
  for (const auto& f : session.frames) uploader.add_frame(session.start.session_id(), f);
  uploader.close(session.start.session_id(), session.summary, session.start.started_unix_ms() + 60'000);
  ASSERT_TRUE(uploader.wait_closed(session.start.session_id(), std::chrono::seconds(30)))
      << uploader.stats().last_error << uploader.stats().paused_reason;
}

void upload_as_kiosk(HubUnderTest& hub, const RecordedSession& session) {
  KioskUploader uploader(hub.kiosk_channel(session.start.station_id()));
  upload(uploader, session);
}

// Everything a coach can read about one session, serialised, for "unchanged" and "no trace".
struct SessionView {
  grpc::Status status;
  v1::SessionInfo info;
  std::vector<v1::FrameRecord> frames;
  grpc::Status frames_status;
  v1::MetricSeries series;
  grpc::Status series_status;
  v1::ListAnnotationsResponse notes;
  grpc::Status notes_status;
};

class Coach {
 public:
  explicit Coach(const HubUnderTest& hub) : Coach(hub.channel()) {}
  explicit Coach(const std::shared_ptr<grpc::Channel>& channel)
      : coach_(v1::CoachService::NewStub(channel)), data_(v1::AthleteDataService::NewStub(channel)) {}

  SessionView view(const std::string& id) {
    SessionView v;
    {
      grpc::ClientContext c;
      v1::GetSessionRequest r;
      r.set_session_id(id);
      v.status = coach_->GetSession(&c, r, &v.info);
    }
    {
      grpc::ClientContext c;
      v1::ReadFramesRequest r;
      r.set_session_id(id);
      auto reader = coach_->ReadFrames(&c, r);
      v1::FrameBatch batch;
      while (reader->Read(&batch)) v.frames.insert(v.frames.end(), batch.frames().begin(), batch.frames().end());
      v.frames_status = reader->Finish();
    }
    {
      grpc::ClientContext c;
      v1::MetricSeriesRequest r;
      r.set_session_id(id);
      r.set_metric(v1::METRIC_SHOULDERS_LEVEL_DEG);
      v.series_status = coach_->GetMetricSeries(&c, r, &v.series);
    }
    {
      grpc::ClientContext c;
      v1::ListAnnotationsRequest r;
      r.set_session_id(id);
      v.notes_status = coach_->ListAnnotations(&c, r, &v.notes);
    }
    return v;
  }

  std::vector<v1::SessionInfo> sessions(const v1::ListSessionsRequest& filter, std::string& bytes_seen) {
    std::vector<v1::SessionInfo> out;
    v1::ListSessionsRequest request = filter;
    while (true) {
      grpc::ClientContext c;
      v1::ListSessionsResponse response;
      const grpc::Status status = coach_->ListSessions(&c, request, &response);
      if (!status.ok()) {
        // A coach asking for an athlete not assigned to them is refused: no trace either.
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
        bytes_seen += status.error_message();
        return out;
      }
      bytes_seen += response.SerializeAsString();
      out.insert(out.end(), response.sessions().begin(), response.sessions().end());
      if (response.next_page_token().empty()) return out;
      request.set_page_token(response.next_page_token());
    }
  }

  v1::ListAthletesResponse athletes() {
    grpc::ClientContext c;
    v1::ListAthletesResponse response;
    EXPECT_TRUE(coach_->ListAthletes(&c, {}, &response).ok());
    return response;
  }

  grpc::Status trend(const std::string& athlete, v1::MetricTrend& trend) {
    grpc::ClientContext c;
    v1::MetricTrendRequest r;
    r.set_athlete_id(athlete);
    r.set_metric(v1::METRIC_SHOULDERS_LEVEL_DEG);
    return coach_->GetMetricTrend(&c, r, &trend);
  }
  v1::MetricTrend trend(const std::string& athlete) {
    v1::MetricTrend out;
    const grpc::Status status = trend(athlete, out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  void annotate(const std::string& id, const std::string& text) {
    grpc::ClientContext c;
    v1::AddAnnotationRequest r;
    r.mutable_annotation()->set_session_id(id);
    r.mutable_annotation()->set_kind(v1::Annotation::KIND_NOTE);
    r.mutable_annotation()->set_t_us(1'000'000);
    r.mutable_annotation()->set_author("coach-a");
    r.mutable_annotation()->set_text(text);
    v1::Annotation out;
    ASSERT_TRUE(coach_->AddAnnotation(&c, r, &out).ok());
  }

  grpc::Status erase(const std::string& athlete, v1::EraseAthleteResponse& response) {
    grpc::ClientContext c;
    v1::EraseAthleteRequest r;
    r.set_athlete_id(athlete);
    return data_->EraseAthlete(&c, r, &response);
  }

  grpc::Status export_athlete(const std::string& athlete, std::vector<v1::ExportChunk>& chunks) {
    grpc::ClientContext c;
    v1::ExportAthleteRequest r;
    r.set_athlete_id(athlete);
    auto reader = data_->ExportAthlete(&c, r);
    v1::ExportChunk chunk;
    while (reader->Read(&chunk)) chunks.push_back(chunk);
    return reader->Finish();
  }

  v1::CoachService::Stub& stub() { return *coach_; }

 private:
  std::unique_ptr<v1::CoachService::Stub> coach_;
  std::unique_ptr<v1::AthleteDataService::Stub> data_;
};

void expect_unchanged(const SessionView& before, const SessionView& after, const std::string& id) {
  EXPECT_TRUE(after.status.ok()) << id;
  EXPECT_TRUE(same(before.info, after.info)) << id;
  ASSERT_EQ(before.frames.size(), after.frames.size()) << id;
  for (std::size_t i = 0; i < before.frames.size(); ++i) ASSERT_TRUE(same(before.frames[i], after.frames[i])) << id;
  EXPECT_TRUE(same(before.series, after.series)) << id;
  EXPECT_TRUE(same(before.notes, after.notes)) << id;
}

class HubAthleteData : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    hub_ = std::make_unique<HubUnderTest>(GetParam());
    if (!hub_->available()) GTEST_SKIP() << hub_->skip_reason();
  }
  std::unique_ptr<HubUnderTest> hub_;
};

TEST_P(HubAthleteData, ErasureLeavesNoTraceOfTheAthleteAndChangesNoOneElse) {
  const std::string ann = "ath-ann";
  const std::string ann_name = "Runner ath-ann";  // recorded_session's display name
  upload_as_kiosk(*hub_, recorded_session("ann-1", 12.0, form::View::kFront, ann, "station-1", 1));
  upload_as_kiosk(*hub_, recorded_session("ann-2", 12.0, form::View::kSide, ann, "station-2", 2));
  upload_as_kiosk(*hub_, recorded_session("bob-1", 12.0, form::View::kFront, "ath-bob", "station-1", 3));
  upload_as_kiosk(*hub_, recorded_session("guest-1", 10.0, form::View::kFront, "", "station-1", 4));
  hub_->hub().access().assign_athlete("coach-ann", ann);
  hub_->hub().access().assign_athlete("coach-bob", "ath-bob");
  Coach coach(*hub_);
  coach.annotate("ann-1", "Ann drops her shoulders well");
  coach.annotate("bob-1", "Bob crosses the midline");
  const SessionView bob_before = coach.view("bob-1");
  const SessionView guest_before = coach.view("guest-1");
  const v1::MetricTrend bob_trend_before = coach.trend("ath-bob");
  ASSERT_GT(bob_before.frames.size(), 300U);
  const std::size_t ann_frames = coach.view("ann-1").frames.size() + coach.view("ann-2").frames.size();
  ASSERT_GT(ann_frames, 600U);

  // A watcher of everything, and a session of Ann streaming right now.
  grpc::ClientContext watch_context;
  auto live = coach.stub().WatchLive(&watch_context, {});
  live->WaitForInitialMetadata();
  const RecordedSession streaming = recorded_session("ann-live", 10.0, form::View::kFront, ann, "station-3", 5);
  RawIngest kiosk(hub_->kiosk_channel("station-3"));
  ASSERT_EQ(kiosk.open(streaming.start), 1U);
  ASSERT_TRUE(kiosk.send_chunk("ann-live", numbered(streaming, 0, 60, 1)));
  ASSERT_TRUE(kiosk.await_ack("ann-live", 60).has_value());
  bool watcher_saw_ann = false;
  v1::LiveUpdate update;
  while (!watcher_saw_ann && live->Read(&update)) {
    for (const auto& s : update.new_sessions()) watcher_saw_ann = watcher_saw_ann || s.session_id() == "ann-live";
  }
  ASSERT_TRUE(watcher_saw_ann);

  v1::EraseAthleteResponse erased;
  const grpc::Status status = coach.erase(ann, erased);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(erased.sessions_erased(), 3U);
  EXPECT_EQ(erased.frames_erased(), ann_frames + 60U);  // the streaming session's 60 included
  EXPECT_EQ(erased.annotations_erased(), 1U);
  EXPECT_EQ(erased.streams_ended(), 1U);
  EXPECT_EQ(erased.erasure_ref().size(), 20U);  // "ref-" + 16 hex
  EXPECT_EQ(erased.erasure_ref().find(ann), std::string::npos);

  // The stream carrying Ann's session was ended with ABORTED, saying why.
  const grpc::Status ended = kiosk.finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::ABORTED) << ended.error_message();
  // The watcher is told the session ended, with nothing of Ann after it.
  bool closed_for_watcher = false;
  while (!closed_for_watcher && live->Read(&update)) {
    for (const auto& id : update.closed_session_ids()) closed_for_watcher = closed_for_watcher || id == "ann-live";
    for (const auto& batch : update.frames()) EXPECT_NE(batch.session_id(), "ann-live");
  }
  EXPECT_TRUE(closed_for_watcher);

  // The kiosk reconnects and resends the erased session: it is told "closed" and drops it.
  {
    RawIngest again(hub_->kiosk_channel("station-3"));
    v1::IngestRequest open;
    *open.mutable_open()->mutable_start() = streaming.start;
    ASSERT_TRUE(again.send(open));
    v1::IngestResponse response;
    ASSERT_TRUE(again.read(response));
    ASSERT_TRUE(response.has_resume());
    EXPECT_TRUE(response.resume().closed());
    EXPECT_TRUE(again.finish().ok());
  }
  {
    // The real uploader with the erased session in its spool drops it and goes on.
    KioskUploader uploader(hub_->kiosk_channel("station-3"));
    uploader.open(streaming.start);
    for (const auto& f : streaming.frames) uploader.add_frame("ann-live", f);
    uploader.close("ann-live", streaming.summary, kStartedMs + 60'000);
    ASSERT_TRUE(uploader.wait_closed("ann-live", std::chrono::seconds(30)));
    EXPECT_EQ(uploader.stats().spooled_frames, 0U);
    upload(uploader, recorded_session("bob-2", 10.0, form::View::kFront, "ath-bob", "station-3", 6));
  }

  // No query from any role returns any trace of Ann: staff, an admin, the coach she was assigned
  // to (the assignment went with her) and another coach. Everything listed is kept and grepped.
  auto& access = hub_->hub().access();
  EXPECT_TRUE(access.assigned_athletes("coach-ann").empty());
  struct Role {
    std::string name;
    std::shared_ptr<grpc::Channel> channel;
    bool may_erase;
  };
  const std::vector<Role> roles = {
      {"staff", hub_->channel(), true},
      {"admin", hub_->channel_with_token(person_token(access, "admin-1", v1::ROLE_ADMIN)), true},
      {"coach of ann", hub_->channel_with_token(person_token(access, "coach-ann", v1::ROLE_COACH)), false},
      {"coach of bob", hub_->channel_with_token(person_token(access, "coach-bob", v1::ROLE_COACH)), false},
  };
  std::string everything_listed;
  std::vector<v1::ListSessionsRequest> filters(8);
  filters[1].set_athlete_id(ann);
  filters[2].set_station_id("station-1");
  filters[3].set_station_id("station-2");
  filters[4].set_station_id("station-3");
  filters[5].set_kiosk_id("kiosk-station-2");
  filters[6].set_started_after_unix_ms(kStartedMs - 1);
  filters[7].set_started_before_unix_ms(kStartedMs + 1);
  filters[7].set_page_size(1);
  for (const Role& role : roles) {
    SCOPED_TRACE(role.name);
    Coach as(role.channel);
    const v1::ListAthletesResponse athletes = as.athletes();
    for (const auto& a : athletes.athletes()) EXPECT_NE(a.athlete_id(), ann);
    everything_listed += athletes.SerializeAsString();
    for (const auto& filter : filters) {
      for (const auto& session : as.sessions(filter, everything_listed)) EXPECT_NE(session.start().athlete_id(), ann);
    }
    EXPECT_TRUE(as.sessions(filters[1], everything_listed).empty());
    for (const char* id : {"ann-1", "ann-2", "ann-live"}) {
      const SessionView v = as.view(id);
      EXPECT_EQ(v.status.error_code(), grpc::StatusCode::NOT_FOUND) << id;
      EXPECT_EQ(v.frames_status.error_code(), grpc::StatusCode::NOT_FOUND) << id;
      EXPECT_TRUE(v.frames.empty()) << id;
      EXPECT_EQ(v.series_status.error_code(), grpc::StatusCode::NOT_FOUND) << id;
      EXPECT_EQ(v.notes.annotations_size(), 0) << id;
      everything_listed += v.notes.SerializeAsString() + v.notes_status.error_message() + v.status.error_message();
    }
    v1::MetricTrend trend;
    as.trend(ann, trend);
    EXPECT_EQ(trend.points_size(), 0);
    std::vector<v1::ExportChunk> chunks;
    const grpc::Status exported = as.export_athlete(ann, chunks);
    EXPECT_EQ(exported.error_code(), role.may_erase ? grpc::StatusCode::NOT_FOUND : grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_TRUE(chunks.empty());
    v1::EraseAthleteResponse again;
    EXPECT_EQ(as.erase(ann, again).error_code(),
              role.may_erase ? grpc::StatusCode::NOT_FOUND : grpc::StatusCode::PERMISSION_DENIED);
  }
  for (const std::string& trace : {ann_name, std::string("Ann drops")}) {
    EXPECT_EQ(everything_listed.find(trace), std::string::npos) << "a reply still says '" << trace << "'";
  }
  EXPECT_EQ(everything_listed.find("ath-ann\""), std::string::npos);

  // The audit log shows the erasure — who, when, a random reference — and nothing about Ann.
  bool erasure_audited = false;
  for (const auto& e : access.list_audit(0, 10'000)) {
    const std::string all = e.actor + " " + e.rpc + " " + e.reference;
    EXPECT_EQ(all.find(ann), std::string::npos) << all;
    EXPECT_EQ(all.find(ann_name), std::string::npos) << all;
    if (e.kind == static_cast<int>(services::AuditKind::kErasure)) {
      erasure_audited = e.reference == erased.erasure_ref() && e.actor == "test-staff" &&
                        e.rpc == "/runform.v1.AthleteDataService/EraseAthlete";
    }
  }
  EXPECT_TRUE(erasure_audited);

  // Everyone else is exactly as before.
  expect_unchanged(bob_before, coach.view("bob-1"), "bob-1");
  expect_unchanged(guest_before, coach.view("guest-1"), "guest-1");
  const v1::MetricTrend bob_trend_after = coach.trend("ath-bob");
  ASSERT_EQ(bob_trend_after.points_size(), bob_trend_before.points_size() + 1);  // + bob-2
  for (int i = 0; i < bob_trend_before.points_size(); ++i) {
    EXPECT_TRUE(same(bob_trend_before.points(i), bob_trend_after.points(i)));
  }
  watch_context.TryCancel();

  // On SQLite, the database files themselves no longer hold Ann's name.
  if (GetParam() == Backend::kSqlite) {
    const std::string path = hub_->store_spec().substr(std::string("sqlite:").size());
    for (const std::string& file : {path, path + "-wal"}) {
      std::ifstream in(file, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      EXPECT_EQ(bytes.find(ann_name), std::string::npos) << file;
      EXPECT_EQ(bytes.find(ann), std::string::npos) << file << " still holds the athlete id";
      EXPECT_EQ(bytes.find("Ann drops"), std::string::npos) << file;
    }
  }
}

TEST_P(HubAthleteData, ANewSessionAfterTheErasureIsStored) {
  upload_as_kiosk(*hub_, recorded_session("ann-1", 10.0, form::View::kFront, "ath-ann", "station-1", 1));
  Coach coach(*hub_);
  v1::EraseAthleteResponse erased;
  ASSERT_TRUE(coach.erase("ath-ann", erased).ok());
  // The athlete comes back and runs again: a session begun after the erasure is theirs to keep.
  RecordedSession later = recorded_session("ann-2", 10.0, form::View::kFront, "ath-ann", "station-1", 2);
  later.start.set_started_unix_ms(erased.erased_unix_ms() + 1000);
  upload_as_kiosk(*hub_, later);
  const SessionView v = coach.view("ann-2");
  ASSERT_TRUE(v.status.ok());
  EXPECT_EQ(v.frames.size(), later.frames.size());
}

// What the admin command line does on the hub's database: the same export file (made whole or not
// at all) and the same erasure, after which the running hub refuses the erased session.
TEST_P(HubAthleteData, AdminExportToFileAndLocalErasure) {
  const RecordedSession session = recorded_session("ann-1", 10.0, form::View::kFront, "ath-ann", "station-1", 1);
  upload_as_kiosk(*hub_, session);
  upload_as_kiosk(*hub_, recorded_session("bob-1", 10.0, form::View::kFront, "ath-bob", "station-1", 2));
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("runform-admin-export-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ostringstream progress;
  const auto totals = services::export_athlete_to_file(hub_->hub().store(), "ath-ann", dir / "ann.jsonl", progress);
  ASSERT_TRUE(totals.has_value());
  EXPECT_EQ(totals->frames(), session.frames.size());
  EXPECT_EQ(progress.str(), "exported session 1 of 1 (" + std::to_string(session.frames.size()) + " frames so far)\n");
  std::ifstream file(dir / "ann.jsonl");
  std::size_t frames = 0;
  services::read_athlete_export(file, [&](const v1::ExportChunk& c) { frames += c.frames().frames_size(); });
  EXPECT_EQ(frames, session.frames.size());
  EXPECT_FALSE(services::export_athlete_to_file(hub_->hub().store(), "nobody", dir / "nobody.jsonl", progress));
  EXPECT_FALSE(std::filesystem::exists(dir / "nobody.jsonl"));
  EXPECT_FALSE(std::filesystem::exists(dir / "nobody.jsonl.partial"));
  EXPECT_THROW(services::export_athlete_to_file(hub_->hub().store(), "ath-ann", dir / "no-such-dir" / "x.jsonl",
                                                progress),
               std::runtime_error);
  std::filesystem::remove_all(dir);

  const auto erased = services::erase_athlete_locally(hub_->hub().store(), "ath-ann");
  ASSERT_TRUE(erased.has_value());
  EXPECT_EQ(erased->counts.sessions, 1U);
  EXPECT_EQ(erased->counts.frames, session.frames.size());
  EXPECT_EQ(erased->reference.find("ath-ann"), std::string::npos);
  EXPECT_FALSE(services::erase_athlete_locally(hub_->hub().store(), "ath-ann").has_value());
  // The running hub reads the erasure from the database: a resend is told "closed".
  RawIngest kiosk(hub_->channel());
  v1::IngestRequest open;
  *open.mutable_open()->mutable_start() = session.start;
  ASSERT_TRUE(kiosk.send(open));
  v1::IngestResponse response;
  ASSERT_TRUE(kiosk.read(response));
  EXPECT_TRUE(response.resume().closed());
  EXPECT_FALSE(hub_->hub().store().session("ann-1").has_value());
  EXPECT_TRUE(hub_->hub().store().session("bob-1").has_value());
}

// The command line itself: `runform-hub admin export-athlete` / `erase-athlete` on the hub's
// database, audited with a random reference and nothing about the athlete.
TEST_P(HubAthleteData, AdminCommandLineExportsAndErases) {
  const RecordedSession session = recorded_session("ann-1", 10.0, form::View::kFront, "ath-ann", "station-1", 1);
  upload_as_kiosk(*hub_, session);
  const std::filesystem::path out =
      std::filesystem::temp_directory_path() / ("runform-cli-export-" + std::to_string(::getpid()) + ".jsonl");
  const std::string admin = std::string(RUNFORM_HUB_BIN) + " admin --store '" + hub_->store_spec() + "' ";
  ASSERT_EQ(std::system((admin + "export-athlete ath-ann --out " + out.string() + " > /dev/null 2>&1").c_str()), 0);
  std::ifstream file(out);
  std::size_t frames = 0;
  services::read_athlete_export(file, [&](const v1::ExportChunk& c) { frames += c.frames().frames_size(); });
  EXPECT_EQ(frames, session.frames.size());
  std::filesystem::remove(out);
  ASSERT_EQ(std::system((admin + "erase-athlete ath-ann > /dev/null 2>&1").c_str()), 0);
  EXPECT_FALSE(hub_->hub().store().session("ann-1").has_value());
  EXPECT_NE(std::system((admin + "erase-athlete ath-ann > /dev/null 2>&1").c_str()), 0);  // nothing left
  int exports = 0;
  int erasures = 0;
  for (const auto& e : hub_->hub().access().list_audit(0, 1000)) {
    EXPECT_EQ((e.actor + e.rpc + e.reference).find("ath-ann"), std::string::npos);
    exports += e.kind == static_cast<int>(services::AuditKind::kExport) ? 1 : 0;
    erasures += e.kind == static_cast<int>(services::AuditKind::kErasure) ? 1 : 0;
  }
  EXPECT_EQ(exports, 1);
  EXPECT_EQ(erasures, 1);
}

TEST_P(HubAthleteData, BadEraseAndExportRequestsAreRefused) {
  Coach coach(*hub_);
  v1::EraseAthleteResponse erased;
  EXPECT_EQ(coach.erase("", erased).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(coach.erase(std::string(65, 'x'), erased).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(coach.erase("nobody", erased).error_code(), grpc::StatusCode::NOT_FOUND);
  std::vector<v1::ExportChunk> chunks;
  EXPECT_EQ(coach.export_athlete("", chunks).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(coach.export_athlete(std::string(65, 'x'), chunks).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(coach.export_athlete("nobody", chunks).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_P(HubAthleteData, ExportReadsBackExactlyWhatTheHubHolds) {
  const RecordedSession long_one = recorded_session("ann-1", 60.0, form::View::kFront, "ath-ann", "station-1", 1);
  upload_as_kiosk(*hub_, long_one);
  upload_as_kiosk(*hub_, recorded_session("ann-2", 10.0, form::View::kSide, "ath-ann", "station-2", 2));
  upload_as_kiosk(*hub_, recorded_session("bob-1", 10.0, form::View::kFront, "ath-bob", "station-1", 3));
  Coach coach(*hub_);
  coach.annotate("ann-1", "first note");
  coach.annotate("ann-1", "second note");
  std::vector<v1::ExportChunk> chunks;
  ASSERT_TRUE(coach.export_athlete("ath-ann", chunks).ok());
  ASSERT_GE(chunks.size(), 3U);
  ASSERT_TRUE(chunks.front().has_header());
  EXPECT_EQ(chunks.front().header().athlete_id(), "ath-ann");
  EXPECT_EQ(chunks.front().header().name(), "Runner ath-ann");
  EXPECT_EQ(chunks.front().header().format(), "runform-athlete-export");
  ASSERT_TRUE(chunks.back().has_end());

  std::map<std::string, SessionView> exported;
  std::string current;
  for (std::size_t i = 1; i + 1 < chunks.size(); ++i) {
    const auto& c = chunks[i];
    ASSERT_FALSE(c.has_header() || c.has_end()) << "chunk " << i;
    if (c.has_session()) {
      current = c.session().start().session_id();
      exported[current].info = c.session();
    } else if (c.has_frames()) {
      EXPECT_EQ(c.frames().session_id(), current);
      EXPECT_LE(c.frames().frames_size(), 1000);
      auto& frames = exported[current].frames;
      frames.insert(frames.end(), c.frames().frames().begin(), c.frames().frames().end());
    } else if (c.has_annotations()) {
      EXPECT_EQ(c.annotations().session_id(), current);
      *exported[current].notes.mutable_annotations() = c.annotations().annotations();
    }
  }
  ASSERT_EQ(exported.size(), 2U);
  std::uint64_t frames = 0;
  for (const char* id : {"ann-1", "ann-2"}) {
    const SessionView held = coach.view(id);
    const SessionView& got = exported.at(id);
    EXPECT_TRUE(same(held.info, got.info)) << id;
    ASSERT_EQ(held.frames.size(), got.frames.size()) << id;
    for (std::size_t i = 0; i < held.frames.size(); ++i) ASSERT_TRUE(same(held.frames[i], got.frames[i])) << id;
    EXPECT_TRUE(same(held.notes, got.notes)) << id;
    frames += got.frames.size();
  }
  EXPECT_GT(exported.at("ann-1").frames.size(), 1000U);  // more than one page
  EXPECT_EQ(exported.at("ann-1").notes.annotations_size(), 2);
  EXPECT_EQ(chunks.back().end().sessions(), 2U);
  EXPECT_EQ(chunks.back().end().frames(), frames);
  EXPECT_EQ(chunks.back().end().annotations(), 2U);

  // The export file (what `runform-hub admin export-athlete` writes) reads back to the same chunks.
  std::stringstream file;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> progress;
  const auto totals = services::write_athlete_export(
      hub_->hub().store(), "ath-ann", chunks.front().header().exported_unix_ms(), file,
      [&](std::uint32_t done, std::uint32_t total, std::uint64_t) { progress.emplace_back(done, total); });
  ASSERT_TRUE(totals.has_value());
  EXPECT_TRUE(same(*totals, chunks.back().end()));
  EXPECT_EQ(progress, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{1, 2}, {2, 2}}));
  std::vector<v1::ExportChunk> from_file;
  services::read_athlete_export(file, [&](const v1::ExportChunk& c) { from_file.push_back(c); });
  ASSERT_EQ(from_file.size(), chunks.size());
  for (std::size_t i = 0; i < chunks.size(); ++i) EXPECT_TRUE(same(from_file[i], chunks[i])) << "chunk " << i;
  std::stringstream nothing;
  EXPECT_FALSE(services::write_athlete_export(hub_->hub().store(), "nobody", 1, nothing).has_value());
  EXPECT_TRUE(nothing.str().empty());
}

TEST(AthleteExportFile, DamagedFilesAreRefusedNamingTheLine) {
  const auto refused = [](const std::string& text) -> std::string {
    std::istringstream in(text);
    try {
      services::read_athlete_export(in, [](const v1::ExportChunk&) {});
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "accepted";
  };
  const std::string header = R"({"header":{"athlete_id":"a","format":"runform-athlete-export","format_version":1}})";
  const std::string end = R"({"end":{"sessions":0}})";
  EXPECT_EQ(refused(header + "\n" + end + "\n"), "accepted");
  EXPECT_NE(refused("").find("empty"), std::string::npos);
  EXPECT_NE(refused(header + "\n").find("no end record"), std::string::npos);  // cut short
  EXPECT_NE(refused(header + "\n{not json\n" + end).find("line 2"), std::string::npos);
  EXPECT_NE(refused(end + "\n").find("line 1"), std::string::npos);  // no header
  EXPECT_NE(refused(header + "\n" + R"({"surprise":1})" + "\n" + end).find("line 2"), std::string::npos);
  EXPECT_NE(refused(header + "\n" + end + "\n" + end).find("after the export's end"), std::string::npos);
}

TEST_P(HubAthleteData, RetentionPurgesOldFramesKeepsSummariesAndReadsSaySo) {
  services::HubOptions options = HubUnderTest::fast_options();
  options.retention.frame_days = 30;
  hub_.reset();
  hub_ = std::make_unique<HubUnderTest>(GetParam(), options);
  RecordedSession recent = recorded_session("recent-1", 10.0, form::View::kFront, "ath-ann", "station-1", 2);
  // Dated from now, so the purge at start and the periodic one leave it alone.
  recent.start.set_started_unix_ms(services::now_unix_ms());
  upload_as_kiosk(*hub_, recorded_session("old-1", 10.0, form::View::kFront, "ath-ann", "station-1", 1));
  upload_as_kiosk(*hub_, recent);
  Coach coach(*hub_);
  const SessionView old_before = coach.view("old-1");
  const SessionView recent_before = coach.view("recent-1");
  ASSERT_FALSE(old_before.frames.empty());
  EXPECT_EQ(old_before.info.frames_purged_unix_ms(), 0);
  const v1::MetricTrend trend_before = coach.trend("ath-ann");

  // 31 days after old-1 began (the injected time), its frames go.
  const std::int64_t purge_at = kStartedMs + 31 * kDayMs;
  const auto purged = hub_->hub().run_retention(purge_at);
  EXPECT_EQ(purged.sessions, 1U);
  EXPECT_EQ(purged.frames, old_before.frames.size());
  EXPECT_EQ(hub_->hub().run_retention(purge_at).sessions, 0U);  // nothing twice
  // The purge is in the audit log once, with its counts and no athlete in it.
  std::vector<services::AuditRow> purges;
  for (const auto& e : hub_->hub().access().list_audit(0, 10'000)) {
    if (e.kind == static_cast<int>(services::AuditKind::kRetentionPurge)) purges.push_back(e);
  }
  ASSERT_EQ(purges.size(), 1U);
  EXPECT_EQ(purges[0].actor, "hub-retention");
  EXPECT_EQ(purges[0].rpc, "retention-purge");
  EXPECT_EQ(purges[0].reference, "sessions=1 frames=" + std::to_string(old_before.frames.size()) + " frame_days=30");
  EXPECT_EQ(purges[0].reference.find("ath-ann"), std::string::npos);

  const SessionView old_after = coach.view("old-1");
  ASSERT_TRUE(old_after.status.ok());
  EXPECT_EQ(old_after.info.frames_purged_unix_ms(), purge_at);
  EXPECT_TRUE(same(old_after.info.summary(), old_before.info.summary()));
  EXPECT_TRUE(same(old_after.info.start(), old_before.info.start()));
  EXPECT_EQ(old_after.frames_status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(old_after.frames_status.error_message().find("retention"), std::string::npos)
      << old_after.frames_status.error_message();
  EXPECT_EQ(old_after.series_status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(same(old_after.notes, old_before.notes));
  std::string listed;
  v1::ListSessionsRequest all;
  bool flag_listed = false;
  for (const auto& s : coach.sessions(all, listed)) {
    if (s.start().session_id() == "old-1") flag_listed = s.frames_purged_unix_ms() == purge_at;
  }
  EXPECT_TRUE(flag_listed);
  EXPECT_TRUE(same(coach.trend("ath-ann"), trend_before));  // trends come from the kept summaries
  expect_unchanged(recent_before, coach.view("recent-1"), "recent-1");
  // The export carries the purged session's summary and flag, without frames.
  std::vector<v1::ExportChunk> chunks;
  ASSERT_TRUE(coach.export_athlete("ath-ann", chunks).ok());
  EXPECT_EQ(chunks.back().end().frames(), recent_before.frames.size());
}

TEST_P(HubAthleteData, RetentionRunsWhenTheHubStarts) {
  upload_as_kiosk(*hub_, recorded_session("old-1", 10.0, form::View::kFront, "ath-ann", "station-1", 1));
  // The same store, reopened by a hub keeping 30 days: old-1 began long before that.
  const std::string spec = hub_->store_spec();
  auto store_keeper = std::move(hub_);  // keeps the scratch store alive
  store_keeper->hub().shutdown();
  services::HubOptions options = HubUnderTest::fast_options();
  options.store = spec;
  options.retention.frame_days = 30;
  services::HubServer restarted(options);
  const auto row = restarted.store().session("old-1");
  ASSERT_TRUE(row.has_value());
  EXPECT_GT(row->frames_purged_unix_ms, 0);
  EXPECT_EQ(restarted.store().count_frames("old-1"), 0U);
  EXPECT_FALSE(row->summary_payload.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, HubAthleteData, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& param_info) { return backend_name(param_info.param); });

// A field of /proc/PID/status in KiB ("VmRSS", "VmHWM"); 0 if absent.
long status_kib(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return 0;
}

// An hour-long session is 108,000 frames: exporting it must never hold it all in memory, and
// what the exports took must go back. Prints the hub process's memory before, at the peak and
// after (issue 11: "Memory returns to its baseline after large reads. Measure it.").
TEST(HubAthleteDataMemory, HourLongExportsStayBoundedAndGiveTheirMemoryBack) {
  namespace fs = std::filesystem;
  constexpr int kExporters = 4;
  const fs::path work = fs::temp_directory_path() / ("runform-export-memory-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  const std::string store = "sqlite:" + (work / "hub.db").string();
  std::string staff;
  std::string kiosk;
  {
    const auto access = services::open_access_store(store);
    staff = person_token(*access, "staff", v1::ROLE_STAFF);
    kiosk = kiosk_token(*access, "station-1", "kiosk-station-1");
  }
  loadgen::ChildProcess hub(RUNFORM_HUB_BIN,
                            {"--address", "127.0.0.1:0", "--insecure-loopback", "--store", store, "--port-file",
                             (work / "hub.port").string(), "--log-level", "warn", "--commit-interval-ms", "20"},
                            work / "hub.port", work / "hub.log");
  const std::string target = "127.0.0.1:" + std::to_string(hub.port());
  const RecordedSession hour = recorded_session("hour-1", 3600.0, form::View::kFront, "ath-ann", "station-1", 11);
  {
    KioskUploader uploader(token_channel(target, staff, kiosk));
    upload(uploader, hour);
  }
  const long baseline_kib = status_kib(hub.pid(), "VmRSS");
  // The peak so far is the upload's: reset it (clear_refs 5), so VmHWM is the exports' own.
  std::ofstream("/proc/" + std::to_string(hub.pid()) + "/clear_refs") << "5";
  const long reset_peak_kib = status_kib(hub.pid(), "VmHWM");
  EXPECT_LE(reset_peak_kib, baseline_kib + 1024) << "the kernel did not reset the peak; the figure includes the upload";

  std::atomic<std::uint64_t> frames{0};
  std::atomic<std::size_t> export_bytes{0};
  std::vector<std::thread> exporters;
  for (int i = 0; i < kExporters; ++i) {
    exporters.emplace_back([&, i] {
      auto stub = v1::AthleteDataService::NewStub(token_channel(target, staff, kiosk));
      grpc::ClientContext context;
      context.set_wait_for_ready(true);
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
      v1::ExportAthleteRequest request;
      request.set_athlete_id("ath-ann");
      auto reader = stub->ExportAthlete(&context, request);
      v1::ExportChunk chunk;
      std::size_t bytes = 0;
      while (reader->Read(&chunk)) {
        bytes += chunk.ByteSizeLong();
        frames += static_cast<std::uint64_t>(chunk.frames().frames_size());
      }
      const auto status = reader->Finish();
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (i == 0) export_bytes = bytes;
    });
  }
  for (auto& t : exporters) t.join();
  EXPECT_EQ(frames.load(), hour.frames.size() * kExporters);
  const long peak_kib = status_kib(hub.pid(), "VmHWM");
  const long settled_kib = status_kib(hub.pid(), "VmRSS");
  const double export_mib = static_cast<double>(export_bytes.load()) / (1024.0 * 1024.0);
  std::printf("hub memory, %d concurrent exports of one hour-long session (%zu frames, %.1f MiB each on the wire): "
              "before %.1f MiB, peak (VmHWM) %.1f MiB, settled (VmRSS) %.1f MiB\n",
              kExporters, hour.frames.size(), export_mib, static_cast<double>(baseline_kib) / 1024.0,
              static_cast<double>(peak_kib) / 1024.0, static_cast<double>(settled_kib) / 1024.0);
  // Holding even one whole export in memory (as protobuf objects, several times its wire size)
  // would lift the peak by more than the export's size; pages keep it far below.
  EXPECT_LT((peak_kib - baseline_kib) * 1024, static_cast<long>(export_bytes.load()))
      << "an export held more than a whole athlete's data at once";
  EXPECT_LT(settled_kib - baseline_kib, (peak_kib - baseline_kib) / 2 + 16 * 1024)
      << "the exports' memory did not go back";
  EXPECT_EQ(hub.terminate(), 0);
  fs::remove_all(work);
}

TEST(RetentionConfig, ReadsFrameDaysAndRefusesMistakes) {
  const auto config =
      services::parse_hub_config("[retention]\nframe_days = 30\nrun_every_minutes = 15\n", "hub.toml");
  EXPECT_EQ(config.hub.retention.frame_days, 30);
  EXPECT_EQ(config.hub.retention.run_every, std::chrono::minutes(15));
  EXPECT_EQ(services::parse_hub_config("", "hub.toml").hub.retention.frame_days, 0);  // keep forever
  for (const char* bad : {"[retention]\nframe_days = -1\n", "[retention]\nframe_days = \"30\"\n",
                          "[retention]\nrun_every_minutes = 0\n", "[retention]\nframe_dayz = 3\n"}) {
    try {
      services::parse_hub_config(bad, "hub.toml");
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const services::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("line"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("[retention]"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace runform::testing
