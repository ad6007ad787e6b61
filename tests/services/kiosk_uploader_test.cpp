// KioskUploader against hubs that say strange things, and over the disk spool. A kiosk must
// survive any answer from any hub: a resume point below what it still holds, far beyond what
// it recorded, or 0 ends that session's upload with a clear error — never a crash — and the
// kiosk keeps uploading its other sessions.
#include <gtest/gtest.h>

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <limits>
#include <mutex>

#include "services/client/hub_channel.h"
#include "services/client/kiosk_uploader.h"
#include "services/client/sqlite_frame_spool.h"
#include "support/hub_harness.h"

namespace runform::testing {
namespace {

using services::KioskUploader;
using services::UploaderOptions;

// A hub that answers opens with whatever resume point the test chooses (given the session and
// how many times this session was opened), acknowledges every chunk at once, and confirms
// closes. It can break every stream after a number of acknowledged frames.
class FakeHub final : public v1::KioskIngest::Service {
 public:
  using ResumeFn = std::function<std::uint64_t(const std::string& session_id, int open_count)>;
  explicit FakeHub(ResumeFn resume) : resume_(std::move(resume)) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(this);
    server_ = builder.BuildAndStart();
  }
  ~FakeHub() override { server_->Shutdown(std::chrono::system_clock::now()); }

  grpc::Status Ingest(grpc::ServerContext*, grpc::ServerReaderWriter<v1::IngestResponse, v1::IngestRequest>* stream) override {
    v1::IngestRequest request;
    std::uint64_t acked_this_stream = 0;
    while (stream->Read(&request)) {
      v1::IngestResponse response;
      const std::lock_guard lock(mutex_);
      if (request.has_open()) {
        const std::string& id = request.open().start().session_id();
        auto* r = response.mutable_resume();
        r->set_session_id(id);
        r->set_next_seq(resume_(id, ++opens_[id]));
      } else if (request.has_chunk()) {
        const auto& chunk = request.chunk();
        for (const auto& f : chunk.frames()) received_[chunk.session_id()].push_back(f.seq());
        auto* a = response.mutable_ack();
        a->set_session_id(chunk.session_id());
        a->set_acked_seq(chunk.frames(chunk.frames_size() - 1).seq());
        acked_this_stream += static_cast<std::uint64_t>(chunk.frames_size());
      } else if (request.has_close()) {
        closed_.push_back(request.close().session_id());
        auto* c = response.mutable_closed();
        c->set_session_id(request.close().session_id());
        c->set_last_seq(request.close().last_seq());
      }
      if (!stream->Write(response)) break;
      if (break_after_frames_ > 0 && acked_this_stream >= break_after_frames_) {
        return {grpc::StatusCode::UNAVAILABLE, "fake hub: connection dropped"};
      }
    }
    return grpc::Status::OK;
  }

  [[nodiscard]] std::string target() const { return "127.0.0.1:" + std::to_string(port_); }
  void break_streams_after(std::uint64_t frames) { break_after_frames_ = frames; }
  [[nodiscard]] std::vector<std::uint64_t> received(const std::string& id) {
    const std::lock_guard lock(mutex_);
    return received_[id];
  }
  [[nodiscard]] int opens(const std::string& id) {
    const std::lock_guard lock(mutex_);
    return opens_[id];
  }

