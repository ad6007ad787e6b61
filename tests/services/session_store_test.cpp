// The one store test suite, run against every backend: SQLite and a real PostgreSQL server.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <sqlite3.h>

#include "services/store/migrations.h"
#include "services/store/open_store.h"
#include "support/store_backends.h"

namespace runform::services {
namespace {

using testing::Backend;
using testing::ScratchStore;

StoredSession make_session(const std::string& id, std::int64_t started_ms, const std::string& athlete = "ath-1",
                           const std::string& station = "st-1") {
  StoredSession s;
  s.session_id = id;
  s.kiosk_id = "kiosk-" + station;
  s.station_id = station;
  s.athlete_id = athlete;
  s.athlete_name = athlete.empty() ? "" : "Name of " + athlete;
  s.started_unix_ms = started_ms;
  s.start_payload = std::string("start\0payload:", 14) + id;  // embedded NUL: payloads are bytes
  return s;
}

std::vector<StoredFrame> make_frames(std::uint64_t first_seq, std::size_t count) {
  std::vector<StoredFrame> frames;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t seq = first_seq + i;
    std::string payload = "frame-" + std::to_string(seq);
    payload.push_back('\0');
    payload.push_back(static_cast<char>(0xFF));
    frames.push_back({seq, static_cast<std::int64_t>(seq) * 33'333, payload});
  }
  return frames;
}

class SessionStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<ScratchStore>(GetParam());
    if (scratch_->spec().empty()) GTEST_SKIP() << scratch_->skip_reason();
    store_ = open_store(scratch_->spec());
  }
  void TearDown() override {
    store_.reset();
    scratch_.reset();
  }

  std::unique_ptr<ScratchStore> scratch_;
  std::unique_ptr<SessionStore> store_;
};

TEST_P(SessionStoreTest, MigratesToTheLatestSchemaAndReopensWithData) {
  EXPECT_EQ(store_->schema_version(), latest_schema_version());
  store_->write({OpenOp{make_session("s1", 1000)}, AppendOp{"s1", make_frames(1, 3)}});
  store_.reset();
  store_ = open_store(scratch_->spec());
  EXPECT_EQ(store_->schema_version(), latest_schema_version());
  ASSERT_TRUE(store_->session("s1").has_value());
  EXPECT_EQ(store_->count_frames("s1"), 3U);
}

TEST_P(SessionStoreTest, OpenIsIdempotentAndKeepsTheFirstStart) {
  store_->write({OpenOp{make_session("s1", 1000)}});
  StoredSession changed = make_session("s1", 5000);
  changed.station_id = "other";
  store_->write({OpenOp{changed}});
  const auto s = store_->session("s1");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->started_unix_ms, 1000);
  EXPECT_EQ(s->station_id, "st-1");
  EXPECT_EQ(s->start_payload, make_session("s1", 1000).start_payload);
  EXPECT_EQ(s->stored_seq, 0U);
  EXPECT_FALSE(s->closed);
  EXPECT_FALSE(store_->session("unknown").has_value());
}

TEST_P(SessionStoreTest, FramesReadBackByteForByte) {
  const auto frames = make_frames(1, 250);
  store_->write({OpenOp{make_session("s1", 1000)}, AppendOp{"s1", {frames.begin(), frames.begin() + 100}}});
  store_->write({AppendOp{"s1", {frames.begin() + 100, frames.end()}}});
  const auto s = store_->session("s1");
  EXPECT_EQ(s->stored_seq, 250U);
  EXPECT_EQ(s->last_t_us, frames.back().t_us);
  EXPECT_EQ(store_->read_frames("s1", 0, 0, INT64_MAX, 1000), frames);
}

TEST_P(SessionStoreTest, AGapRollsBackTheWholeBatch) {
  store_->write({OpenOp{make_session("s1", 1000)}, AppendOp{"s1", make_frames(1, 10)}});
  EXPECT_THROW(store_->write({OpenOp{make_session("s2", 2000)}, AppendOp{"s1", make_frames(12, 5)}}), StoreError);
  EXPECT_FALSE(store_->session("s2").has_value()) << "the open in the failed batch must be rolled back";
  EXPECT_EQ(store_->session("s1")->stored_seq, 10U);
  EXPECT_EQ(store_->count_frames("s1"), 10U);
}

