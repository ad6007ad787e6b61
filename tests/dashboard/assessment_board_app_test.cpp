// The assessment board (issue 14, "Run the day") in the real dashboard app, headless, against a
// real hub over TCP, signed in as staff: a station that checked an athlete in and streams live
// frames shows the athlete, the step with its label and the station's live head, shoulders and
// arms scores; a runner whose frames come without scores is "not measurable"; a station with a
// runner on it that goes quiet for 2 minutes (the panels' wall clock moved on, nothing sleeps) is
// "offline?" with its problem in words, and its next live frame clears it. In the same panel a
// saved protocol is copied into the editor and saved again as a new one, and a new day's stations
// are picked from those of earlier days.
#include <gtest/gtest.h>

#include <cmath>

#include "dashboard/assessment_panel.h"
#include "services/client/assessment_client.h"
#include "services/client/kiosk_uploader.h"
#include "services/store/access_store.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"
#include "tests/dashboard/headless_dashboard.h"
#include "tests/dashboard/seed_sessions.h"

namespace runform::testing {
namespace {

constexpr const char* kStaff = "staff-sam";

void seed_staff(services::AccessStore& access) { person_token(access, kStaff, v1::ROLE_STAFF, kPassword); }

class AssessmentBoardApp : public ::testing::Test {
 protected:
  AssessmentBoardApp() : hub_(Backend::kSqlite, HubUnderTest::fast_options(), seed_staff) {}

