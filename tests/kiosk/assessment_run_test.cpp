// AssessmentRun (runform-kiosk --assessment) with a scripted station and a fake hub desk, time
// passed in: a badge is acted on once, a refused one shows the hub's words, each step opens one
// station session and records it when the countdown ends, a stopped step is recorded as
// interrupted and redone, and the last step hands over. With a hub that is away (a BackgroundDesk
// over a desk whose calls hang), the frames keep their pace and a kept record arrives later.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "kiosk/assessment_run.h"
#include "station/background_desk.h"

namespace runform::kiosk {
namespace {

using services::AssessmentCallError;
using services::CheckInTicket;
using station::Phase;

/// Records the commands; the test sets the snapshot the run sees.
class ScriptedStation final : public StationPort {
 public:
  void check_in(const std::string& code) override { commands.push_back("check_in " + code); }
  void check_in_guest() override { commands.push_back("guest"); }
  void start_calibration() override { commands.push_back("calibrate"); }
  void start_running() override { commands.push_back("run"); }
  void finish() override { commands.push_back("finish"); }
  void cancel() override { commands.push_back("cancel"); }
  void reset() override { commands.push_back("reset"); }
  void show_demo_badge(const std::string&) override {}
  [[nodiscard]] station::StationSnapshot snapshot() const override { return state; }
  [[nodiscard]] bool source_ended() const override { return false; }

  std::vector<std::string> commands;
  station::StationSnapshot state;
};

/// The hub's side: a two-step protocol for athlete R101; records what the station sent.
class FakeDesk final : public station::AssessmentDesk {
 public:
  explicit FakeDesk(std::vector<services::StepRecord>& records, int& check_ins) : records_(records), check_ins_(check_ins) {}
  CheckInTicket check_in(const std::string& badge) override {
    ++check_ins_;
    if (badge != "R101") throw AssessmentCallError(AssessmentCallError::Kind::kRefused, "this badge is for another assessment");
    CheckInTicket t;
    t.check_in_id = "c-" + std::to_string(check_ins_);
    t.athlete = {"R101", "Ada Okafor", "U18", "kim"};
    int done = 0;
    for (const auto& r : records_) done += r.completed ? 1 : 0;
    t.step_index = done;
    t.step_count = 2;
    t.step.label = done == 0 ? "Front view" : "Side view";
    t.step.view = done == 0 ? form::View::kFront : form::View::kSide;
    t.step.duration_s = 60;
    t.redo = !records_.empty() && !records_.back().completed;
    return t;
  }
  bool record_step(const services::StepRecord& record) override {
    records_.push_back(record);
    return true;
  }

 private:
  std::vector<services::StepRecord>& records_;
  int& check_ins_;
};

class AssessmentRunTest : public ::testing::Test {
 protected:
  AssessmentRunTest()
      : run_(std::make_unique<station::AssessmentGuide>(std::make_unique<FakeDesk>(records_, check_ins_)), "Squad day",
             [this] { return unix_ms_; }) {}

  void frame(double now_s, AssessmentAsk ask = AssessmentAsk::kNone, const std::string& typed = "") {
    run_.update(now_s, station_, station_.snapshot(), ask, typed);
  }

