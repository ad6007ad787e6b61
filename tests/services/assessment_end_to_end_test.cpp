// Group assessments end to end against a real hub over TCP, on SQLite and PostgreSQL:
// acceptance 1 — three stations, a roster of 12 athletes imported from CSV, three simulated
// kiosks (station level: synthetic runners through the form engine, real StationUplinks with
// disk spools) run every athlete through the protocol, some with faults, one interrupted and
// redone; the hub's results table matches the form engine's summaries of those sessions.
// Acceptance 2 — a station offline mid-assessment loses nothing; a double check-in, a badge
// from another assessment and a bad roster are refused with clear messages; a coach's results
// hold only their athletes; an incomplete protocol is incomplete, never zero.
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "common/assessment_badge.h"
#include "services/client/hub_channel.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"
#include "support/simulated_assessment_kiosk.h"
#include "support/tcp_proxy.h"

namespace runform::testing {
namespace {

using services::AssessmentCallError;
using services::AssessmentClient;
using services::StepKind;

constexpr int kAthletes = 12;
constexpr std::chrono::milliseconds kUploadTimeout{60'000};

// Twelve athletes, two squads, three coaches; a quoted name with a comma, CRLF line ends.
std::string roster_csv() {
  std::string csv = "name,code,group,coach\r\n";
  for (int i = 1; i <= kAthletes; ++i) {
    const std::string name = i == 4 ? "\"Okafor, Ada\"" : "Runner " + std::to_string(i);
    csv += name + ",R" + std::to_string(100 + i) + "," + (i % 2 == 0 ? "U18" : "U20") + ",coach-" +
           std::to_string(i % 3) + "\r\n";
  }
  return csv;
}

services::ProtocolSpec squad_protocol() {
  services::ProtocolSpec p;
  p.name = "Squad check";
  p.steps.push_back({"Calibration", StepKind::kCalibration, 5, form::View::kFront, std::nullopt, std::nullopt,
                     "Stand still, arms relaxed"});
  p.steps.push_back({"Front view", StepKind::kRun, 10, form::View::kFront, 11.0, 1.0, ""});
  p.steps.push_back({"Side view", StepKind::kRun, 10, form::View::kSide, 11.0, 1.0, ""});
  return p;
}

// Faults for some athletes (as the fault-detection cases induce them), in the view that sees them.
RunnerStyle style_for(int athlete) {
  switch (athlete % 4) {
    case 1:
      return [](sim::RunnerParams& r, form::View view) {
        if (view == form::View::kFront) r.shoulder_elevation_pct = 25.0;  // shoulders high
        if (view == form::View::kSide) r.elbow_angle_deg = 140.0;         // elbows straight
      };
    case 3:
      return [](sim::RunnerParams& r, form::View) { r.cadence_spm = 150.0; };  // low cadence
    default:
      return {};
  }
}

class AssessmentEndToEndTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    hub_ = std::make_unique<HubUnderTest>(GetParam());
    if (!hub_->available()) GTEST_SKIP() << hub_->skip_reason();
    dir_ = std::filesystem::temp_directory_path() /
           ("runform-assess-" + backend_name(GetParam()) + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    // Staff sign in for real: the harness's staff account's token on every call.
    staff_ = std::make_unique<AssessmentClient>(services::make_hub_channel(hub_->target(), {.ca_file = "", .server_name = "", .token = hub_->staff_token()}));
    protocol_ = staff_->save_protocol(squad_protocol());
    assessment_ = staff_->create_assessment("Spring squad day", "2026-04-18", {"st-1", "st-2", "st-3"},
                                            protocol_.protocol_id);
    ASSERT_EQ(staff_->import_roster(assessment_.assessment_id, roster_csv()), kAthletes);
  }
  void TearDown() override {
    staff_.reset();
    hub_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<HubUnderTest> hub_;
  std::filesystem::path dir_;
  std::unique_ptr<AssessmentClient> staff_;
  services::ProtocolSpec protocol_;
  services::AssessmentInfo assessment_;
};

void expect_same_scores(const services::AreaScores& hub, const form::Scores& engine, const std::string& where) {
  auto same = [&](const std::optional<double>& h, const std::optional<double>& e, const char* area) {
    ASSERT_EQ(h.has_value(), e.has_value()) << where << " " << area;
    if (h) {
      EXPECT_NEAR(*h, *e, 1e-3) << where << " " << area;
    }
  };
  same(hub.head, engine.head, "head");
  same(hub.shoulders, engine.shoulders, "shoulders");
  same(hub.arms, engine.arms, "arms");
  same(hub.overall, engine.overall, "overall");
}

TEST_P(AssessmentEndToEndTest, ThreeKiosksRunTwelveAthletesAndTheResultsMatchTheEngine) {
  const std::string aid = assessment_.assessment_id;
  const auto roster = staff_->roster(aid);
  ASSERT_EQ(roster.size(), static_cast<std::size_t>(kAthletes));
  EXPECT_EQ(roster[3].name, "Okafor, Ada");

  // The waiting line: whoever is free goes to the next free station, until every step is done.
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<int> waiting;
  for (int i = 0; i < kAthletes; ++i) waiting.push_back(i);
  int done = 0;
  bool interrupted_once = false;
  std::map<std::string, KioskStepRun> runs;  // by session id
  std::vector<std::string> failures;

  auto station_loop = [&](SimulatedAssessmentKiosk& kiosk, unsigned seed_base) {
    for (unsigned round = 0;; ++round) {
      int athlete = -1;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return !waiting.empty() || done == kAthletes; });
        if (done == kAthletes) return;
        athlete = waiting.front();
        waiting.pop_front();
      }
      const auto& entry = roster[static_cast<std::size_t>(athlete)];
      // Even athletes show their badge, odd ones type their code.
      const std::string badge =
          athlete % 2 == 0 ? common::assessment_badge_text(aid, entry.athlete_code) : entry.athlete_code;
      services::CheckInTicket ticket;
      try {
        ticket = kiosk.check_in(aid, badge);
      } catch (const AssessmentCallError& error) {
        const std::lock_guard lock(mutex);
        failures.push_back(kiosk.station_id() + ": check-in of " + entry.athlete_code + " refused: " + error.what());
        ++done;
        changed.notify_all();
        continue;
      }
      double interrupt_at = 1.0;
      {
        const std::lock_guard lock(mutex);
        // Athlete 5 stops half way through the front-view run the first time (and redoes it).
        if (athlete == 5 && ticket.step_index == 1 && !interrupted_once) {
          interrupt_at = 0.5;
          interrupted_once = true;
        }
      }
      KioskStepRun run = kiosk.run_step(ticket, style_for(athlete), seed_base + round, interrupt_at);
      const std::lock_guard lock(mutex);
      const bool finished = !run.interrupted && ticket.step_index + 1 == ticket.step_count;
      runs[run.session_id] = std::move(run);
      if (finished) {
        ++done;
      } else {
        waiting.push_back(athlete);
      }
      changed.notify_all();
    }
  };

