// Kiosk → hub → coach over real TCP on loopback, on both storage backends: a simulated kiosk
// uploads sessions; a coach lists them, reads them back identical, gets a downsampled series,
// trends and annotations, and watches live.
#include <gtest/gtest.h>

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <google/protobuf/util/message_differencer.h>

#include <thread>

#include "services/client/kiosk_uploader.h"
#include "support/hub_harness.h"

namespace runform::testing {
namespace {

using services::KioskUploader;
using services::RecordedSession;

bool same(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

// Uploads a whole recorded session and waits for the hub to confirm the close.
void upload(KioskUploader& uploader, const RecordedSession& session) {
  uploader.open(session.start);
  for (const auto& f : session.frames) uploader.add_frame(session.start.session_id(), f);
  uploader.close(session.start.session_id(), session.summary, session.start.started_unix_ms() + 60'000);
  ASSERT_TRUE(uploader.wait_closed(session.start.session_id(), std::chrono::seconds(30)))
      << uploader.stats().last_error << uploader.stats().paused_reason;
}

class HubEndToEnd : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    hub_ = std::make_unique<HubUnderTest>(GetParam());
    if (!hub_->available()) GTEST_SKIP() << hub_->skip_reason();
  }
  std::unique_ptr<HubUnderTest> hub_;
};

TEST_P(HubEndToEnd, UploadedSessionReadsBackIdentical) {
  const RecordedSession session = recorded_session("e2e-front-1", 40.0);
  {
    KioskUploader uploader(hub_->channel());
    upload(uploader, session);
    EXPECT_EQ(uploader.stats().frames_acked, session.frames.size());
    EXPECT_EQ(uploader.stats().spooled_frames, 0U);
  }
  auto coach = hub_->coach();

  grpc::ClientContext list_context;
  v1::ListSessionsRequest list;
  list.set_athlete_id("ath-1");
  v1::ListSessionsResponse listed;
  ASSERT_TRUE(coach->ListSessions(&list_context, list, &listed).ok());
  ASSERT_EQ(listed.sessions_size(), 1);
  const v1::SessionInfo& info = listed.sessions(0);
  EXPECT_TRUE(same(info.start(), session.start));
  EXPECT_TRUE(info.closed());
  EXPECT_EQ(info.stored_seq(), session.frames.size());
  EXPECT_TRUE(same(info.summary(), session.summary));
  EXPECT_GT(info.summary().strides(), 20U);

  grpc::ClientContext read_context;
  v1::ReadFramesRequest read;
  read.set_session_id("e2e-front-1");
  auto reader = coach->ReadFrames(&read_context, read);
  std::vector<v1::FrameRecord> frames;
  v1::FrameBatch batch;
  while (reader->Read(&batch)) {
    EXPECT_LE(batch.frames_size(), 1000);
    for (const auto& f : batch.frames()) frames.push_back(f);
  }
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_EQ(frames.size(), session.frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    v1::FrameRecord expected = session.frames[i];
    expected.set_seq(i + 1);
    ASSERT_TRUE(same(frames[i], expected)) << "frame " << i;
  }

  // A time range: [10 s, 20 s).
  grpc::ClientContext range_context;
  read.set_from_t_us(10'000'000);
  read.set_to_t_us(20'000'000);
  auto range_reader = coach->ReadFrames(&range_context, read);
  std::size_t in_range = 0;
  while (range_reader->Read(&batch)) {
    for (const auto& f : batch.frames()) {
      EXPECT_GE(f.t_us(), 10'000'000);
      EXPECT_LT(f.t_us(), 20'000'000);
      ++in_range;
    }
  }
  ASSERT_TRUE(range_reader->Finish().ok());
  EXPECT_NEAR(static_cast<double>(in_range), 10.0 * 30.0 * 0.95, 30.0);  // 30 fps, ~5% dropped
}

TEST_P(HubEndToEnd, MetricSeriesIsDownsampledWithLttb) {
  const RecordedSession session = recorded_session("e2e-series", 60.0);
  {
    KioskUploader uploader(hub_->channel());
    upload(uploader, session);
  }
  std::size_t strides_with_cadence = 0;
  for (const auto& f : session.frames) {
    for (const auto& m : f.metrics()) strides_with_cadence += m.metric() == v1::METRIC_CADENCE_SPM ? 1 : 0;
  }
  ASSERT_GT(strides_with_cadence, 40U);
  auto coach = hub_->coach();
  grpc::ClientContext context;
  v1::MetricSeriesRequest request;
  request.set_session_id("e2e-series");
  request.set_metric(v1::METRIC_CADENCE_SPM);
  request.set_max_points(20);
  v1::MetricSeries series;
  ASSERT_TRUE(coach->GetMetricSeries(&context, request, &series).ok());
  EXPECT_EQ(series.source_points(), strides_with_cadence);
  ASSERT_EQ(series.points_size(), 20);
  for (int i = 1; i < series.points_size(); ++i) EXPECT_GT(series.points(i).t_us(), series.points(i - 1).t_us());
  for (const auto& p : series.points()) {
    EXPECT_GT(p.value(), 140.0F);
    EXPECT_LT(p.value(), 200.0F);
  }
}

// The session-median value the kiosk sent for a metric, if it measured it.
std::optional<float> summary_value(const RecordedSession& s, v1::MetricId metric) {
  for (const auto& m : s.summary.metrics()) {
    if (m.metric() == metric) return static_cast<float>(m.value());
  }
  return std::nullopt;
}

TEST_P(HubEndToEnd, TrendsAnnotationsAndAthletes) {
  std::vector<RecordedSession> uploaded;
  {
    KioskUploader uploader(hub_->channel());
    for (int i = 0; i < 3; ++i) {
      RecordedSession s = recorded_session("trend-" + std::to_string(i), 25.0, form::View::kFront, "ath-9",
                                           "station-1", 11 + static_cast<unsigned>(i));
      s.start.set_started_unix_ms(1'780'000'000'000 + i * 86'400'000LL);
      upload(uploader, s);
      uploaded.push_back(std::move(s));
    }
  }
  auto coach = hub_->coach();
  // Each point is its own session's median, in session order (a point from the wrong session,
  // metric or summary would differ: the three sessions' values are distinct).
  for (const v1::MetricId metric : {v1::METRIC_CADENCE_SPM, v1::METRIC_SHOULDERS_LEVEL_DEG}) {
    grpc::ClientContext trend_context;
    v1::MetricTrendRequest trend_request;
    trend_request.set_athlete_id("ath-9");
    trend_request.set_metric(metric);
    v1::MetricTrend trend;
    ASSERT_TRUE(coach->GetMetricTrend(&trend_context, trend_request, &trend).ok());
    EXPECT_EQ(trend.metric(), metric);
    ASSERT_EQ(trend.points_size(), 3) << v1::MetricId_Name(metric);
    for (int i = 0; i < 3; ++i) {
      const auto& s = uploaded[static_cast<std::size_t>(i)];
      const auto expected = summary_value(s, metric);
      ASSERT_TRUE(expected.has_value()) << v1::MetricId_Name(metric) << " is measurable in the front view";
      EXPECT_EQ(trend.points(i).session_id(), s.start.session_id());
      EXPECT_EQ(trend.points(i).started_unix_ms(), s.start.started_unix_ms());
      EXPECT_FLOAT_EQ(trend.points(i).value(), *expected) << v1::MetricId_Name(metric) << " of " << s.start.session_id();
    }
    EXPECT_NE(trend.points(0).value(), trend.points(1).value());
    EXPECT_NE(trend.points(1).value(), trend.points(2).value());
  }
  // A metric the front view cannot measure has no points rather than zeros.
  grpc::ClientContext side_context;
  v1::MetricTrendRequest side_request;
  side_request.set_athlete_id("ath-9");
  side_request.set_metric(v1::METRIC_TRUNK_LEAN_DEG);
  v1::MetricTrend side_trend;
  ASSERT_TRUE(coach->GetMetricTrend(&side_context, side_request, &side_trend).ok());
  ASSERT_FALSE(summary_value(uploaded[0], v1::METRIC_TRUNK_LEAN_DEG).has_value());
  EXPECT_EQ(side_trend.points_size(), 0);

  grpc::ClientContext athletes_context;
  v1::ListAthletesResponse athletes;
  ASSERT_TRUE(coach->ListAthletes(&athletes_context, {}, &athletes).ok());
  ASSERT_EQ(athletes.athletes_size(), 1);
  EXPECT_EQ(athletes.athletes(0).session_count(), 3U);
  EXPECT_EQ(athletes.athletes(0).name(), "Runner ath-9");

  grpc::ClientContext add_context;
  v1::AddAnnotationRequest add;
  add.mutable_annotation()->set_session_id("trend-1");
  add.mutable_annotation()->set_t_us(12'500'000);
  add.mutable_annotation()->set_kind(v1::Annotation::KIND_NOTE);
  add.mutable_annotation()->set_author("coach-kim");
  add.mutable_annotation()->set_text("Shoulders creep up here");
  v1::Annotation added;
  ASSERT_TRUE(coach->AddAnnotation(&add_context, add, &added).ok());
  EXPECT_GT(added.annotation_id(), 0);
  EXPECT_GT(added.created_unix_ms(), 0);
  grpc::ClientContext list_context;
  v1::ListAnnotationsRequest list;
  list.set_session_id("trend-1");
  v1::ListAnnotationsResponse annotations;
  ASSERT_TRUE(coach->ListAnnotations(&list_context, list, &annotations).ok());
  ASSERT_EQ(annotations.annotations_size(), 1);
  EXPECT_EQ(annotations.annotations(0).text(), "Shoulders creep up here");

  // Paging through sessions two at a time yields all three, newest first.
  std::vector<std::string> ids;
  std::string token;
  do {
    grpc::ClientContext page_context;
    v1::ListSessionsRequest page;
    page.set_page_size(2);
    page.set_page_token(token);
    v1::ListSessionsResponse response;
    ASSERT_TRUE(coach->ListSessions(&page_context, page, &response).ok());
    for (const auto& s : response.sessions()) ids.push_back(s.start().session_id());
    token = response.next_page_token();
  } while (!token.empty());
  EXPECT_EQ(ids, (std::vector<std::string>{"trend-2", "trend-1", "trend-0"}));
}

TEST_P(HubEndToEnd, CoachWatchesLiveFramesAndTheClose) {
  const RecordedSession watched = recorded_session("live-1", 15.0, form::View::kFront, "ath-1", "station-7");
  const RecordedSession other = recorded_session("live-2", 10.0, form::View::kFront, "ath-2", "station-8");
  auto coach = hub_->coach();
  grpc::ClientContext watch_context;
  v1::WatchLiveRequest watch;
  watch.add_station_ids("station-7");
  auto live = coach->WatchLive(&watch_context, watch);
  live->WaitForInitialMetadata();  // the hub has registered the watcher

  KioskUploader kiosk_8(hub_->kiosk_channel("station-8"));
  upload(kiosk_8, other);  // another station: must not reach this watcher
  KioskUploader kiosk_7(hub_->kiosk_channel("station-7"));
  upload(kiosk_7, watched);

  std::size_t frames = 0;
  std::uint64_t next_seq = 1;
  bool closed = false;
  bool start_seen = false;
  v1::LiveUpdate update;
  while (!closed && live->Read(&update)) {
    EXPECT_EQ(update.dropped_frames(), 0U);
    for (const auto& s : update.new_sessions()) {
      EXPECT_EQ(s.station_id(), "station-7");
      start_seen = true;
    }
    for (const auto& batch : update.frames()) {
      EXPECT_EQ(batch.session_id(), "live-1");
      for (const auto& f : batch.frames()) {
        EXPECT_EQ(f.seq(), next_seq++);
        ++frames;
      }
    }
    for (const auto& id : update.closed_session_ids()) closed = closed || id == "live-1";
  }
  EXPECT_TRUE(start_seen);
  EXPECT_TRUE(closed);
  EXPECT_EQ(frames, watched.frames.size());
  watch_context.TryCancel();
  live->Finish();
}

TEST_P(HubEndToEnd, GracefulShutdownAcknowledgesWhatItReceived) {
  const RecordedSession session = recorded_session("drain-1", 10.0);
  RawIngest raw(hub_->channel());
  ASSERT_EQ(raw.open(session.start), 1U);
  ASSERT_TRUE(raw.send_chunk("drain-1", numbered(session, 0, 100, 1)));
  const auto ack = raw.await_ack("drain-1", 100);
  ASSERT_TRUE(ack.has_value());
  EXPECT_EQ(ack->acked_seq(), 100U);
  hub_->hub().shutdown();
  const grpc::Status status = raw.finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_NE(status.error_message().find("reconnect"), std::string::npos);
  EXPECT_EQ(hub_->hub().store().count_frames("drain-1"), 100U);
}

TEST(HubLiveFanOut, ASlowWatcherLosesFramesAndIsToldButNeverSlowsOthers) {
  services::HubOptions options = HubUnderTest::fast_options();
  options.limits.watcher_queue_frames = 64;
  HubUnderTest hub(Backend::kSqlite, options);
  const RecordedSession session = recorded_session("slow-1", 60.0);
  auto coach = hub.coach();

  // A dashboard on a thin link: a small HTTP/2 window that does not grow, so that its unread
  // frames back up into the hub quickly instead of into socket buffers.
  grpc::ChannelArguments thin_link;
  thin_link.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  thin_link.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 16 * 1024);
  thin_link.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto slow_coach = v1::CoachService::NewStub(
      grpc::CreateCustomChannel(hub.target(), grpc::InsecureChannelCredentials(), thin_link));
  grpc::ClientContext slow_context;
  slow_context.AddMetadata("authorization", "Bearer " + hub.staff_token());
  auto slow = slow_coach->WatchLive(&slow_context, {});
  slow->WaitForInitialMetadata();
  grpc::ClientContext fast_context;
  auto fast = coach->WatchLive(&fast_context, {});
  fast->WaitForInitialMetadata();
  std::size_t fast_frames = 0;
  std::thread fast_reader([&] {
    v1::LiveUpdate update;
    while (fast->Read(&update)) {
      EXPECT_EQ(update.dropped_frames(), 0U);
      for (const auto& batch : update.frames()) fast_frames += static_cast<std::size_t>(batch.frames_size());
      if (!update.closed_session_ids().empty()) break;
    }
  });

