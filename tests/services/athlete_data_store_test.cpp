// Athlete data rights at the store, on SQLite and a real PostgreSQL server: an erasure removes
// every session, frame and note of one athlete in one transaction and leaves the others exactly
// as they were; the export cursor reads back exactly what the store holds, in bounded pieces;
// retention purges old frames and keeps the sessions with their summaries, marked purged.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "services/store/athlete_export.h"
#include "services/store/open_store.h"
#include "support/store_backends.h"

namespace runform::services {
namespace {

using testing::Backend;
using testing::ScratchStore;

constexpr std::int64_t kDayMs = 86'400'000;

StoredSession session_of(const std::string& id, const std::string& athlete, std::int64_t started_ms) {
  StoredSession s;
  s.session_id = id;
  s.kiosk_id = "kiosk-1";
  s.station_id = "st-1";
  s.athlete_id = athlete;
  s.athlete_name = athlete.empty() ? "" : "Name of " + athlete;
  s.started_unix_ms = started_ms;
  s.start_payload = "start of " + id;
  return s;
}

std::vector<StoredFrame> frames_of(const std::string& id, std::uint64_t first, std::size_t count) {
  std::vector<StoredFrame> out;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t seq = first + i;
    out.push_back({seq, static_cast<std::int64_t>(seq) * 33'333, id + "/frame " + std::to_string(seq) + '\0'});
  }
  return out;
}

// Everything the store says about a session: row, every frame, every note.
struct Snapshot {
  StoredSession row;
  std::vector<StoredFrame> frames;
  std::vector<AnnotationRow> notes;
};

class AthleteDataStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<ScratchStore>(GetParam());
    if (scratch_->spec().empty()) GTEST_SKIP() << scratch_->skip_reason();
    store_ = open_store(scratch_->spec());
  }