  std::vector<services::StepRecord> records_;
  int check_ins_ = 0;
  std::int64_t unix_ms_ = 1'780'000'000'000;
  ScriptedStation station_;
  AssessmentRun run_;
};

TEST_F(AssessmentRunTest, ABadgeIsActedOnOnceAndARefusalShowsTheHubsWords) {
  station_.state.qr_code = "runform-assessment:other:R999";
  frame(0.0);
  frame(0.1);  // the camera still reads the same badge: not sent again
  EXPECT_EQ(check_ins_, 1);
  EXPECT_EQ(run_.screen_name(), "assessment-checkin");
  EXPECT_EQ(run_.view(0.1).message, "This badge is for another assessment");  // the guide capitalises the hub's words
  // A typed code works while the refused badge is still in view.
  frame(0.2, AssessmentAsk::kSubmitCode, "R101");
  EXPECT_EQ(run_.screen_name(), "assessment-instructions");
  EXPECT_TRUE(station_.commands.empty()) << "nothing recorded before the step starts";
}

TEST_F(AssessmentRunTest, EachStepIsOneStationSessionRecordedWhenItsTimeIsUp) {
  frame(0.0, AssessmentAsk::kSubmitCode, "R101");
  frame(1.0, AssessmentAsk::kStartStep);
  EXPECT_EQ(station_.commands, (std::vector<std::string>{"check_in R101", "calibrate"}));
  EXPECT_EQ(run_.screen_name(), "assessment-step");
  // Calibrated: the run starts; the countdown runs on.
  station_.state.phase = Phase::kCalibrating;
  station_.state.calibrated = true;
  station_.state.upload.session_id = "st-1-session-1";
  frame(4.0);
  EXPECT_EQ(station_.commands.back(), "run");
  station_.state.phase = Phase::kRunning;
  frame(30.0);
  EXPECT_EQ(station_.commands.back(), "run") << "not finished before its 60 s";
  frame(61.0);
  EXPECT_EQ(station_.commands.back(), "finish");
  EXPECT_TRUE(records_.empty()) << "recorded only once the station closed the session";
  station_.state.phase = Phase::kFinishing;
  frame(61.1);
  EXPECT_TRUE(records_.empty());
  station_.state.phase = Phase::kSummary;
  frame(61.2);
  ASSERT_EQ(records_.size(), 1U);
  EXPECT_TRUE(records_[0].completed);
  EXPECT_EQ(records_[0].session_id, "st-1-session-1");
  EXPECT_EQ(records_[0].ended_unix_ms, unix_ms_);
  EXPECT_EQ(station_.commands.back(), "reset");
  // On to the side view: the camera has to turn.
  EXPECT_EQ(run_.screen_name(), "assessment-instructions");
  ASSERT_TRUE(run_.view(61.2).view_change.has_value());
  EXPECT_NE(run_.view(61.2).view_change->find("turn the camera"), std::string::npos);
}

TEST_F(AssessmentRunTest, AStoppedStepIsInterruptedAndRedoneThenTheLastStepHandsOver) {
  frame(0.0, AssessmentAsk::kSubmitCode, "R101");
  frame(1.0, AssessmentAsk::kStartStep);
  station_.state.phase = Phase::kRunning;
  station_.state.upload.session_id = "s-1";
  frame(10.0, AssessmentAsk::kStopStep);
  EXPECT_EQ(station_.commands.back(), "cancel");
  station_.state.phase = Phase::kAttract;  // the station closed it as interrupted
  frame(10.1);
  ASSERT_EQ(records_.size(), 1U);
  EXPECT_FALSE(records_[0].completed);
  EXPECT_TRUE(records_[0].session_id.empty());
  EXPECT_TRUE(run_.view(10.1).redo) << "the same step again";
  EXPECT_EQ(run_.view(10.1).step_title.find("Step 1 of 2"), 0U) << run_.view(10.1).step_title;
  // Redone and completed, then the second step: hand-over.
  for (const char* session : {"s-2", "s-3"}) {
    const double t0 = 20.0 + 100.0 * static_cast<double>(records_.size());
    frame(t0, AssessmentAsk::kStartStep);
    station_.state.phase = Phase::kRunning;
    station_.state.upload.session_id = session;
    frame(t0 + 61.0);
    station_.state.phase = Phase::kSummary;
    frame(t0 + 61.1);
    station_.state.phase = Phase::kAttract;
  }
  ASSERT_EQ(records_.size(), 3U);
  EXPECT_EQ(records_[2].session_id, "s-3");
  EXPECT_EQ(run_.screen_name(), "assessment-handover");
  frame(300.0, AssessmentAsk::kNextAthlete);
  EXPECT_EQ(run_.screen_name(), "assessment-checkin");
}

TEST_F(AssessmentRunTest, StoppingBeforeTheStationRecordsClosesNothing) {
  frame(0.0, AssessmentAsk::kSubmitCode, "R101");
  frame(1.0, AssessmentAsk::kStartStep);
  station_.state.phase = Phase::kCheckedIn;  // the station has not begun the session yet
  frame(1.5, AssessmentAsk::kStopStep);
  EXPECT_EQ(station_.commands.back(), "cancel");
  ASSERT_EQ(records_.size(), 1U);
  EXPECT_FALSE(records_[0].completed);
  EXPECT_EQ(run_.screen_name(), "assessment-instructions");
}

/// A hub that is away, then back. Away, a check-in hangs like a call running into its deadline
/// (until the test lets it go, at most 5 s) and is refused as unavailable, and a step record is
/// kept. Back, kept records go first (as AssessmentClient sends them), then the answer.
class AwayHub final : public station::AssessmentDesk {
 public:
  CheckInTicket check_in(const std::string& badge) override {
    std::unique_lock lock(mutex_);
    ++in_flight_;
    changed_.notify_all();
    changed_.wait_for(lock, std::chrono::seconds(5), [this] { return let_go_; });
    let_go_ = false;
    --in_flight_;
    if (away_) throw AssessmentCallError(AssessmentCallError::Kind::kUnavailable, "the hub is not answering");
    for (const auto& r : kept_) delivered_.push_back(r);
    kept_.clear();
    CheckInTicket t;
    t.check_in_id = "c-" + badge + "-" + std::to_string(delivered_.size());
    t.athlete = {badge, "Ada Okafor", "U18", "kim"};
    t.step_index = static_cast<int>(delivered_.size());
    t.step_count = 2;
    t.step.label = t.step_index == 0 ? "Front view" : "Side view";
    t.step.view = t.step_index == 0 ? form::View::kFront : form::View::kSide;
    t.step.duration_s = 60;
    return t;
  }
  bool record_step(const services::StepRecord& record) override {
    const std::lock_guard lock(mutex_);
    if (away_) {
      kept_.push_back(record);
      return false;
    }
    delivered_.push_back(record);
    return true;
  }
  std::size_t flush_pending() override {
    const std::lock_guard lock(mutex_);
    if (away_) return kept_.size();
    for (const auto& r : kept_) delivered_.push_back(r);
    kept_.clear();
    return 0;
  }
  void wait_for_a_call() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return in_flight_ > 0; });
  }
  bool call_in_flight() {
    const std::lock_guard lock(mutex_);
    return in_flight_ > 0;
  }
  void answer(bool away) {
    const std::lock_guard lock(mutex_);
    away_ = away;
    let_go_ = true;
    changed_.notify_all();
  }
  void set_away(bool away) {
    const std::lock_guard lock(mutex_);
    away_ = away;
  }
  std::vector<services::StepRecord> delivered() {
    const std::lock_guard lock(mutex_);
    return delivered_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int in_flight_ = 0;
  bool let_go_ = false;
  bool away_ = true;
  std::vector<services::StepRecord> kept_, delivered_;
};