  void SetUp() override {
    ASSERT_TRUE(hub_.available()) << hub_.skip_reason();
    dir_ = fs::temp_directory_path() / ("runform-assessment-board-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    // The day: two run steps, stations 1 and 2, two athletes; Ada checks in at station 1.
    services::AssessmentClient staff(hub_.target(), "", "", hub_.staff_token());
    services::ProtocolSpec protocol;
    protocol.name = "Board check";
    protocol.steps = {{"Front view", services::StepKind::kRun, 120, form::View::kFront, 11.0, 1.0, ""},
                      {"Side view", services::StepKind::kRun, 120, form::View::kSide, 11.0, 1.0, ""}};
    const auto saved = staff.save_protocol(protocol);
    day_ = staff.create_assessment("Board day", "2026-04-18", {"station-1", "station-2"}, saved.protocol_id).assessment_id;
    staff.import_roster(day_, "name,code,group,coach\nAda Okafor,R101,U18,kim\nBo Lind,R102,U20,lee\n");
    services::AssessmentClient kiosk(hub_.channel_with_token(hub_.kiosk_credential("station-1")));
    kiosk.check_in(day_, "station-1", "R101");
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// The app signed in as staff on the Assessments panel.
  std::unique_ptr<HeadlessDashboard> open_board(bool fake_clock) {
    auto d = std::make_unique<HeadlessDashboard>(hub_.target(), dir_, "", fake_clock, kStaff);
    EXPECT_TRUE(d->until([&] { return !d->app().sign_in().showing(); })) << "signed in";
    d->app().go_to("assessments");
    return d;
  }
  static dashboard::AssessmentPanel& panel(HeadlessDashboard& d) {
    return dynamic_cast<dashboard::AssessmentPanel&>(*d.app().panel("assessments"));
  }
  static const dashboard::BoardStationView* row(HeadlessDashboard& d, const std::string& station) {
    for (const auto& v : panel(d).board_stations()) {
      if (v.station_id == station) return &v;
    }
    return nullptr;
  }

  HubUnderTest hub_;
  fs::path dir_;
  std::string day_;
};

TEST_F(AssessmentBoardApp, ShowsTheStationsAthleteStepAndLiveScoresWhileTheyRun) {
  auto d = open_board(false);
  services::KioskUploader uploader(hub_.kiosk_channel("station-1"));
  const services::RecordedSession s = recorded_session("board-live", 30.0, form::View::kFront, "R101", "station-1", 5);
  uploader.open(s.start);
  std::size_t sent = 0;
  // Frames go out as the app draws (the kiosk streaming at its own pace) until scores show.
  ASSERT_TRUE(d->until([&] {
    if (sent < s.frames.size()) uploader.add_frame("board-live", s.frames[sent++]);
    const auto* r = row(*d, "station-1");
    return r != nullptr && r->scores.has_value() && r->streaming;
  })) << "frames sent " << sent << " of " << s.frames.size() << "; shown: " << d->app().shown();
  const auto* r = row(*d, "station-1");
  EXPECT_EQ(r->who, "Ada Okafor");
  EXPECT_EQ(r->step, "1 of 2 · Front view");
  EXPECT_TRUE(r->scores->head.has_value());
  EXPECT_TRUE(r->scores->shoulders.has_value());
  EXPECT_TRUE(r->scores->arms.has_value());
  EXPECT_FALSE(r->offline);
  EXPECT_TRUE(r->problem.empty()) << r->problem;
  EXPECT_TRUE(d->app().targets().centre_of("board-live-scores:station-1").has_value()) << "the scores are drawn";
  const auto* free = row(*d, "station-2");
  ASSERT_NE(free, nullptr);
  EXPECT_EQ(free->who, "free");
  EXPECT_FALSE(free->scores.has_value()) << "another station's scores never show on a free one";
  // The scores follow the stream: the board ends on the last frame's scores.
  for (; sent < s.frames.size(); ++sent) uploader.add_frame("board-live", s.frames[sent]);
  const v1::FrameRecord* scored = nullptr;
  for (const auto& f : s.frames) {
    if (f.has_scores()) scored = &f;
  }
  ASSERT_NE(scored, nullptr) << "the recorded session carries scores";
  const double final_shoulders = scored->scores().shoulders();
  EXPECT_TRUE(d->until([&] {
    const auto* now = row(*d, "station-1");
    return now && now->scores && now->scores->shoulders &&
           std::abs(*now->scores->shoulders - final_shoulders) < 1e-6;
  })) << "the board shows the last frame's shoulders score " << final_shoulders;
}

TEST_F(AssessmentBoardApp, RunnerStreamingWithoutScoresIsNotMeasurable) {
  auto d = open_board(true);  // the app's clock: 10 ms a read, so 10 s pass in a few hundred frames
  services::KioskUploader uploader(hub_.kiosk_channel("station-1"));
  services::RecordedSession s = recorded_session("board-unscored", 60.0, form::View::kFront, "R101", "station-1", 6);
  for (auto& f : s.frames) f.clear_scores();  // out of frame: poses, but no scores
  uploader.open(s.start);
  std::size_t sent = 0;
  ASSERT_TRUE(d->until([&] {
    if (sent < s.frames.size()) uploader.add_frame("board-unscored", s.frames[sent++]);
    const auto* r = row(*d, "station-1");
    return r != nullptr && r->not_measurable;
  })) << "frames sent " << sent << " of " << s.frames.size();
  const auto* r = row(*d, "station-1");
  EXPECT_NE(r->problem.find("station-1: Ada Okafor is not measurable"), std::string::npos) << r->problem;
  EXPECT_TRUE(d->app().targets().centre_of("board-not-measurable:station-1").has_value());
  EXPECT_TRUE(d->app().targets().centre_of("board-problem").has_value()) << "the problem is written under the table";
}

TEST_F(AssessmentBoardApp, StationQuietForTwoMinutesWithARunnerIsOfflineUntilItStreamsAgain) {
  auto d = open_board(false);
  ASSERT_TRUE(d->until([&] {
    const auto* r = row(*d, "station-1");
    return r != nullptr && r->who == "Ada Okafor" && r->heard_ago_s.has_value();
  }));
  EXPECT_FALSE(row(*d, "station-1")->offline) << "just checked in";
  d->advance_wall_clock((dashboard::kStationQuietS + 1) * 1000);
  ASSERT_TRUE(d->until([&] { return row(*d, "station-1")->offline; }));
  const auto* r = row(*d, "station-1");
  EXPECT_NE(r->problem.find("station-1 may be offline: not heard for"), std::string::npos) << r->problem;
  EXPECT_NE(r->problem.find("with Ada Okafor on it"), std::string::npos) << r->problem;
  EXPECT_TRUE(d->app().targets().centre_of("board-offline:station-1").has_value());
  EXPECT_TRUE(d->app().targets().centre_of("board-problem").has_value());
  EXPECT_FALSE(row(*d, "station-2")->offline) << "a free station is never flagged";
  // The station streams again (a long step checks in once, then only streams): not offline.
  services::KioskUploader uploader(hub_.kiosk_channel("station-1"));
  const services::RecordedSession s = recorded_session("board-back", 10.0, form::View::kFront, "R101", "station-1", 7);
  uploader.open(s.start);
  std::size_t sent = 0;
  EXPECT_TRUE(d->until([&] {
    if (sent < s.frames.size()) uploader.add_frame("board-back", s.frames[sent++]);
    const auto* now = row(*d, "station-1");
    return !now->offline && now->streaming;
  })) << "a live frame counts as heard";
  EXPECT_TRUE(row(*d, "station-1")->problem.empty());
}

TEST_F(AssessmentBoardApp, SavedProtocolCopiedIntoTheEditorIsSavedAsANewOne) {
  const std::string script = R"(key 7
await ready 60
click New assessment
click protocol:Board check
click Copy into the editor
await step-2-label 10
click Save protocol
await protocol-saved 30
quit
)";
  HeadlessDashboard d(hub_.target(), dir_, script, false, kStaff);
  d.until([] { return false; });  // runs until the script quits (or fails)
  EXPECT_EQ(d.app().script_error(), "");
  services::AssessmentClient staff(hub_.target(), "", "", hub_.staff_token());
  const auto protocols = staff.list_protocols();
  ASSERT_EQ(protocols.size(), 2U);
  const auto& original = protocols[0].name == "Board check" ? protocols[0] : protocols[1];
  const auto& copy = protocols[0].name == "Board check" ? protocols[1] : protocols[0];
  EXPECT_EQ(copy.name, "Board check (copy)");
  EXPECT_NE(copy.protocol_id, original.protocol_id) << "the saved protocol is not changed in place";
  ASSERT_EQ(copy.steps.size(), original.steps.size());
  for (std::size_t i = 0; i < copy.steps.size(); ++i) {
    EXPECT_EQ(copy.steps[i].label, original.steps[i].label);
    EXPECT_EQ(copy.steps[i].duration_s, original.steps[i].duration_s);
    EXPECT_EQ(copy.steps[i].view, original.steps[i].view);
    EXPECT_EQ(copy.steps[i].speed_kmh, original.steps[i].speed_kmh);
    EXPECT_EQ(copy.steps[i].incline_pct, original.steps[i].incline_pct);
  }
}

TEST_F(AssessmentBoardApp, NewDaysStationsArePickedFromThoseOfEarlierDays) {
  const std::string script = R"(key 7
await ready 60
click New assessment
click assessment-name
type Autumn day
click assessment-date
type 2026-10-03
click station:station-2
click station:station-1
click station:station-2
click protocol:Board check
click Create assessment
await created 30
quit
)";
  HeadlessDashboard d(hub_.target(), dir_, script, false, kStaff);
  d.until([] { return false; });  // runs until the script quits (or fails)
  EXPECT_EQ(d.app().script_error(), "");
  services::AssessmentClient staff(hub_.target(), "", "", hub_.staff_token());
  std::optional<services::AssessmentInfo> autumn;
  for (const auto& a : staff.list_assessments()) {
    if (a.name == "Autumn day") autumn = a;
  }
  ASSERT_TRUE(autumn.has_value()) << "the day is on the hub";
  EXPECT_EQ(autumn->station_ids, std::vector<std::string>{"station-1"}) << "station-2 picked twice is taken out";
  EXPECT_EQ(autumn->protocol.name, "Board check");
}

}  // namespace
}  // namespace runform::testing