  std::vector<std::unique_ptr<SimulatedAssessmentKiosk>> kiosks;
  for (const std::string station : {"st-1", "st-2", "st-3"}) {
    kiosks.push_back(std::make_unique<SimulatedAssessmentKiosk>(station, hub_->target(),
                                                                hub_->kiosk_credential(station), dir_));
  }
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < kiosks.size(); ++k) {
    threads.emplace_back(station_loop, std::ref(*kiosks[k]), static_cast<unsigned>(1000 * (k + 1)));
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(failures.empty()) << failures.front();
  ASSERT_TRUE(interrupted_once);
  for (const auto& [session_id, run] : runs) {
    for (auto& kiosk : kiosks) {
      if (!session_id.starts_with(kiosk->station_id() + "-")) continue;
      const bool uploaded = kiosk->wait_uploaded(session_id, kUploadTimeout);
      const auto progress = kiosk->uplink().progress(session_id);
      ASSERT_TRUE(uploaded) << session_id << ": " << progress.acked << "/" << progress.recorded << " acked, error '"
                            << progress.error << "', hub: " << kiosk->uplink().status().last_error;
    }
  }

  // The board: everybody done, nobody on a station.
  const auto board = staff_->board(aid);
  for (const auto& row : board.athletes) {
    EXPECT_EQ(row.state, services::BoardState::kDone) << row.athlete.athlete_code;
    EXPECT_EQ(row.steps_completed, 3);
  }
  EXPECT_EQ(board.athletes[5].interrupted_steps, 1);

  // The results table against the engine's own summaries.
  const auto results = staff_->results(aid);
  ASSERT_EQ(results.athletes.size(), static_cast<std::size_t>(kAthletes));
  std::set<std::string> sessions_seen;
  int athletes_with_faults = 0;
  for (const auto& athlete : results.athletes) {
    const std::string who = athlete.athlete.athlete_code;
    EXPECT_TRUE(athlete.complete) << who;
    ASSERT_EQ(athlete.steps.size(), 3U) << who;
    std::map<form::MetricId, std::pair<double, int>> metric_sums;
    std::set<form::MetricId> faults;
    double overall_sum = 0;
    int overall_count = 0;
    for (const auto& step : athlete.steps) {
      const std::string where = who + " step " + std::to_string(step.step_index + 1);
      ASSERT_TRUE(step.completed && step.session_closed && step.summary) << where;
      ASSERT_TRUE(runs.contains(step.session_id)) << where << " " << step.session_id;
      EXPECT_TRUE(sessions_seen.insert(step.session_id).second) << "one session, two steps: " << step.session_id;
      const KioskStepRun& run = runs.at(step.session_id);
      EXPECT_FALSE(run.interrupted) << where;
      expect_same_scores(step.summary->scores, run.summary.scores, where);
      EXPECT_EQ(step.summary->faults, run.summary.faults) << where;
      EXPECT_EQ(step.summary->strides, static_cast<int>(run.summary.strides)) << where;
      EXPECT_EQ(step.attempts, who == roster[5].athlete_code && step.step_index == 1 ? 2 : 1) << where;
      for (std::size_t m = 0; m < form::kMetricCount; ++m) {
        const auto& value = run.summary.metrics[m].value;
        const auto id = static_cast<form::MetricId>(m);
        ASSERT_EQ(step.summary->metrics.contains(id), value.has_value()) << where << " metric " << m;
        if (value) {
          EXPECT_NEAR(step.summary->metrics.at(id), *value, 1e-3 * std::max(1.0, std::abs(*value))) << where;
        }
        if (value && step.step_index > 0) {
          metric_sums[id].first += *value;
          ++metric_sums[id].second;
        }
      }
      if (step.step_index > 0) {  // run steps make the athlete's figures
        faults.insert(run.summary.faults.begin(), run.summary.faults.end());
        if (run.summary.scores.overall) {
          overall_sum += *run.summary.scores.overall;
          ++overall_count;
        }
      }
    }
    ASSERT_EQ(athlete.scores.has_value(), overall_count > 0) << who;
    if (overall_count > 0) {
      EXPECT_NEAR(*athlete.scores->overall, overall_sum / overall_count, 1e-3) << who;
    }
    EXPECT_EQ(std::set<form::MetricId>(athlete.faults.begin(), athlete.faults.end()), faults) << who;
    for (const auto& [id, sum_count] : metric_sums) {
      const double mean = sum_count.first / sum_count.second;
      ASSERT_TRUE(athlete.metrics.contains(id)) << who;
      EXPECT_NEAR(athlete.metrics.at(id), mean, 1e-3 * std::max(1.0, std::abs(mean))) << who;
    }
    if (!faults.empty()) ++athletes_with_faults;
  }
  // The styled athletes' faults reached the table (the comparison above is not vacuous).
  EXPECT_GE(athletes_with_faults, 3);
  std::cout << "[assessment] " << runs.size() << " sessions (" << kAthletes << " athletes, 3 stations), "
            << athletes_with_faults << " athletes with faults\n";
}

