// Bad input gets the right status code and changes nothing stored, on both backends.
#include <gtest/gtest.h>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <cmath>
#include <limits>

#include "services/hub/page_token.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"

namespace runform::testing {
namespace {

class HubBadInput : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    hub_ = std::make_unique<HubUnderTest>(GetParam());
    if (!hub_->available()) GTEST_SKIP() << hub_->skip_reason();
    session_ = recorded_session("bad-1", 10.0);
  }

  // Opens the session on a fresh stream and stores the first `frames` frames.
  void store_prefix(std::size_t frames) {
    RawIngest raw(hub_->channel());
    ASSERT_EQ(raw.open(session_.start), 1U);
    ASSERT_TRUE(raw.send_chunk("bad-1", numbered(session_, 0, frames, 1)));
    ASSERT_EQ(raw.await_ack("bad-1", frames)->acked_seq(), frames);
    ASSERT_TRUE(raw.finish().ok());
  }

  [[nodiscard]] std::uint64_t stored() { return hub_->hub().store().count_frames("bad-1"); }

  // Sends one chunk on a stream where the session is open; returns the stream's status.
  grpc::Status send_after_open(const std::vector<v1::FrameRecord>& frames) {
    RawIngest raw(hub_->channel());
    EXPECT_GT(raw.open(session_.start), 0U);
    raw.send_chunk("bad-1", frames);
    return raw.finish();
  }

  std::unique_ptr<HubUnderTest> hub_;
  services::RecordedSession session_;
};

TEST_P(HubBadInput, ForwardSequenceJumpIsOutOfRangeAndSaysWhereToResume) {
  store_prefix(50);
  const grpc::Status status = send_after_open(numbered(session_, 60, 10, 61));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_NE(status.error_message().find("resume from 51"), std::string::npos) << status.error_message();
  EXPECT_EQ(stored(), 50U);
}

TEST_P(HubBadInput, BackwardSequenceJumpIsIgnoredAsDuplicatesAndCounted) {
  store_prefix(50);
  RawIngest raw(hub_->channel());
  ASSERT_EQ(raw.open(session_.start), 51U);
  ASSERT_TRUE(raw.send_chunk("bad-1", numbered(session_, 30, 30, 31)));  // 31…60: 20 duplicates, 10 new
  const auto ack = raw.await_ack("bad-1", 60);
  ASSERT_TRUE(ack.has_value());
  EXPECT_EQ(ack->acked_seq(), 60U);
  EXPECT_EQ(ack->duplicates_ignored(), 20U);
  ASSERT_TRUE(raw.send_chunk("bad-1", numbered(session_, 0, 10, 1)));  // all duplicates
  const auto again = raw.await_ack("bad-1", 60);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->duplicates_ignored(), 30U);
  EXPECT_TRUE(raw.finish().ok());
  EXPECT_EQ(stored(), 60U);
  // The stored frames are the originals, not the re-sent copies' positions.
  const auto frames = hub_->hub().store().read_frames("bad-1", 0, 0, std::numeric_limits<std::int64_t>::max(), 100);
  for (std::size_t i = 0; i < frames.size(); ++i) EXPECT_EQ(frames[i].seq, i + 1);
}

TEST_P(HubBadInput, SequenceNotRisingByOneInsideAChunkIsInvalid) {
  auto frames = numbered(session_, 0, 5, 1);
  frames[3].set_seq(9);
  EXPECT_EQ(send_after_open(frames).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(stored(), 0U);
}

TEST_P(HubBadInput, UnknownSessionIsNotFound) {
  RawIngest raw(hub_->channel());
  raw.send_chunk("never-opened", numbered(session_, 0, 5, 1));
  const grpc::Status status = raw.finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_FALSE(hub_->hub().store().session("never-opened").has_value());
}

TEST_P(HubBadInput, FramesBeforeTheSessionStartOnThisStreamFailPrecondition) {
  store_prefix(20);
  RawIngest raw(hub_->channel());  // a new stream that skips OpenSession
  raw.send_chunk("bad-1", numbered(session_, 20, 5, 21));
  const grpc::Status status = raw.finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(stored(), 20U);
}

TEST_P(HubBadInput, NanMetricIsInvalid) {
  auto frames = numbered(session_, 0, 5, 1);
  auto* m = frames[2].add_metrics();
  m->set_metric(v1::METRIC_HEAD_TILT_DEG);
  m->set_value(std::numeric_limits<float>::quiet_NaN());
  const grpc::Status status = send_after_open(frames);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("finite"), std::string::npos) << status.error_message();
  EXPECT_EQ(stored(), 0U);
}

TEST_P(HubBadInput, LandmarkOutsideTheImageIsInvalid) {
  auto frames = numbered(session_, 0, 5, 1);
  frames[1].set_xy_decipx(10, session_.start.image_width_px() * 10 + 500);
  const grpc::Status status = send_after_open(frames);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("outside"), std::string::npos) << status.error_message();
  EXPECT_EQ(stored(), 0U);
}

