// Connection exhaustion: 2,000 idle TCP connections to a hub process started under the systemd
// default open-file limit (soft 1024). The hub lifts its own limit at start, so the health check
// keeps answering, a well-behaved kiosk still uploads, a coach still reads, and what was stored
// before is unchanged. Prints the hub's peak and settled memory.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <grpcpp/client_context.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "grpc/health/v1/health.grpc.pb.h"
#include "services/client/hub_channel.h"
#include "services/client/kiosk_uploader.h"
#include "services/hub/open_file_limit.h"
#include "services/store/access_store.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"
#include "tools/loadgen/child_process.h"

namespace runform::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kIdleConnections = 2000;      // about twice what wedged the hub before (issue 11)
constexpr int kSystemdDefaultSoftLimit = 1024;

// A field of /proc/PID/status in KiB ("VmRSS", "VmHWM"); 0 if absent.
long status_kib(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return 0;
}

// The soft "Max open files" of a process.
long soft_open_files(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/limits");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Max open files", 0) == 0) {
      std::istringstream fields(line.substr(std::string("Max open files").size()));
      long soft = 0;
      fields >> soft;
      return soft;
    }
  }
  return 0;
}

void upload(const std::string& target, const services::RecordedSession& session, const std::string& kiosk_token) {
  services::KioskUploader uploader(services::make_hub_channel(target, {"", "", kiosk_token}));
  uploader.open(session.start);
  for (const auto& f : session.frames) uploader.add_frame(session.start.session_id(), f);
  uploader.close(session.start.session_id(), session.summary, session.start.started_unix_ms() + 60'000);
  ASSERT_TRUE(uploader.wait_closed(session.start.session_id(), std::chrono::seconds(30)))
      << uploader.stats().last_error << uploader.stats().paused_reason;
}

// What a coach sees of one session: its stored frame count (0 if it cannot be read).
std::uint64_t stored_frames(const std::string& target, const std::string& session_id, const std::string& token) {
  auto coach = v1::CoachService::NewStub(services::make_hub_channel(target, {"", "", token}));
  grpc::ClientContext context;
  context.set_wait_for_ready(true);  // a connect may queue behind the idle ones; retry within the deadline
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::GetSessionRequest request;
  request.set_session_id(session_id);
  v1::SessionInfo info;
  const auto status = coach->GetSession(&context, request, &info);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return info.stored_seq();
}

TEST(HubConnectionAbuse, TwoThousandIdleConnectionsUnderA1024FileLimitDoNotWedgeTheHub) {
  const auto before = services::raise_open_file_limit();  // this test process holds the 2,000 sockets
  if (before.after < kIdleConnections + 200) GTEST_SKIP() << "hard open-file limit too low: " << before.after;
  const fs::path work = fs::temp_directory_path() / ("runform-conn-abuse-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  // The systemd default: soft 1024 (the hard limit stays as it is), set in the shell that execs the hub.
  // A staff account and the two stations' kiosks, set up in the store before the hub starts.
  const std::string store = "sqlite:" + (work / "hub.db").string();
  std::string staff;
  std::string kiosk_1;
  std::string kiosk_2;
  {
    const auto access = services::open_access_store(store);
    staff = person_token(*access, "staff", v1::ROLE_STAFF);
    kiosk_1 = kiosk_token(*access, "station-1", "kiosk-station-1");
    kiosk_2 = kiosk_token(*access, "station-2", "kiosk-station-2");
  }
  const std::string shell = "ulimit -Sn " + std::to_string(kSystemdDefaultSoftLimit) + " && exec \"$0\" \"$@\"";
  loadgen::ChildProcess hub("/bin/sh",
                            {"-c", shell, RUNFORM_HUB_BIN, "--address", "127.0.0.1:0", "--insecure-loopback", "--store",
                             store, "--port-file", (work / "hub.port").string(),
                             "--log-level", "warn", "--commit-interval-ms", "20"},
                            work / "hub.port", work / "hub.log");
  const std::string target = "127.0.0.1:" + std::to_string(hub.port());
  EXPECT_GT(soft_open_files(hub.pid()), kIdleConnections) << "the hub did not raise its open-file limit";

  const auto first = recorded_session("before-abuse", 10.0);
  upload(target, first, kiosk_1);
  const std::uint64_t first_frames = stored_frames(target, "before-abuse", staff);
  ASSERT_EQ(first_frames, first.frames.size());

  std::vector<int> sockets;
  sockets.reserve(kIdleConnections);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(hub.port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (int i = 0; i < kIdleConnections; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0) << "the test itself ran out of descriptors at " << i;
    ASSERT_EQ(::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0) << "connection " << i;
    sockets.push_back(fd);
  }

  // While all 2,000 sit there: health, a new kiosk session and a coach read all work.
  {
    auto health = grpc::health::v1::Health::NewStub(services::make_hub_channel(target));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context.set_wait_for_ready(true);  // the first attempt may queue behind the 2,000; retry within the deadline
    grpc::health::v1::HealthCheckResponse response;
    const auto status = health->Check(&context, {}, &response);
    ASSERT_TRUE(status.ok()) << "health check stopped answering: " << status.error_message();
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  }
  const auto second = recorded_session("during-abuse", 10.0, form::View::kFront, "ath-2", "station-2");
  upload(target, second, kiosk_2);
  EXPECT_EQ(stored_frames(target, "during-abuse", staff), second.frames.size());
  EXPECT_EQ(stored_frames(target, "before-abuse", staff), first_frames) << "stored data changed";

  for (const int fd : sockets) ::close(fd);
  EXPECT_EQ(stored_frames(target, "before-abuse", staff), first_frames);
  std::printf("hub memory with %d idle connections: peak (VmHWM) %.1f MiB, settled (VmRSS) %.1f MiB\n",
              kIdleConnections, static_cast<double>(status_kib(hub.pid(), "VmHWM")) / 1024.0,
              static_cast<double>(status_kib(hub.pid(), "VmRSS")) / 1024.0);
  EXPECT_EQ(hub.terminate(), 0);
  fs::remove_all(work);
}

// Large reads: 16 coaches read a long session at once, twice. Prints the hub's resident memory
// before, at the peak and after; what the reads took must go back (the hub once kept 2.4 GB).
TEST(HubMemory, LargeReadsGiveTheirMemoryBack) {
  constexpr int kReaders = 16;
  constexpr int kRounds = 2;
  const fs::path work = fs::temp_directory_path() / ("runform-read-memory-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  const std::string store = "sqlite:" + (work / "hub.db").string();
  std::string staff;
  std::string kiosk_1;
  {
    const auto access = services::open_access_store(store);
    staff = person_token(*access, "staff", v1::ROLE_STAFF);
    kiosk_1 = kiosk_token(*access, "station-1", "kiosk-station-1");
  }
  loadgen::ChildProcess hub(RUNFORM_HUB_BIN,
                            {"--address", "127.0.0.1:0", "--insecure-loopback", "--store",
                             store, "--port-file", (work / "hub.port").string(),
                             "--log-level", "warn", "--commit-interval-ms", "20"},
                            work / "hub.port", work / "hub.log");
  const std::string target = "127.0.0.1:" + std::to_string(hub.port());
  const auto session = recorded_session("long-read", 600.0);  // 10 minutes, 18,000 frames
  upload(target, session, kiosk_1);
  const long baseline_kib = status_kib(hub.pid(), "VmRSS");

  std::vector<std::thread> readers;
  std::atomic<std::size_t> frames_read{0};
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&] {
      auto coach = v1::CoachService::NewStub(services::make_hub_channel(target, {"", "", staff}));
      for (int round = 0; round < kRounds; ++round) {
        grpc::ClientContext context;
        context.set_wait_for_ready(true);  // 16 connections at once on 2 busy cores: retry the connect
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
        v1::ReadFramesRequest request;
        request.set_session_id("long-read");
        auto reader = coach->ReadFrames(&context, request);
        v1::FrameBatch batch;
        while (reader->Read(&batch)) frames_read += static_cast<std::size_t>(batch.frames_size());
        const auto status = reader->Finish();
        EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
      }
    });
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(frames_read.load(), session.frames.size() * kReaders * kRounds);
  const long peak_kib = status_kib(hub.pid(), "VmHWM");
  const long settled_kib = status_kib(hub.pid(), "VmRSS");
  std::printf("hub memory, %d readers × %d reads of %zu frames: before %.1f MiB, peak (VmHWM) %.1f MiB, "
              "settled (VmRSS) %.1f MiB\n",
              kReaders, kRounds, session.frames.size(), static_cast<double>(baseline_kib) / 1024.0,
              static_cast<double>(peak_kib) / 1024.0, static_cast<double>(settled_kib) / 1024.0);
  EXPECT_LT(settled_kib - baseline_kib, (peak_kib - baseline_kib) / 2 + 16 * 1024)
      << "the reads' memory did not go back";
  EXPECT_EQ(hub.terminate(), 0);
  fs::remove_all(work);
}

}  // namespace
}  // namespace runform::testing