TEST_P(AssessmentEndToEndTest, AStationOfflineMidAssessmentLosesNothing) {
  const std::string aid = assessment_.assessment_id;
  TcpProxy cable(hub_->hub().port());
  SimulatedAssessmentKiosk kiosk("st-2", "127.0.0.1:" + std::to_string(cable.port()), hub_->kiosk_credential("st-2"),
                                 dir_);
  // Online: check in and run the calibration step.
  auto ticket = kiosk.check_in(aid, "R101");
  const KioskStepRun calibration = kiosk.run_step(ticket, {}, 11);
  ticket = kiosk.check_in(aid, "R101");
  ASSERT_EQ(ticket.step_index, 1);
  // The cable is pulled mid-step: the frames go to the spool, the step record is kept.
  cable.cut(/*block=*/true);
  const KioskStepRun front = kiosk.run_step(ticket, style_for(1), 12);
  EXPECT_EQ(kiosk.client().pending(), 1U);
  auto board = staff_->board(aid);
  EXPECT_EQ(board.athletes[0].state, services::BoardState::kOnStation);  // the hub still thinks so
  // Back online: the session uploads whole and the record arrives.
  cable.restore();
  ASSERT_TRUE(kiosk.wait_uploaded(front.session_id, kUploadTimeout));
  EXPECT_EQ(kiosk.client().flush_pending(), 0U);
  EXPECT_EQ(hub_->hub().store().count_frames(front.session_id),
            hub_->hub().store().session(front.session_id)->stored_seq);
  const auto results = staff_->results(aid);
  const auto& ada = results.athletes[0];
  EXPECT_FALSE(ada.complete);  // the side-view step is still to come
  EXPECT_EQ(ada.steps_completed, 2);
  ASSERT_TRUE(ada.steps[1].summary.has_value());
  EXPECT_EQ(ada.steps[1].session_id, front.session_id);
  expect_same_scores(ada.steps[1].summary->scores, front.summary.scores, "offline step");
  EXPECT_EQ(ada.steps[1].summary->faults, front.summary.faults);
  EXPECT_EQ(ada.steps[0].session_id, calibration.session_id);
  board = staff_->board(aid);
  EXPECT_EQ(board.athletes[0].state, services::BoardState::kWaiting);
  EXPECT_EQ(board.athletes[0].steps_completed, 2);
}

