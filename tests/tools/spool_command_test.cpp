// `runform spool`: staff see the sessions a kiosk holds, the refused ones with the hub's words
// and when, and take a refused one back into the upload; mistakes get clear errors and exit 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "common/cli_conventions.h"
#include "services/client/sqlite_frame_spool.h"
#include "tools/spool_command.h"

namespace runform::tools {
namespace {

struct SpoolFixture : ::testing::Test {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("runform-spool-cmd-" + std::to_string(::getpid()) + ".db");
  std::ostringstream out, err;

  void SetUp() override {
    remove();
    services::SqliteFrameSpool spool(path, 1000);
    for (const char* id : {"kept-1", "refused-1"}) {
      v1::SessionStart start;
      start.set_session_id(id);
      spool.add_session(start, true);
      for (int i = 0; i < 3; ++i) {
        v1::FrameRecord frame;
        frame.set_t_us(i * 33'333);
        spool.append(id, frame);
      }
    }
    // 2026-05-28 20:26:40 UTC
    spool.set_refused("refused-1", {"session 'refused-1' belongs to kiosk 'k2'; choose a new session id", 1'780'000'000'000});
  }
  void TearDown() override { remove(); }
  void remove() const {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
  int run(const std::string& action, const std::string& session = {}) {
    return run_spool_command({action, session, path.string()}, out, err);
  }
};

TEST_F(SpoolFixture, ListShowsRefusedSessionsWithTheHubsWordsAndWhen) {
  ASSERT_EQ(run("list"), common::kExitOk) << err.str();
  const std::string text = out.str();
  EXPECT_NE(text.find("2 sessions"), std::string::npos) << text;
  EXPECT_NE(text.find("kept-1  3 frames recorded, 0 acknowledged"), std::string::npos) << text;
  EXPECT_NE(text.find("REFUSED by the hub at 2026-05-28 20:26:40 UTC: session 'refused-1' belongs to kiosk 'k2'"),
            std::string::npos) << text;
  EXPECT_NE(text.find("runform spool retry refused-1"), std::string::npos) << text;
  EXPECT_NE(text.find("1 session was refused"), std::string::npos) << text;
}

TEST_F(SpoolFixture, RetryTakesTheMarkOffAndKeepsTheFrames) {
  ASSERT_EQ(run("retry", "refused-1"), common::kExitOk) << err.str();
  services::SqliteFrameSpool spool(path, 1000);
  for (const auto& s : spool.sessions()) EXPECT_FALSE(s.refusal.has_value()) << s.start.session_id();
  EXPECT_EQ(spool.read_all("refused-1").size(), 3U);
}

TEST_F(SpoolFixture, MistakesAreRefusedWithWhatToDo) {
  EXPECT_EQ(run("retry", "kept-1"), common::kExitBadInput);
  EXPECT_NE(err.str().find("was not refused"), std::string::npos) << err.str();
  EXPECT_EQ(run("retry", "nope"), common::kExitBadInput);
  EXPECT_NE(err.str().find("no session nope"), std::string::npos) << err.str();
  EXPECT_EQ(run("retry"), common::kExitBadInput);
  EXPECT_NE(err.str().find("needs the session id"), std::string::npos) << err.str();
  const auto missing = path.string() + ".missing";
  EXPECT_EQ(run_spool_command({"list", "", missing}, out, err), common::kExitBadInput);
  EXPECT_NE(err.str().find("no spool at " + missing), std::string::npos) << err.str();
  EXPECT_FALSE(std::filesystem::exists(missing)) << "a typo in the path creates no empty spool";
}

}  // namespace
}  // namespace runform::tools
