// The assessment store against every backend (SQLite and a real PostgreSQL server): protocols
// saved and reused, rosters all-or-nothing, check-ins moving athletes through the steps,
// interrupted steps redone, and the "one open check-in per athlete" rule under a race.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "services/store/assessment_store.h"
#include "services/store/open_store.h"
#include "support/store_backends.h"

namespace runform::services {
namespace {

using testing::Backend;
using testing::ScratchStore;

constexpr int kSteps = 3;

class AssessmentStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<ScratchStore>(GetParam());
    if (scratch_->spec().empty()) GTEST_SKIP() << scratch_->skip_reason();
    sessions_ = open_store(scratch_->spec());  // migrates
    store_ = open_assessment_store(scratch_->spec());
    store_->save_protocol({"p1", "Squad test", "steps-payload", kSteps, 1000});
    AssessmentRow a;
    a.assessment_id = "a1";
    a.name = "Spring squad";
    a.date = "2026-03-14";
    a.station_ids = {"st-1", "st-2", "st-3"};
    a.protocol_id = "p1";
    a.protocol_payload = "steps-payload";
    a.step_count = kSteps;
    a.created_unix_ms = 2000;
    store_->create_assessment(a);
    store_->add_roster("a1", {{"A01", "Ada", "U18", "coach-kim", 2}, {"A02", "Bo", "U18", "coach-lee", 3}});
  }
  void TearDown() override {
    store_.reset();
    sessions_.reset();
    scratch_.reset();
  }

  CheckInRow check_in(const std::string& code, const std::string& station, std::int64_t now = 5000) {
    return store_->check_in({"ci-" + std::to_string(++next_id_), "a1", station, code, now});
  }

  std::unique_ptr<ScratchStore> scratch_;
  std::unique_ptr<SessionStore> sessions_;
  std::unique_ptr<AssessmentStore> store_;
  int next_id_ = 0;
};

template <typename Fn>
std::string refusal(Fn&& fn, AssessmentRefusal::Kind expected) {
  try {
    fn();
  } catch (const AssessmentRefusal& error) {
    EXPECT_EQ(error.kind(), expected) << error.what();
    return error.what();
  }
  ADD_FAILURE() << "not refused";
  return "";
}

TEST_P(AssessmentStoreTest, ProtocolsAreSavedListedAndReplaced) {
  store_->save_protocol({"p2", "Another", std::string("bytes\0x", 7), 2, 3000});
  auto all = store_->list_protocols();
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[0].name, "Another");  // by name
  EXPECT_EQ(all[0].payload, std::string("bytes\0x", 7));
  store_->save_protocol({"p2", "Another v2", "new", 4, 4000});
  const auto p2 = store_->protocol("p2");
  ASSERT_TRUE(p2.has_value());
  EXPECT_EQ(p2->name, "Another v2");
  EXPECT_EQ(p2->step_count, 4);
  EXPECT_EQ(store_->list_protocols().size(), 2U);
  EXPECT_FALSE(store_->protocol("nope").has_value());
}

TEST_P(AssessmentStoreTest, AssessmentKeepsItsStationsProtocolCopyAndRosterSize) {
  const auto a = store_->assessment("a1");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->station_ids, (std::vector<std::string>{"st-1", "st-2", "st-3"}));
  EXPECT_EQ(a->protocol_payload, "steps-payload");
  EXPECT_EQ(a->roster_size, 2);
  EXPECT_EQ(a->date, "2026-03-14");
  EXPECT_EQ(store_->list_assessments().size(), 1U);
  EXPECT_FALSE(store_->assessment("nope").has_value());
}

TEST_P(AssessmentStoreTest, RosterImportIsAllOrNothingAndNamesTheLine) {
  // A code repeated inside the import: the second line is named, nothing is added.
  const std::string inside = refusal(
      [&] { store_->add_roster("a1", {{"B01", "Cy", "", "", 2}, {"B02", "Di", "", "", 3}, {"B01", "Ed", "", "", 4}}); },
      AssessmentRefusal::Kind::kConflict);
  EXPECT_NE(inside.find("line 4"), std::string::npos) << inside;
  EXPECT_NE(inside.find("line 2"), std::string::npos) << inside;
  // A code already on the roster: named, nothing added (not even the good rows before it).
  const std::string existing =
      refusal([&] { store_->add_roster("a1", {{"B01", "Cy", "", "", 2}, {"A02", "Dup", "", "", 3}}); },
              AssessmentRefusal::Kind::kConflict);
  EXPECT_NE(existing.find("line 3"), std::string::npos) << existing;
  EXPECT_NE(existing.find("Bo"), std::string::npos) << existing;
  EXPECT_EQ(store_->roster("a1").size(), 2U);
  refusal([&] { store_->add_roster("nope", {{"C1", "X", "", "", 0}}); }, AssessmentRefusal::Kind::kNotFound);
  // A good import adds in order.
  EXPECT_EQ(store_->add_roster("a1", {{"B01", "Cy", "U20", "coach-kim", 2}}), 3);
  const auto roster = store_->roster("a1");
  ASSERT_EQ(roster.size(), 3U);
  EXPECT_EQ(roster[2].athlete_code, "B01");
  EXPECT_EQ(roster[2].squad, "U20");
  EXPECT_EQ(roster[2].coach, "coach-kim");
}