TEST_P(AssessmentEndToEndTest, AStationHandingOverWhileOfflineStillCountsTheEarlierStep) {
  const std::string aid = assessment_.assessment_id;
  TcpProxy cable(hub_->hub().port());
  SimulatedAssessmentKiosk kiosk("st-1", "127.0.0.1:" + std::to_string(cable.port()), hub_->kiosk_credential("st-1"),
                                 dir_);
  const auto first = kiosk.check_in(aid, "R101");
  cable.cut(true);
  const KioskStepRun run = kiosk.run_step(first, {}, 21);  // recorded while offline
  cable.restore();
  // The next athlete's check-in reaches the hub before the kept record is flushed: the hub ends
  // R101's open check-in as interrupted, and the late completion still counts.
  const auto second = kiosk.check_in(aid, "R102");
  EXPECT_EQ(second.athlete.athlete_code, "R102");
  EXPECT_EQ(kiosk.client().flush_pending(), 0U);
  ASSERT_TRUE(kiosk.wait_uploaded(run.session_id, kUploadTimeout));
  const auto results = staff_->results(aid);
  EXPECT_TRUE(results.athletes[0].steps[0].completed);
  EXPECT_EQ(results.athletes[0].steps[0].session_id, run.session_id);
  EXPECT_EQ(kiosk.check_in(aid, "R101").step_index, 1) << "would have been asked to redo the calibration";
}

TEST_P(AssessmentEndToEndTest, DoubleCheckInAndForeignBadgesAreRefusedInPlainWords) {
  const std::string aid = assessment_.assessment_id;
  AssessmentClient station1(services::make_hub_channel(hub_->target(), {.ca_file = "", .server_name = "", .token = hub_->kiosk_credential("st-1")}));
  AssessmentClient station2(services::make_hub_channel(hub_->target(), {.ca_file = "", .server_name = "", .token = hub_->kiosk_credential("st-2")}));
  station1.check_in(aid, "st-1", common::assessment_badge_text(aid, "R103"));
  try {
    station2.check_in(aid, "st-2", "R103");
    FAIL() << "checked in twice";
  } catch (const AssessmentCallError& error) {
    EXPECT_EQ(error.kind(), AssessmentCallError::Kind::kRefused);
    EXPECT_NE(std::string(error.what()).find("Runner 3 is already checked in at station 'st-1'"), std::string::npos)
        << error.what();
  }
  // A badge printed for another assessment (last week's) is refused, naming it.
  const auto other = staff_->create_assessment("Winter squad day", "2026-01-10", {"st-1"}, protocol_.protocol_id);
  staff_->import_roster(other.assessment_id, "name,code\nRunner 4,R104\n");
  try {
    station2.check_in(aid, "st-2", common::assessment_badge_text(other.assessment_id, "R104"));
    FAIL() << "foreign badge accepted";
  } catch (const AssessmentCallError& error) {
    EXPECT_EQ(error.kind(), AssessmentCallError::Kind::kRefused);
    EXPECT_NE(std::string(error.what()).find("another assessment ('Winter squad day', 2026-01-10)"), std::string::npos)
        << error.what();
  }
  // Unknown codes, malformed badges and stations not taking part.
  try {
    station2.check_in(aid, "st-2", "R999");
    FAIL();
  } catch (const AssessmentCallError& error) {
    EXPECT_EQ(error.kind(), AssessmentCallError::Kind::kNotFound) << error.what();
  }
  try {
    station2.check_in(aid, "st-2", "runform-assessment:broken");
    FAIL();
  } catch (const AssessmentCallError& error) {
    EXPECT_EQ(error.kind(), AssessmentCallError::Kind::kInvalid) << error.what();
  }
  AssessmentClient station9(services::make_hub_channel(hub_->target(), {.ca_file = "", .server_name = "", .token = hub_->kiosk_credential("st-9")}));
  try {
    station9.check_in(aid, "st-9", "R105");
    FAIL();
  } catch (const AssessmentCallError& error) {
    EXPECT_NE(std::string(error.what()).find("does not take part"), std::string::npos) << error.what();
  }
}

