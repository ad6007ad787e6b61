// The restart test: a kiosk process is SIGKILLed mid-session, 20 times in a row over the same
// disk spool. Every restart closes the session the last one left open as interrupted and
// uploads it; at the end the hub holds every recorded frame of every session exactly once, each
// killed session is marked interrupted, and the spool is empty. Seeded and replayable: set
// RUNFORM_RESTART_SEED to the seed a failing run printed.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <random>
#include <thread>

#include "runform/v1/frames.pb.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"

namespace runform::testing {
namespace {

constexpr int kRounds = 20;

pid_t spawn_driver(const std::vector<std::string>& args, const std::filesystem::path& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
    }
    std::vector<char*> argv;
    std::string program = STATION_DRIVER_BIN;
    argv.push_back(program.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

// The session the running driver is recording (not yet closed in the spool) and its last seq.
struct OpenSession {
  std::string id;
  std::uint64_t last_seq = 0;
};

std::optional<OpenSession> open_session(const std::filesystem::path& spool) {
  if (!std::filesystem::exists(spool)) return std::nullopt;
  sqlite3* db = nullptr;
  std::optional<OpenSession> out;
  if (sqlite3_open_v2(spool.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 2000);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT session_id, last_seq FROM spool_sessions WHERE close IS NULL", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      out = OpenSession{reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), static_cast<std::uint64_t>(sqlite3_column_int64(st, 1))};
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

int wait_exit(pid_t pid, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

unsigned restart_seed() {
  if (const char* env = std::getenv("RUNFORM_RESTART_SEED")) return static_cast<unsigned>(std::strtoul(env, nullptr, 10));
  return std::random_device{}();
}

TEST(StationRestart, KilledKioskUploadsEverythingAndClosesSessionsAsInterrupted) {
  const unsigned seed = restart_seed();
  std::printf("restart test seed %u (replay: RUNFORM_RESTART_SEED=%u)\n", seed, seed);
  RecordProperty("seed", static_cast<int>(seed));
  std::mt19937 rng(seed);
  HubUnderTest hub(Backend::kSqlite);
  const auto dir = std::filesystem::temp_directory_path() / ("runform-restart-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto spool = dir / "spool.db";
  const auto log = dir / "driver.log";
  const std::vector<std::string> common = {"--spool", spool.string(), "--hub", hub.target(), "--kiosk-token",
                                             kiosk_token(hub.hub().access(), "treadmill-restart", "kiosk-restart")};

  std::map<std::string, std::uint64_t> killed;  // session → frames it had recorded
  for (int round = 0; round < kRounds; ++round) {
    // Kill somewhere between early calibration and well into the run.
    const auto kill_at = std::uniform_int_distribution<std::uint64_t>(5, 400)(rng);
    std::vector<std::string> args = common;
    args.insert(args.end(), {"--seed", std::to_string(seed + static_cast<unsigned>(round))});
    const pid_t pid = spawn_driver(args, log);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (true) {
      const auto open = open_session(spool);
      if (open && killed.count(open->id) == 0 && open->last_seq >= kill_at) break;
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "round " << round << ": the driver never recorded " << kill_at << " frames";
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    const auto open = open_session(spool);
    ASSERT_TRUE(open.has_value()) << "round " << round;
    killed[open->id] = open->last_seq;
  }

  // A last run that ends normally and waits until the spool is empty.
  std::vector<std::string> args = common;
  args.insert(args.end(), {"--seed", std::to_string(seed + kRounds), "--finish"});
  ASSERT_EQ(wait_exit(spawn_driver(args, log), std::chrono::seconds(180)), 0) << "see " << log;
  ASSERT_FALSE(open_session(spool).has_value());

  auto& store = hub.hub().store();
  ASSERT_EQ(killed.size(), static_cast<std::size_t>(kRounds));
  for (const auto& [id, recorded] : killed) {
    const auto session = store.session(id);
    ASSERT_TRUE(session.has_value()) << id << " never reached the hub";
    EXPECT_TRUE(session->closed) << id;
    EXPECT_EQ(session->stored_seq, recorded) << id << ": every recorded frame, nothing more";
    EXPECT_EQ(store.count_frames(id), recorded) << id << ": each frame once";
    const auto frames = store.read_frames(id, 0, 0, std::numeric_limits<std::int64_t>::max(), 1'000'000);
    for (std::size_t i = 0; i < frames.size(); ++i) ASSERT_EQ(frames[i].seq, i + 1) << id;
    v1::SessionSummary summary;
    ASSERT_TRUE(summary.ParseFromString(session->summary_payload)) << id;
    EXPECT_TRUE(summary.interrupted()) << id << " was killed mid-session";
  }
  services::SessionFilter filter;
  filter.kiosk_id = "kiosk-restart";
  const auto all = store.list_sessions(filter, {}, 1000);
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kRounds + 1)) << "20 interrupted sessions and the finished one";
  std::size_t finished = 0;
  for (const auto& s : all) {
    v1::SessionSummary summary;
    ASSERT_TRUE(summary.ParseFromString(s.summary_payload));
    if (!summary.interrupted()) ++finished;
  }
  EXPECT_EQ(finished, 1U);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace runform::testing