  // An athlete's session with frames, closed, and a note.
  void seed(const std::string& id, const std::string& athlete, std::int64_t started_ms, std::size_t frames) {
    store_->write({OpenOp{session_of(id, athlete, started_ms)}, AppendOp{id, frames_of(id, 1, frames)},
                   CloseOp{id, started_ms + 60'000, "summary of " + id}});
    store_->add_annotation({0, id, 1000, 1, "coach-a", "note on " + id, started_ms + 1});
  }

  Snapshot snapshot(const std::string& id) {
    Snapshot s;
    s.row = *store_->session(id);
    s.frames = store_->read_frames(id, 0, 0, INT64_MAX, 1'000'000);
    s.notes = store_->list_annotations(id);
    return s;
  }

  std::unique_ptr<ScratchStore> scratch_;
  std::unique_ptr<SessionStore> store_;
};

void expect_same(const Snapshot& a, const Snapshot& b) {
  EXPECT_EQ(a.row.start_payload, b.row.start_payload);
  EXPECT_EQ(a.row.summary_payload, b.row.summary_payload);
  EXPECT_EQ(a.row.stored_seq, b.row.stored_seq);
  EXPECT_EQ(a.row.closed, b.row.closed);
  EXPECT_EQ(a.frames, b.frames);
  ASSERT_EQ(a.notes.size(), b.notes.size());
  for (std::size_t i = 0; i < a.notes.size(); ++i) EXPECT_EQ(a.notes[i].text, b.notes[i].text);
}

TEST_P(AthleteDataStoreTest, ErasureRemovesOneAthleteCompletelyAndNoOneElse) {
  seed("a-1", "ann", 1'000'000, 40);
  seed("a-2", "ann", 2'000'000, 25);
  seed("b-1", "bob", 1'500'000, 30);
  seed("g-1", "", 1'700'000, 10);  // a guest
  store_->write({OpenOp{session_of("a-open", "ann", 3'000'000)}, AppendOp{"a-open", frames_of("a-open", 1, 5)}});
  const Snapshot bob = snapshot("b-1");
  const Snapshot guest = snapshot("g-1");

  const ErasureCounts counts = store_->erase_athlete("ann", "ref-ann", 5'000'000);
  EXPECT_EQ(counts.sessions, 3U);
  EXPECT_EQ(counts.frames, 70U);
  EXPECT_EQ(counts.annotations, 2U);

  for (const char* id : {"a-1", "a-2", "a-open"}) {
    EXPECT_FALSE(store_->session(id).has_value()) << id;
    EXPECT_EQ(store_->count_frames(id), 0U) << id;
    EXPECT_TRUE(store_->read_frames(id, 0, 0, INT64_MAX, 100).empty()) << id;
    EXPECT_TRUE(store_->list_annotations(id).empty()) << id;
  }
  SessionFilter by_ann;
  by_ann.athlete_id = "ann";
  EXPECT_TRUE(store_->list_sessions(by_ann, std::nullopt, 100).empty());
  EXPECT_TRUE(store_->athlete_sessions("ann").empty());
  for (const auto& row : store_->list_sessions({}, std::nullopt, 100)) {
    EXPECT_NE(row.athlete_id, "ann");
    EXPECT_EQ(row.athlete_name.find("ann"), std::string::npos);
  }
  const auto athletes = store_->list_athletes("", 100);
  ASSERT_EQ(athletes.size(), 1U);
  EXPECT_EQ(athletes[0].athlete_id, "bob");
  expect_same(snapshot("b-1"), bob);
  expect_same(snapshot("g-1"), guest);

  EXPECT_EQ(store_->athlete_erased_unix_ms("ref-ann"), 5'000'000);
  EXPECT_EQ(store_->athlete_erased_unix_ms("ref-bob"), 0);
  // A later erasure of the same athlete moves the mark forward, an earlier one never back.
  store_->erase_athlete("ann", "ref-ann", 4'000'000);
  EXPECT_EQ(store_->athlete_erased_unix_ms("ref-ann"), 5'000'000);
}

TEST_P(AthleteDataStoreTest, AnErasedSessionIdStoresANewSessionFromScratch) {
  seed("a-1", "ann", 1'000'000, 40);
  store_->erase_athlete("ann", "ref-ann", 5'000'000);
  // The store's cached key of the erased session must not send new frames to a reused key.
  store_->write({OpenOp{session_of("a-1", "ann", 6'000'000)}, AppendOp{"a-1", frames_of("a-1", 1, 3)}});
  EXPECT_EQ(store_->count_frames("a-1"), 3U);
  EXPECT_EQ(store_->session("a-1")->stored_seq, 3U);
}

TEST_P(AthleteDataStoreTest, ErasingAGuestIsRefused) {
  seed("g-1", "", 1'700'000, 10);
  EXPECT_THROW(store_->erase_athlete("", "ref", 1), StoreError);
  EXPECT_EQ(store_->count_frames("g-1"), 10U);
}

TEST_P(AthleteDataStoreTest, SQLiteLeavesNoErasedBytesInItsFiles) {
  if (GetParam() != Backend::kSqlite) GTEST_SKIP() << "PostgreSQL keeps dead rows until VACUUM (documented)";
  const std::string marker = "Zelda-Quartermaine-7731";
  StoredSession s = session_of("z-1", "zelda", 1'000'000);
  s.athlete_name = marker;
  s.start_payload = "start " + marker;
  store_->write({OpenOp{s}, AppendOp{"z-1", frames_of("z-1", 1, 200)}});
  store_->add_annotation({0, "z-1", 1, 1, "coach", "talked to " + marker, 1});
  seed("b-1", "bob", 1'500'000, 30);
  store_->erase_athlete("zelda", "ref-z", 2'000'000);
  store_.reset();  // closes the connections: everything is in the main file
  const std::string path = scratch_->spec().substr(std::string("sqlite:").size());
  for (const std::string& file : {path, path + "-wal"}) {
    std::ifstream in(file, std::ios::binary);
    if (!in) continue;
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find(marker), std::string::npos) << file << " still holds the erased name";
    EXPECT_EQ(bytes.find("z-1/frame"), std::string::npos) << file << " still holds erased frames";
  }
}

TEST_P(AthleteDataStoreTest, ExportReadsBackEverythingInBoundedPieces) {
  seed("a-1", "ann", 1'000'000, 2'345);
  seed("a-2", "ann", 2'000'000, 7);
  store_->write({OpenOp{session_of("a-3", "ann", 3'000'000)}});  // no frames yet
  seed("b-1", "bob", 1'500'000, 30);
  std::map<std::string, Snapshot> read;
  std::vector<std::string> order;
  AthleteExportCursor cursor(*store_, "ann", 1000);
  std::size_t pieces = 0;
  while (auto piece = cursor.next()) {
    ++pieces;
    switch (piece->kind) {
      case ExportPiece::Kind::kSession:
        order.push_back(piece->session.session_id);
        read[piece->session.session_id].row = piece->session;
        break;
      case ExportPiece::Kind::kFrames:
        EXPECT_LE(piece->frames.size(), 1000U);
        EXPECT_FALSE(piece->frames.empty());
        for (auto& f : piece->frames) read[piece->session_id].frames.push_back(f);
        break;
      case ExportPiece::Kind::kAnnotations:
        read[piece->session_id].notes = piece->annotations;
        break;
    }
  }
  EXPECT_EQ(order, (std::vector<std::string>{"a-3", "a-2", "a-1"}));  // newest first
  EXPECT_EQ(pieces, 3U + 3U + 1U + 2U);  // sessions, frame pages (3 + 1 + 0), notes
  for (const char* id : {"a-1", "a-2", "a-3"}) expect_same(read.at(id), snapshot(id));
  EXPECT_FALSE(read.contains("b-1"));
  AthleteExportCursor nobody(*store_, "nobody");
  EXPECT_FALSE(nobody.next().has_value());
  AthleteExportCursor guest(*store_, "");
  EXPECT_FALSE(guest.next().has_value());
}

TEST_P(AthleteDataStoreTest, ExportPagesThroughManySessions) {
  for (int i = 0; i < 120; ++i) {
    store_->write({OpenOp{session_of("s-" + std::to_string(i), "ann", 1'000'000 + i * 10)}});
  }
  AthleteExportCursor cursor(*store_, "ann");
  std::set<std::string> seen;
  while (auto piece = cursor.next()) {
    if (piece->kind == ExportPiece::Kind::kSession) {
      EXPECT_TRUE(seen.insert(piece->session.session_id).second);
    }
  }
  EXPECT_EQ(seen.size(), 120U);
}

TEST_P(AthleteDataStoreTest, RetentionPurgesOldFramesAndKeepsSummaries) {
  const std::int64_t now = 100 * kDayMs;
  seed("old-1", "ann", now - 40 * kDayMs, 50);
  seed("old-2", "bob", now - 31 * kDayMs, 20);
  seed("new-1", "ann", now - 29 * kDayMs, 30);
  const Snapshot fresh = snapshot("new-1");

  const PurgeCounts first = store_->purge_frames(now - 30 * kDayMs, now, 1);  // one session per pass
  EXPECT_EQ(first.sessions, 1U);
  EXPECT_EQ(first.frames, 50U);
  EXPECT_EQ(store_->session("old-1")->frames_purged_unix_ms, now);
  EXPECT_EQ(store_->session("old-2")->frames_purged_unix_ms, 0);
  const PurgeCounts second = store_->purge_frames(now - 30 * kDayMs, now, 100);
  EXPECT_EQ(second.sessions, 1U);
  EXPECT_EQ(second.frames, 20U);
  EXPECT_EQ(store_->purge_frames(now - 30 * kDayMs, now, 100).sessions, 0U);  // nothing left

  for (const char* id : {"old-1", "old-2"}) {
    const auto row = store_->session(id);
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(row->summary_payload, std::string("summary of ") + id);
    EXPECT_TRUE(row->closed);
    EXPECT_EQ(row->frames_purged_unix_ms, now);
    EXPECT_EQ(store_->count_frames(id), 0U);
    EXPECT_EQ(store_->list_annotations(id).size(), 1U);  // notes are the coach's, kept with the summary
  }
  expect_same(snapshot("new-1"), fresh);
  EXPECT_EQ(store_->session("new-1")->frames_purged_unix_ms, 0);
  EXPECT_EQ(store_->athlete_sessions("ann").size(), 2U);  // trends still see every summary
  // The flag survives a reopen (it is a column, not memory).
  store_.reset();
  store_ = open_store(scratch_->spec());
  EXPECT_EQ(store_->session("old-1")->frames_purged_unix_ms, now);
}

TEST_P(AthleteDataStoreTest, DatabaseSecretIsMadeOnceAndSharedByEveryOpener) {
  const std::string first = store_->database_secret("athlete-ref-key", std::string("one\0key", 7));
  EXPECT_EQ(first, std::string("one\0key", 7));
  EXPECT_EQ(store_->database_secret("athlete-ref-key", "another"), first);
  auto second_hub = open_store(scratch_->spec());
  EXPECT_EQ(second_hub->database_secret("athlete-ref-key", "a third"), first);
}

INSTANTIATE_TEST_SUITE_P(Backends, AthleteDataStoreTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& param_info) { return testing::backend_name(param_info.param); });

}  // namespace
}  // namespace runform::services