  // The slow watcher reads nothing while the whole session is uploaded, at about 3,000 frames/s
  // (a hundred kiosks' worth) so that the reading watcher can keep up.
  const auto start = std::chrono::steady_clock::now();
  {
    KioskUploader uploader(hub.channel());
    uploader.open(session.start);
    for (std::size_t i = 0; i < session.frames.size(); ++i) {
      uploader.add_frame("slow-1", session.frames[i]);
      if (i % 3 == 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    uploader.close("slow-1", session.summary, 1'780'000'100'000);
    ASSERT_TRUE(uploader.wait_closed("slow-1", std::chrono::seconds(30)));
  }
  const double upload_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fast_reader.join();
  EXPECT_EQ(fast_frames, session.frames.size()) << "the reading watcher got every frame";
  EXPECT_LT(upload_s, 10.0) << "ingest must not wait for a watcher";

  // Now the slow watcher reads: it is told how many frames it lost.
  std::uint64_t dropped = 0;
  std::size_t received = 0;
  v1::LiveUpdate update;
  while (slow->Read(&update)) {
    dropped = update.dropped_frames();
    for (const auto& batch : update.frames()) received += static_cast<std::size_t>(batch.frames_size());
    if (!update.closed_session_ids().empty()) break;
  }
  EXPECT_GT(dropped, 0U);
  EXPECT_EQ(received + dropped, session.frames.size()) << "every frame was either delivered or counted as lost";
  slow_context.TryCancel();
  slow->Finish();
  fast_context.TryCancel();
  fast->Finish();
}

TEST(HubLiveFanOut, WatchersBeyondTheLimitAreRefused) {
  services::HubOptions options = HubUnderTest::fast_options();
  options.limits.max_watchers = 2;
  HubUnderTest hub(Backend::kSqlite, options);
  auto coach = hub.coach();
  grpc::ClientContext a_context;
  grpc::ClientContext b_context;
  grpc::ClientContext c_context;
  auto a = coach->WatchLive(&a_context, {});
  a->WaitForInitialMetadata();
  auto b = coach->WatchLive(&b_context, {});
  b->WaitForInitialMetadata();
  auto c = coach->WatchLive(&c_context, {});
  v1::LiveUpdate update;
  EXPECT_FALSE(c->Read(&update));
  const grpc::Status status = c->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  a_context.TryCancel();
  b_context.TryCancel();
  a->Finish();
  b->Finish();
}

INSTANTIATE_TEST_SUITE_P(Backends, HubEndToEnd, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& param_info) { return backend_name(param_info.param); });

}  // namespace
}  // namespace runform::testing