TEST_P(AssessmentStoreTest, CheckInsWalkTheStepsAndAnInterruptedStepIsRedone) {
  auto first = check_in("A01", "st-1");
  EXPECT_EQ(first.step_index, 0);
  EXPECT_FALSE(first.redo);
  store_->record_step(first.check_in_id, CheckInState::kCompleted, "s-1", 6000);
  auto second = check_in("A01", "st-2");
  EXPECT_EQ(second.step_index, 1);
  store_->record_step(second.check_in_id, CheckInState::kInterrupted, "", 7000);
  auto again = check_in("A01", "st-3");
  EXPECT_EQ(again.step_index, 1);
  EXPECT_TRUE(again.redo);
  store_->record_step(again.check_in_id, CheckInState::kCompleted, "s-2", 8000);
  auto third = check_in("A01", "st-3");
  EXPECT_EQ(third.step_index, 2);
  store_->record_step(third.check_in_id, CheckInState::kCompleted, "s-3", 9000);
  const std::string done = refusal([&] { check_in("A01", "st-1"); }, AssessmentRefusal::Kind::kConflict);
  EXPECT_NE(done.find("every step"), std::string::npos) << done;
  const auto rows = store_->check_ins("a1");
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[1].state, CheckInState::kInterrupted);
  EXPECT_EQ(rows[3].session_id, "s-3");
}

TEST_P(AssessmentStoreTest, AnAthleteCheckedInTwiceAtOnceIsRefusedNamingTheStation) {
  check_in("A01", "st-1");
  const std::string twice = refusal([&] { check_in("A01", "st-2"); }, AssessmentRefusal::Kind::kConflict);
  EXPECT_NE(twice.find("already checked in at station 'st-1'"), std::string::npos) << twice;
  EXPECT_NE(twice.find("Ada"), std::string::npos) << twice;
  refusal([&] { check_in("A01", "st-1"); }, AssessmentRefusal::Kind::kConflict);  // same station too
}

TEST_P(AssessmentStoreTest, UnknownCodesAndForeignStationsAreRefused) {
  const std::string unknown = refusal([&] { check_in("ZZ9", "st-1"); }, AssessmentRefusal::Kind::kNotFound);
  EXPECT_NE(unknown.find("not on this assessment's roster"), std::string::npos) << unknown;
  const std::string station = refusal([&] { check_in("A01", "st-9"); }, AssessmentRefusal::Kind::kConflict);
  EXPECT_NE(station.find("does not take part"), std::string::npos) << station;
  refusal([&] { store_->check_in({"x", "nope", "st-1", "A01", 1}); }, AssessmentRefusal::Kind::kNotFound);
  refusal([&] { store_->record_step("nope", CheckInState::kCompleted, "s", 1); }, AssessmentRefusal::Kind::kNotFound);
}

TEST_P(AssessmentStoreTest, AStationMovingOnInterruptsItsOpenCheckInWhichMayStillCompleteLate) {
  const auto ada = check_in("A01", "st-1");
  const auto bo = check_in("A02", "st-1");  // the station handed over without a record (offline)
  auto rows = store_->check_ins("a1");
  EXPECT_EQ(rows[0].state, CheckInState::kInterrupted);
  EXPECT_EQ(rows[1].state, CheckInState::kActive);
  // The station comes back online and sends Ada's completion: it counts.
  const auto late = store_->record_step(ada.check_in_id, CheckInState::kCompleted, "s-ada", 6000);
  EXPECT_EQ(late.state, CheckInState::kCompleted);
  EXPECT_EQ(check_in("A01", "st-2").step_index, 1);
  // Records are idempotent; a different session for a completed step is refused.
  store_->record_step(bo.check_in_id, CheckInState::kCompleted, "s-bo", 7000);
  EXPECT_EQ(store_->record_step(bo.check_in_id, CheckInState::kCompleted, "s-bo", 7000).session_id, "s-bo");
  EXPECT_EQ(store_->record_step(bo.check_in_id, CheckInState::kInterrupted, "", 7500).state, CheckInState::kCompleted);
  refusal([&] { store_->record_step(bo.check_in_id, CheckInState::kCompleted, "s-other", 8000); },
          AssessmentRefusal::Kind::kConflict);
}

TEST_P(AssessmentStoreTest, TwoStationsRacingToCheckInOneAthleteLetExactlyOneIn) {
  // Two store objects are two connections (two hubs on PostgreSQL).
  auto other = open_assessment_store(scratch_->spec());
  constexpr int kRounds = 8;
  for (int round = 0; round < kRounds; ++round) {
    const std::string code = "R" + std::to_string(round);
    store_->add_roster("a1", {{code, "Racer " + std::to_string(round), "", "", 0}});
    std::atomic<int> wins{0};
    std::atomic<int> refused{0};
    auto attempt = [&](AssessmentStore& store, const std::string& station, const std::string& id) {
      try {
        store.check_in({id, "a1", station, code, 100});
        ++wins;
      } catch (const AssessmentRefusal&) {
        ++refused;
      }
    };
    std::thread a([&] { attempt(*store_, "st-1", code + "-a"); });
    std::thread b([&] { attempt(*other, "st-2", code + "-b"); });
    a.join();
    b.join();
    EXPECT_EQ(wins.load(), 1) << "round " << round;
    EXPECT_EQ(refused.load(), 1) << "round " << round;
  }
}

TEST_P(AssessmentStoreTest, AnUnmigratedDatabaseIsNamed) {
  if (GetParam() != Backend::kSqlite) GTEST_SKIP() << "the SQLite case shows the message";
  const std::string path = ::testing::TempDir() + "/unmigrated-" + std::to_string(::getpid()) + ".db";
  try {
    open_assessment_store("sqlite:" + path);
    ADD_FAILURE() << "opened";
  } catch (const StoreError& error) {
    EXPECT_NE(std::string(error.what()).find("open it with the hub first"), std::string::npos) << error.what();
  }
  std::remove(path.c_str());
}

INSTANTIATE_TEST_SUITE_P(Backends, AssessmentStoreTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& param_info) { return testing::backend_name(param_info.param); });

}  // namespace
}  // namespace runform::services