TEST_P(SessionStoreTest, AReplayedRangeIsRejectedAndNothingIsStoredTwice) {
  store_->write({OpenOp{make_session("s1", 1000)}, AppendOp{"s1", make_frames(1, 10)}});
  EXPECT_THROW(store_->write({AppendOp{"s1", make_frames(5, 10)}}), StoreError);
  EXPECT_EQ(store_->count_frames("s1"), 10U);
  store_->write({AppendOp{"s1", make_frames(11, 5)}});  // the store is still usable
  EXPECT_EQ(store_->count_frames("s1"), 15U);
}

TEST_P(SessionStoreTest, FramesOfAnUnknownSessionAreRejected) {
  EXPECT_THROW(store_->write({AppendOp{"ghost", make_frames(1, 2)}}), StoreError);
  EXPECT_THROW(store_->write({CloseOp{"ghost", 1, "x"}}), StoreError);
}

TEST_P(SessionStoreTest, InterleavedSessionsInOneBatch) {
  std::vector<WriteOp> ops;
  for (int s = 0; s < 5; ++s) ops.emplace_back(OpenOp{make_session("s" + std::to_string(s), 1000 + s)});
  for (int round = 0; round < 4; ++round) {
    for (int s = 0; s < 5; ++s) ops.emplace_back(AppendOp{"s" + std::to_string(s), make_frames(1 + round * 7, 7)});
  }
  store_->write(ops);
  for (int s = 0; s < 5; ++s) {
    EXPECT_EQ(store_->count_frames("s" + std::to_string(s)), 28U);
    EXPECT_EQ(store_->session("s" + std::to_string(s))->stored_seq, 28U);
  }
}

TEST_P(SessionStoreTest, CloseStoresTheSummaryAndTrendsSeeOnlyClosedSessions) {
  store_->write({OpenOp{make_session("a", 3000)}, OpenOp{make_session("b", 1000)}, OpenOp{make_session("c", 2000)},
                 OpenOp{make_session("other", 500, "ath-2")}});
  const std::string summary("sum\0mary", 8);
  store_->write({CloseOp{"a", 9000, summary}, CloseOp{"b", 8000, "b-summary"}, CloseOp{"other", 600, "o"}});
  const auto a = store_->session("a");
  EXPECT_TRUE(a->closed);
  EXPECT_EQ(a->ended_unix_ms, 9000);
  EXPECT_EQ(a->summary_payload, summary);
  const auto sessions = store_->athlete_sessions("ath-1");
  ASSERT_EQ(sessions.size(), 2U);
  EXPECT_EQ(sessions[0].session_id, "b");  // oldest first; "c" is still open
  EXPECT_EQ(sessions[1].session_id, "a");
}

TEST_P(SessionStoreTest, ListsSessionsNewestFirstWithFiltersAndPaging) {
  std::vector<WriteOp> ops;
  for (int i = 0; i < 7; ++i) {
    ops.emplace_back(OpenOp{make_session("s" + std::to_string(i), 1000 * (i / 2), i % 3 == 0 ? "ath-x" : "ath-y",
                                         i % 2 == 0 ? "st-a" : "st-b")});
  }
  store_->write(ops);
  std::vector<std::string> seen;
  std::optional<SessionCursor> cursor;
  for (int page = 0; page < 10; ++page) {
    const auto rows = store_->list_sessions({}, cursor, 3);
    for (const auto& r : rows) seen.push_back(r.session_id);
    if (rows.size() < 3) break;
    cursor = SessionCursor{rows.back().started_unix_ms, rows.back().session_id};
  }
  // started: s0,s1 → 0; s2,s3 → 1000; s4,s5 → 2000; s6 → 3000. Ties go by id, descending.
  EXPECT_EQ(seen, (std::vector<std::string>{"s6", "s5", "s4", "s3", "s2", "s1", "s0"}));

  SessionFilter by_athlete;
  by_athlete.athlete_id = "ath-x";
  std::vector<std::string> athlete_ids;
  for (const auto& r : store_->list_sessions(by_athlete, std::nullopt, 50)) athlete_ids.push_back(r.session_id);
  EXPECT_EQ(athlete_ids, (std::vector<std::string>{"s6", "s3", "s0"}));

  SessionFilter window;
  window.station_id = "st-b";
  window.started_after_unix_ms = 0;
  window.started_before_unix_ms = 2000;
  std::vector<std::string> window_ids;
  for (const auto& r : store_->list_sessions(window, std::nullopt, 50)) window_ids.push_back(r.session_id);
  EXPECT_EQ(window_ids, (std::vector<std::string>{"s3", "s1"}));
  window.started_after_unix_ms = 500;
  EXPECT_EQ(store_->list_sessions(window, std::nullopt, 50).size(), 1U);
}