 private:
  ResumeFn resume_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  std::mutex mutex_;
  std::map<std::string, int> opens_;
  std::map<std::string, std::vector<std::uint64_t>> received_;
  std::vector<std::string> closed_;
  std::atomic<std::uint64_t> break_after_frames_{0};
};

UploaderOptions quick_options() {
  UploaderOptions o;
  o.max_chunk_frames = 8;
  o.backoff_initial = std::chrono::milliseconds(5);
  o.backoff_max = std::chrono::milliseconds(20);
  return o;
}

v1::SessionStart start_of(const std::string& id) {
  v1::SessionStart s;
  s.set_session_id(id);
  s.set_kiosk_id("kiosk-test");
  return s;
}

v1::FrameRecord frame_at(std::int64_t t_us) {
  v1::FrameRecord f;
  f.set_t_us(t_us);
  return f;
}

// Records `frames` frames and a close for `id`; returns whether the hub confirmed the close.
bool upload(KioskUploader& uploader, const std::string& id, int frames) {
  uploader.open(start_of(id));
  for (int i = 0; i < frames; ++i) uploader.add_frame(id, frame_at(i * 33'333));
  uploader.close(id, {}, 1'780'000'000'000);
  return uploader.wait_closed(id, std::chrono::seconds(20));
}

struct BadResume {
  const char* name;
  std::uint64_t next_seq;
  const char* message_part;
};

class KioskUploaderBadResume : public ::testing::TestWithParam<BadResume> {};

// The first open of "bad" gets the test's resume point; every other session is answered honestly.
TEST_P(KioskUploaderBadResume, EndsOnlyThatSessionWithAClearError) {
  const BadResume bad = GetParam();
  FakeHub hub([&](const std::string& id, int) -> std::uint64_t { return id == "bad" ? bad.next_seq : 1; });
  KioskUploader uploader(services::make_hub_channel(hub.target()), quick_options());

  EXPECT_FALSE(upload(uploader, "bad", 40)) << "a resume point of " << bad.next_seq << " cannot be honoured";
  const services::SessionUploadState state = uploader.session_state("bad");
  EXPECT_NE(state.error.find(bad.message_part), std::string::npos) << state.error;
  EXPECT_NE(state.error.find("bad"), std::string::npos) << "the error names the session: " << state.error;
  EXPECT_FALSE(state.closed);
  EXPECT_EQ(state.recorded, 40U) << "the frames stay recorded";

  // The kiosk is alive and keeps uploading other sessions over the same uploader.
  EXPECT_TRUE(upload(uploader, "good", 30)) << uploader.stats().last_error;
  EXPECT_EQ(hub.received("good").size(), 30U);
  EXPECT_TRUE(uploader.stats().paused_reason.empty());
}

INSTANTIATE_TEST_SUITE_P(
    AnyResumePoint, KioskUploaderBadResume,
    ::testing::Values(BadResume{"Zero", 0, "resume point 0"}, BadResume{"JustBeyond", 42, "recorded only 40"},
                      BadResume{"FarBeyond", 1'000'000'000'000ULL, "recorded only 40"},
                      BadResume{"Max", std::numeric_limits<std::uint64_t>::max(), "recorded only 40"}),
    [](const auto& p) { return std::string(p.param.name); });

// A hub that loses acknowledged frames asks, after a reconnect, to resume below the front of an
// in-memory spool (those frames were dropped on acknowledgement): the upload stops with an error
// instead of underflowing the spool index.
TEST(KioskUploader, ResumeBelowTheMemorySpoolFrontEndsTheSession) {
  FakeHub hub([](const std::string&, int open_count) -> std::uint64_t { return open_count == 1 ? 1 : 2; });
  hub.break_streams_after(24);
  KioskUploader uploader(services::make_hub_channel(hub.target()), quick_options());
  uploader.open(start_of("lossy"));
  for (int i = 0; i < 60; ++i) uploader.add_frame("lossy", frame_at(i * 33'333));
  uploader.close("lossy", {}, 1'780'000'000'000);
  EXPECT_FALSE(uploader.wait_closed("lossy", std::chrono::seconds(20)));
  const services::SessionUploadState state = uploader.session_state("lossy");
  EXPECT_GE(state.acked, 24U);
  EXPECT_NE(state.error.find("no longer holds"), std::string::npos) << state.error;
  EXPECT_GE(hub.opens("lossy"), 2);
}

// The same hub against the disk spool, which keeps a session's frames until its close is
// confirmed: the frames the hub lost are sent again and the session completes.
TEST(KioskUploader, ResumeBelowAcknowledgedIsHonouredFromTheDiskSpool) {
  const auto path = std::filesystem::temp_directory_path() / ("runform-uploader-spool-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  FakeHub hub([](const std::string&, int open_count) -> std::uint64_t { return open_count == 1 ? 1 : 2; });
  hub.break_streams_after(24);
  {
    services::SqliteFrameSpool spool(path, 10'000);
    KioskUploader uploader(services::make_hub_channel(hub.target()), spool, quick_options());
    uploader.open(start_of("lossy"));
    for (int i = 0; i < 60; ++i) ASSERT_TRUE(uploader.try_add_frame("lossy", frame_at(i * 33'333)).has_value());
    uploader.close("lossy", {}, 1'780'000'000'000);
    // Every stream breaks after 24 frames and resumes at 2, so frames 2… are re-sent each time
    // until one stream carries 2…60 and the close.
    hub.break_streams_after(0);
    EXPECT_TRUE(uploader.wait_closed("lossy", std::chrono::seconds(20))) << uploader.session_state("lossy").error;
    EXPECT_EQ(spool.stored_frames(), 0U) << "a confirmed session leaves the spool";
    EXPECT_TRUE(spool.sessions().empty());
  }
  const std::vector<std::uint64_t> got = hub.received("lossy");
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.back(), 60U);
  std::filesystem::remove(path);
}

// An acknowledgement of a frame never sent is a hub bug too: that session stops, cleanly.
TEST(KioskUploader, AckBeyondWhatWasSentEndsTheSession) {
  class AckTooFar final : public v1::KioskIngest::Service {
   public:
    grpc::Status Ingest(grpc::ServerContext*, grpc::ServerReaderWriter<v1::IngestResponse, v1::IngestRequest>* stream) override {
      v1::IngestRequest request;
      while (stream->Read(&request)) {
        v1::IngestResponse response;
        if (request.has_open()) {
          response.mutable_resume()->set_session_id(request.open().start().session_id());
          response.mutable_resume()->set_next_seq(1);
        } else if (request.has_chunk()) {
          response.mutable_ack()->set_session_id(request.chunk().session_id());
          response.mutable_ack()->set_acked_seq(1'000'000);
        } else {
          continue;
        }
        if (!stream->Write(response)) break;
      }
      return grpc::Status::OK;
    }
  } service;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  const auto server = builder.BuildAndStart();
  {
    KioskUploader uploader(services::make_hub_channel("127.0.0.1:" + std::to_string(port)), quick_options());
    EXPECT_FALSE(upload(uploader, "acked-too-far", 20));
    EXPECT_NE(uploader.session_state("acked-too-far").error.find("has not sent"), std::string::npos)
        << uploader.session_state("acked-too-far").error;
  }
  server->Shutdown(std::chrono::system_clock::now());
}

}  // namespace
}  // namespace runform::testing