TEST_P(AssessmentEndToEndTest, AKioskActsOnlyAsItsOwnStation) {
  const std::string aid = assessment_.assessment_id;
  AssessmentClient station1(services::make_hub_channel(hub_->target(), {.ca_file = "", .server_name = "", .token = hub_->kiosk_credential("st-1")}));
  AssessmentClient station2(services::make_hub_channel(hub_->target(), {.ca_file = "", .server_name = "", .token = hub_->kiosk_credential("st-2")}));
  // Naming another station is refused; the station comes from the credential.
  try {
    station2.check_in(aid, "st-1", "R101");
    FAIL() << "st-2's kiosk checked in as st-1";
  } catch (const AssessmentCallError& error) {
    EXPECT_EQ(error.kind(), AssessmentCallError::Kind::kDenied) << error.what();
    EXPECT_NE(std::string(error.what()).find("enrolled for station 'st-2'"), std::string::npos) << error.what();
  }
  // Left empty, it is the credential's station.
  const auto ticket = station1.check_in(aid, "", "R101");
  EXPECT_EQ(staff_->board(aid).athletes[0].station_id, "st-1");
  // Another station cannot record the step of st-1's check-in.
  try {
    station2.record_step({ticket.check_in_id, false, "", 1});
    FAIL() << "st-2 recorded st-1's step";
  } catch (const AssessmentCallError& error) {
    EXPECT_EQ(error.kind(), AssessmentCallError::Kind::kDenied) << error.what();
  }
  EXPECT_TRUE(station1.record_step({ticket.check_in_id, false, "", 1}));
  // A staff account is not a station, and nobody anonymous runs anything.
  try {
    staff_->check_in(aid, "st-1", "R102");
    FAIL();
  } catch (const AssessmentCallError& error) {
    EXPECT_EQ(error.kind(), AssessmentCallError::Kind::kDenied) << error.what();
  }
  AssessmentClient anonymous(services::make_hub_channel(hub_->target()));
  try {
    anonymous.results(aid);
    FAIL();
  } catch (const AssessmentCallError& error) {
    EXPECT_EQ(error.kind(), AssessmentCallError::Kind::kDenied) << error.what();
    EXPECT_NE(std::string(error.what()).find("sign in"), std::string::npos) << error.what();
  }
}

TEST_P(AssessmentEndToEndTest, ABadRosterNamesItsLineAndAddsNothing) {
  const std::string aid = assessment_.assessment_id;
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"name,code,group,coach\nAda,N1,U18,kim\nBo,,U18,kim\n", "line 3: the code is empty"},
      {"name,code,group,coach\nAda,N1,U18,kim\nBo,N2,U18\n", "line 3: expected 4 fields"},
      {"name,code,group,coach\nAda,N1,U18,kim\nBo,R101,U18,kim\n", "line 3: the code 'R101' is already on the roster"},
      {"name,code,group,coach\nAda,N1,U18,kim\n\nBo,N1,U18,kim\n", "line 4: the code 'N1' is used twice"},
      {"name,code,shoe size\nAda,N1,42\n", "line 1: unknown column 'shoe size'"},
      {"name,code\n\"Ada,N1\n", "line 2: a quoted field is never closed"},
      {"", "line 1: the file is empty"},
  };
  for (const auto& [csv, expected] : bad) {
    try {
      staff_->import_roster(aid, csv);
      ADD_FAILURE() << "imported: " << csv;
    } catch (const AssessmentCallError& error) {
      EXPECT_EQ(error.kind(), AssessmentCallError::Kind::kInvalid) << error.what();
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what() << " / wanted " << expected;
    }
    EXPECT_EQ(staff_->roster(aid).size(), static_cast<std::size_t>(kAthletes)) << "half imported: " << csv;
  }
  // By hand, with a UTF-8 mark and any column order.
  EXPECT_EQ(staff_->import_roster(aid, "\xEF\xBB\xBF" "Coach,Code,Name\nkim,N7,Zoë\n"), kAthletes + 1);
  EXPECT_EQ(staff_->import_roster(aid, "", {{"N8", "By Hand", "U18", "coach-1"}}), kAthletes + 2);
}