TEST_P(SessionStoreTest, ListsAthletesWithCountsNamesAndPaging) {
  StoredSession renamed = make_session("s3", 3000, "ath-1");
  renamed.athlete_name = "Newer Name";
  store_->write({OpenOp{make_session("s1", 1000, "ath-1")}, OpenOp{make_session("s2", 2000, "ath-2")},
                 OpenOp{renamed}, OpenOp{make_session("guest", 4000, "")}});
  const auto first = store_->list_athletes("", 1);
  ASSERT_EQ(first.size(), 1U);
  EXPECT_EQ(first[0].athlete_id, "ath-1");
  EXPECT_EQ(first[0].session_count, 2U);
  EXPECT_EQ(first[0].name, "Newer Name");
  EXPECT_EQ(first[0].last_session_unix_ms, 3000);
  const auto rest = store_->list_athletes("ath-1", 10);
  ASSERT_EQ(rest.size(), 1U) << "guests (empty athlete id) are not athletes";
  EXPECT_EQ(rest[0].athlete_id, "ath-2");
}

TEST_P(SessionStoreTest, ReadsFramesByTimeRangeAndPages) {
  store_->write({OpenOp{make_session("s1", 1000)}, AppendOp{"s1", make_frames(1, 100)}});
  // t_us = seq × 33,333: [10 × 33,333, 20 × 33,333) holds seq 10…19.
  const auto range = store_->read_frames("s1", 0, 10 * 33'333, 20 * 33'333, 1000);
  ASSERT_EQ(range.size(), 10U);
  EXPECT_EQ(range.front().seq, 10U);
  EXPECT_EQ(range.back().seq, 19U);
  const auto page = store_->read_frames("s1", 15, 0, INT64_MAX, 4);
  ASSERT_EQ(page.size(), 4U);
  EXPECT_EQ(page.front().seq, 16U);
  EXPECT_TRUE(store_->read_frames("unknown", 0, 0, INT64_MAX, 10).empty());
}

TEST_P(SessionStoreTest, AnnotationsComeBackInTimeOrder) {
  store_->write({OpenOp{make_session("s1", 1000)}});
  const auto late = store_->add_annotation({0, "s1", 9'000'000, 2, "coach-a", "late bookmark", 111});
  const auto early = store_->add_annotation({0, "s1", 1'000'000, 1, "coach-b", "shoulders creep up here ✓", 222});
  EXPECT_NE(late.annotation_id, early.annotation_id);
  const auto rows = store_->list_annotations("s1");
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].text, "shoulders creep up here ✓");
  EXPECT_EQ(rows[0].author, "coach-b");
  EXPECT_EQ(rows[0].kind, 1);
  EXPECT_EQ(rows[1].t_us, 9'000'000);
  EXPECT_TRUE(store_->list_annotations("other").empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, SessionStoreTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& param_info) { return testing::backend_name(param_info.param); });

TEST(OpenStore, RejectsAnUnknownSpecWithAnExample) {
  try {
    open_store("mysql://x");
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("sqlite:PATH"), std::string::npos) << e.what();
  }
  EXPECT_THROW(open_store("sqlite:"), StoreError);
  EXPECT_THROW(open_store("sqlite:/nonexistent-dir/x/hub.db"), StoreError);
}

TEST(OpenStore, RefusesADatabaseFromANewerHub) {
  ScratchStore scratch(Backend::kSqlite);
  open_store(scratch.spec());
  {
    sqlite3* db = nullptr;
    sqlite3_open(scratch.spec().substr(7).c_str(), &db);
    sqlite3_exec(db, "INSERT INTO schema_version VALUES (99, 0)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  try {
    open_store(scratch.spec());
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 99"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace runform::services