TEST(AssessmentRunHubAway, FramesKeepTheirPaceWhileTheHubIsAwayAndTheKeptRecordArrivesLater) {
  auto hub_owned = std::make_unique<AwayHub>();
  AwayHub& hub = *hub_owned;
  auto desk_owned = std::make_unique<station::BackgroundDesk>(std::move(hub_owned));
  station::BackgroundDesk& desk = *desk_owned;
  const std::int64_t unix_ms = 1'780'000'000'000;
  AssessmentRun run(std::make_unique<station::AssessmentGuide>(std::move(desk_owned)), "Squad day",
                    [&] { return unix_ms; });
  ScriptedStation station;
  auto frame = [&](double now_s, AssessmentAsk ask = AssessmentAsk::kNone, const std::string& typed = "") {
    run.update(now_s, station, station.snapshot(), ask, typed);
  };
  constexpr double kFrameS = 1.0 / 60.0;
  constexpr int kFramesWhileAway = 300;  // 5 s of frames: the call deadline
  // The code is typed with the hub away: every frame of the next 5 s is drawn while the call hangs.
  frame(0.0, AssessmentAsk::kSubmitCode, "R101");
  hub.wait_for_a_call();
  int frames_during_call = 0;
  for (int i = 1; i <= kFramesWhileAway; ++i) {
    frame(i * kFrameS);
    frames_during_call += hub.call_in_flight() ? 1 : 0;
    EXPECT_EQ(run.screen_name(), "assessment-checkin");
    EXPECT_EQ(run.view(i * kFrameS).message, "Checking in…");
    EXPECT_TRUE(run.view(i * kFrameS).waiting_for_hub) << "drawn as waiting, not as a refusal";
  }
  EXPECT_EQ(frames_during_call, kFramesWhileAway) << "every frame ran while the hub call hung";
  // The hub answers: the next frame shows the step.
  hub.answer(/*away=*/false);
  desk.wait_until_idle();
  frame(6.0);
  ASSERT_EQ(run.screen_name(), "assessment-instructions");

  // The step runs; the hub goes away before it ends: the record is kept, the screen moves on.
  frame(7.0, AssessmentAsk::kStartStep);
  station.state.phase = Phase::kCalibrating;
  station.state.calibrated = true;
  station.state.upload.session_id = "st-1-session-1";
  frame(10.0);
  station.state.phase = Phase::kRunning;
  hub.set_away(true);
  frame(68.0);
  station.state.phase = Phase::kSummary;
  frame(68.1);  // the step ends: record and next check-in go to the desk's thread
  hub.wait_for_a_call();  // the next step's check-in hangs
  for (int i = 1; i <= kFramesWhileAway; ++i) frame(68.1 + i * kFrameS);
  EXPECT_EQ(run.screen_name(), "assessment-checkin");
  hub.answer(/*away=*/true);  // refused: the hub is away
  desk.wait_until_idle();
  frame(75.0);
  EXPECT_FALSE(run.view(75.0).waiting_for_hub) << "a refusal is not a wait";
  EXPECT_TRUE(hub.delivered().empty()) << "the hub has not seen the record yet";
  EXPECT_EQ(desk.undelivered(), 1U) << "the record is kept, not lost";
  // The hub is back: the athlete types their code; the kept record goes first.
  frame(80.0, AssessmentAsk::kSubmitCode, "R101");
  hub.wait_for_a_call();
  hub.answer(/*away=*/false);
  desk.wait_until_idle();
  frame(80.1);
  const auto delivered = hub.delivered();
  ASSERT_EQ(delivered.size(), 1U);
  EXPECT_TRUE(delivered[0].completed);
  EXPECT_EQ(delivered[0].session_id, "st-1-session-1");
  EXPECT_EQ(desk.undelivered(), 0U);
  EXPECT_EQ(run.screen_name(), "assessment-instructions");
  EXPECT_EQ(run.view(80.1).step_title, "Step 2 of 2 · Side view");
}

}  // namespace
}  // namespace runform::kiosk