TEST_P(HubBadInput, WrongLandmarkCountIsInvalid) {
  auto frames = numbered(session_, 0, 5, 1);
  frames[0].mutable_xy_decipx()->RemoveLast();
  EXPECT_EQ(send_after_open(frames).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  frames = numbered(session_, 0, 5, 1);
  frames[0].set_confidence_q8("short");
  EXPECT_EQ(send_after_open(frames).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(stored(), 0U);
}

TEST_P(HubBadInput, TimeGoingBackwardsIsInvalid) {
  auto frames = numbered(session_, 0, 5, 1);
  frames[3].set_t_us(frames[1].t_us() - 1);
  EXPECT_EQ(send_after_open(frames).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(stored(), 0U);
}

TEST_P(HubBadInput, BadSessionStartIsInvalidAndNotStored) {
  v1::SessionStart start = session_.start;
  start.set_session_id("has space");
  RawIngest raw(hub_->channel());
  EXPECT_EQ(raw.open(start), 0U);
  EXPECT_EQ(raw.finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  start = session_.start;
  start.set_image_width_px(0);
  RawIngest raw2(hub_->channel());
  EXPECT_EQ(raw2.open(start), 0U);
  EXPECT_EQ(raw2.finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_FALSE(hub_->hub().store().session("bad-1").has_value());
}

TEST_P(HubBadInput, EmptyRequestIsInvalid) {
  RawIngest raw(hub_->channel());
  raw.send(v1::IngestRequest{});
  EXPECT_EQ(raw.finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_P(HubBadInput, SecondConcurrentStreamForASessionIsAbortedAndTheFirstContinues) {
  RawIngest first(hub_->channel());
  ASSERT_EQ(first.open(session_.start), 1U);
  RawIngest second(hub_->channel());
  EXPECT_EQ(second.open(session_.start), 0U);
  const grpc::Status status = second.finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();
  ASSERT_TRUE(first.send_chunk("bad-1", numbered(session_, 0, 10, 1)));
  EXPECT_EQ(first.await_ack("bad-1", 10)->acked_seq(), 10U);
  EXPECT_TRUE(first.finish().ok());
  EXPECT_EQ(stored(), 10U);
}

TEST_P(HubBadInput, SessionIdOfAnotherKioskIsRefused) {
  store_prefix(5);
  // Naming another kiosk in the start is refused outright: the kiosk id is the credential's.
  v1::SessionStart start = session_.start;
  start.set_kiosk_id("kiosk-intruder");
  RawIngest spoofed(hub_->channel());
  EXPECT_EQ(spoofed.open(start), 0U);
  EXPECT_EQ(spoofed.finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Another enrolled kiosk of the same station, as itself, cannot take the session over.
  auto& access = hub_->hub().access();
  const std::string intruder = kiosk_token(access, session_.start.station_id(), "kiosk-intruder");
  start.set_kiosk_id("kiosk-intruder");
  RawIngest raw(hub_->channel_with_token(intruder));
  EXPECT_EQ(raw.open(start), 0U);
  EXPECT_EQ(raw.finish().error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(stored(), 5U);
}

TEST_P(HubBadInput, CloseBeforeAllFramesFailsPrecondition) {
  RawIngest raw(hub_->channel());
  ASSERT_EQ(raw.open(session_.start), 1U);
  ASSERT_TRUE(raw.send_chunk("bad-1", numbered(session_, 0, 10, 1)));
  v1::IngestRequest close;
  close.mutable_close()->set_session_id("bad-1");
  close.mutable_close()->set_last_seq(20);
  raw.send(close);
  EXPECT_EQ(raw.finish().error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_FALSE(hub_->hub().store().session("bad-1")->closed);
}

TEST_P(HubBadInput, OversizedMessageIsResourceExhausted) {
  RawIngest raw(hub_->channel());
  ASSERT_EQ(raw.open(session_.start), 1U);
  auto frames = numbered(session_, 0, 10, 1);
  frames[0].add_cues()->set_text(std::string(5 << 20, 'x'));  // 5 MiB > the 4 MiB limit
  raw.send_chunk("bad-1", frames);
  EXPECT_EQ(raw.finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(stored(), 0U);
}

TEST_P(HubBadInput, TooManyFramesInOneChunkIsResourceExhausted) {
  std::vector<v1::FrameRecord> frames;
  for (std::size_t i = 0; i < 1100; ++i) {
    v1::FrameRecord f = session_.frames[i % 100];
    f.set_seq(i + 1);
    f.set_t_us(static_cast<std::int64_t>(i) * 1000);
    frames.push_back(f);
  }
  EXPECT_EQ(send_after_open(frames).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(stored(), 0U);
}

TEST_P(HubBadInput, MalformedBytesAreRejectedAndNothingIsStored) {
  grpc::GenericStub stub(hub_->channel());
  grpc::ClientContext context;
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(&context, "/runform.v1.KioskIngest/Ingest", &cq);
  call->StartCall(reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  ASSERT_TRUE(cq.Next(&tag, &ok));
  // Field 2 (chunk) claims 200 bytes but the message ends after 3: not a valid protobuf.
  const char garbage[] = {0x12, static_cast<char>(0xC8), 0x01, 0x0A, 0x01, 0x41};
  grpc::Slice slice(garbage, sizeof(garbage));
  grpc::ByteBuffer buffer(&slice, 1);
  call->Write(buffer, reinterpret_cast<void*>(2));
  ASSERT_TRUE(cq.Next(&tag, &ok));
  call->WritesDone(reinterpret_cast<void*>(3));
  ASSERT_TRUE(cq.Next(&tag, &ok));
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(4));
  while (cq.Next(&tag, &ok) && tag != reinterpret_cast<void*>(4)) {
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_NE(status.error_message().find("malformed"), std::string::npos);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  grpc::ClientContext list_context;
  v1::ListSessionsResponse sessions;
  ASSERT_TRUE(hub_->coach()->ListSessions(&list_context, {}, &sessions).ok());
  EXPECT_EQ(sessions.sessions_size(), 0);
}

TEST_P(HubBadInput, CoachRequestsWithBadArguments) {
  auto coach = hub_->coach();
  {
    grpc::ClientContext c;
    v1::GetSessionRequest r;
    r.set_session_id("nope");
    v1::SessionInfo info;
    EXPECT_EQ(coach->GetSession(&c, r, &info).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  {
    grpc::ClientContext c;
    v1::ListSessionsRequest r;
    r.set_page_token("not-a-token");
    v1::ListSessionsResponse out;
    EXPECT_EQ(coach->ListSessions(&c, r, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  {
    // Our own token format with a position that is not a number: refused, not a crash.
    grpc::ClientContext c;
    v1::ListSessionsRequest r;
    r.set_page_token(services::encode_page_token("not-a-time:session"));
    v1::ListSessionsResponse out;
    EXPECT_EQ(coach->ListSessions(&c, r, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  {
    grpc::ClientContext c;
    v1::ListSessionsRequest r;
    r.set_page_size(100000);
    v1::ListSessionsResponse out;
    EXPECT_EQ(coach->ListSessions(&c, r, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  store_prefix(5);
  {
    grpc::ClientContext c;
    v1::MetricSeriesRequest r;
    r.set_session_id("bad-1");
    r.set_metric(v1::METRIC_CADENCE_SPM);
    r.set_max_points(2);
    v1::MetricSeries out;
    EXPECT_EQ(coach->GetMetricSeries(&c, r, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  {
    grpc::ClientContext c;
    v1::AddAnnotationRequest r;
    r.mutable_annotation()->set_session_id("bad-1");
    r.mutable_annotation()->set_kind(v1::Annotation::KIND_NOTE);
    r.mutable_annotation()->set_text(std::string(5000, 'x'));
    v1::Annotation out;
    EXPECT_EQ(coach->AddAnnotation(&c, r, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(hub_->hub().store().list_annotations("bad-1").empty());
  }
  {
    grpc::ClientContext c;
    v1::ReadFramesRequest r;
    r.set_session_id("bad-1");
    r.set_from_t_us(100);
    r.set_to_t_us(50);
    auto reader = coach->ReadFrames(&c, r);
    v1::FrameBatch batch;
    while (reader->Read(&batch)) {
    }
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
}

TEST_P(HubBadInput, TooManyOpenSessionsForOneKioskIsResourceExhausted) {
  RawIngest raw(hub_->channel());
  for (int i = 0; i < 4; ++i) {  // the default limit
    v1::SessionStart start = session_.start;
    start.set_session_id("multi-" + std::to_string(i));
    ASSERT_EQ(raw.open(start), 1U);
  }
  v1::SessionStart fifth = session_.start;
  fifth.set_session_id("multi-4");
  EXPECT_EQ(raw.open(fifth), 0U);
  const grpc::Status status = raw.finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_FALSE(hub_->hub().store().session("multi-4").has_value());
}

TEST_P(HubBadInput, ASilentStreamIsEndedWithDeadlineExceededAndFreesItsSession) {
  RawIngest silent(hub_->channel());
  ASSERT_EQ(silent.open(session_.start), 1U);
  ASSERT_TRUE(silent.send_chunk("bad-1", numbered(session_, 0, 10, 1)));
  ASSERT_EQ(silent.await_ack("bad-1", 10)->acked_seq(), 10U);
  // Nothing expires at the current time; two minutes later (the default timeout is 60 s) it does.
  EXPECT_EQ(hub_->hub().expire_idle_streams(std::chrono::steady_clock::now()), 0U);
  EXPECT_EQ(hub_->hub().expire_idle_streams(std::chrono::steady_clock::now() + std::chrono::minutes(2)), 1U);
  EXPECT_EQ(silent.finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  RawIngest next(hub_->channel());  // the session is free for the kiosk's next connection
  EXPECT_EQ(next.open(session_.start), 11U);
  EXPECT_TRUE(next.finish().ok());
  EXPECT_EQ(stored(), 10U);
}

INSTANTIATE_TEST_SUITE_P(Backends, HubBadInput, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& param_info) { return backend_name(param_info.param); });

}  // namespace
}  // namespace runform::testing