TEST_P(AssessmentEndToEndTest, ACoachSeesOnlyTheirAthletesAndIncompleteIsNeverZero) {
  const std::string aid = assessment_.assessment_id;
  SimulatedAssessmentKiosk kiosk("st-3", hub_->target(), hub_->kiosk_credential("st-3"), dir_);
  // R101 does the calibration and the front run, then leaves: incomplete.
  kiosk.run_step(kiosk.check_in(aid, "R101"), {}, 31);
  const KioskStepRun front = kiosk.run_step(kiosk.check_in(aid, "R101"), {}, 32);
  // R102 does only the calibration: no run step, so no scores at all (not zeros).
  const KioskStepRun calib = kiosk.run_step(kiosk.check_in(aid, "R102"), {}, 33);
  ASSERT_TRUE(kiosk.wait_uploaded(front.session_id, kUploadTimeout));
  ASSERT_TRUE(kiosk.wait_uploaded(calib.session_id, kUploadTimeout));
  // Coach-1 signs in; the hub filters by the account, whatever the request names.
  AssessmentClient coach1_client(services::make_hub_channel(
      hub_->target(), {.ca_file = "", .server_name = "", .token = person_token(hub_->hub().access(), "coach-1", v1::ROLE_COACH)}));
  const auto coach1 = coach1_client.results(aid, "coach-2");  // athletes 1, 4, 7, 10
  ASSERT_EQ(coach1.athletes.size(), 4U);
  for (const auto& a : coach1.athletes) EXPECT_EQ(a.athlete.coach, "coach-1");
  const auto& r101 = coach1.athletes[0];
  EXPECT_EQ(r101.athlete.athlete_code, "R101");
  EXPECT_FALSE(r101.complete);
  EXPECT_EQ(r101.steps_completed, 2);
  ASSERT_TRUE(r101.scores.has_value());  // from the one run step it did
  EXPECT_NEAR(*r101.scores->overall, *front.summary.scores.overall, 1e-3);
  EXPECT_FALSE(r101.steps[2].completed);
  EXPECT_FALSE(r101.steps[2].summary.has_value());
  const auto coach2 = staff_->results(aid, "coach-2");
  ASSERT_EQ(coach2.athletes.size(), 4U);
  const auto& r102 = coach2.athletes[0];
  EXPECT_EQ(r102.athlete.athlete_code, "R102");
  EXPECT_FALSE(r102.complete);
  EXPECT_FALSE(r102.scores.has_value()) << "no run step: no score, never zero";
  for (const auto& a : coach2.athletes) EXPECT_NE(a.athlete.coach, "coach-1");
  EXPECT_TRUE(staff_->results(aid, "coach-nobody").athletes.empty());
  EXPECT_EQ(coach1_client.results(aid).athletes.size(), 4U);
  // An athlete assigned to a coach on the hub counts as theirs too; a coach with none sees none.
  hub_->hub().access().assign_athlete("coach-1", "R102");
  EXPECT_EQ(coach1_client.results(aid).athletes.size(), 5U);
  AssessmentClient stranger(services::make_hub_channel(
      hub_->target(), {.ca_file = "", .server_name = "", .token = person_token(hub_->hub().access(), "coach-nobody", v1::ROLE_COACH)}));
  EXPECT_TRUE(stranger.results(aid).athletes.empty());
  // The live board (every athlete's name) is for staff only.
  try {
    coach1_client.board(aid);
    FAIL() << "a coach read the board";
  } catch (const AssessmentCallError& error) {
    EXPECT_EQ(error.kind(), AssessmentCallError::Kind::kDenied) << error.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, AssessmentEndToEndTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& param_info) { return backend_name(param_info.param); });

}  // namespace
}  // namespace runform::testing
