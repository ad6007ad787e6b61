// The dashboard app headless (ImGui builds every frame, nothing is rasterised) against a real
// hub on loopback: a script drives it through real hit testing athletes → review → compare →
// trends → export; the live wall shows a kiosk streaming (scores, cue, running time) and drops
// it when the session closes; a hub that dies shows the banner and is found again after its
// restart, the coach's place kept. Every app signs in through its sign-in screen as a coach of
// the seeded club (coach-cara: ana and ben; coach-olga: zoe); a coach never sees another coach's
// athlete in any panel; an expired token brings the coach back to sign-in, the place kept.
// Frames are stepped by the test; nothing sleeps.
#include <gtest/gtest.h>

#include <imgui.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <filesystem>
#include <sstream>
#include <thread>

#include "dashboard/dashboard_app.h"
#include "dashboard/live_wall_panel.h"
#include "dashboard/panel_list.h"
#include "dashboard/session_review_panel.h"
#include "services/client/kiosk_uploader.h"
#include "services/store/access_store.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"
#include "support/hub_process.h"
#include "tests/dashboard/headless_dashboard.h"
#include "tests/dashboard/seed_sessions.h"

namespace runform::testing {
namespace {

namespace fs = std::filesystem;

// The seeded club: the coach the apps sign in as, with ana and ben; another coach with zoe.
constexpr const char* kOtherCoach = "coach-olga";

void seed_club(services::AccessStore& access) {
  person_token(access, kCoach, v1::ROLE_COACH, kPassword);
  access.assign_athlete(kCoach, "ana");
  access.assign_athlete(kCoach, "ben");
  person_token(access, kOtherCoach, v1::ROLE_COACH, kPassword);
  access.assign_athlete(kOtherCoach, "zoe");
}

class DashboardApp : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("runform-dashboard-app-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(DashboardApp, ScriptTourThroughEveryPanel) {
  HubUnderTest hub(Backend::kSqlite, HubUnderTest::fast_options(), seed_club);
  {
    services::KioskUploader uploader(hub.channel());
    upload_session(uploader, tiring_session("app-tired", 90.0, "ana"));
    services::RecordedSession base = recorded_session("app-base", 30.0, form::View::kFront, "ana", "station-1", 3);
    base.start.set_started_unix_ms(kFirstStartUnixMs - 7 * kDayMs);
    upload_session(uploader, base);
  }
  const std::string script = R"(
key 2
await ready 60
click athlete:ana
click compare-b:app-base
click review:app-tired
await ready 60
key w
key b
await note:1 30
click note
type arms cross late in the session
click Add note
await note:2 30
key 4
await ready 60
key 5
await ready 60
click metric:arms.midline_crossing
await ready 60
key 6
click Session CSV
await ready 60
quit
)";
  HeadlessDashboard d(hub.target(), dir_ / "exports", script);
  d.until([] { return false; });  // runs until the script quits (or fails)
  EXPECT_EQ(d.app().script_error(), "");
  EXPECT_EQ(d.app().place().athlete_id, "ana");
  EXPECT_EQ(d.app().place().session_id, "app-tired");
  EXPECT_EQ(d.app().place().compare_session_id, "app-base");
  EXPECT_EQ(d.app().place().trend_metric_key, "arms.midline_crossing");
  EXPECT_GT(d.app().place().cursor_s, 0.0) << "w jumped to the worst moment";
  auto* review = dynamic_cast<dashboard::SessionReviewPanel*>(d.app().panel("review"));
  ASSERT_NE(review, nullptr);
  ASSERT_TRUE(review->first_chart_s().has_value()) << "a chart with data was drawn";
  EXPECT_TRUE(fs::exists(dir_ / "exports" / "session-app-tired.csv"));
  // The bookmark and the note typed after it (the saved bookmark did not wipe the box) are
  // stored on the hub, both at the cursor.
  services::CoachClient client({hub.target(), {}, {}, hub.staff_token()});
  const auto notes = client.list_annotations("app-tired");
  ASSERT_EQ(notes.size(), 2U);
  EXPECT_EQ(notes[0].kind, services::CoachAnnotation::Kind::kBookmark);
  EXPECT_EQ(notes[1].kind, services::CoachAnnotation::Kind::kNote);
  EXPECT_EQ(notes[1].text, "arms cross late in the session");
  for (const auto& n : notes) EXPECT_EQ(n.t_us, static_cast<std::int64_t>(d.app().place().cursor_s * 1e6));
  // The seeded runner holds the rails from 40.5 s to 48.5 s: the review shades the hub's
  // hands-on-rails spans (SessionSummary.holding_rails_spans, decoded into the coach client's
  // summary), and no worst moment 'w' offers lies on them.
  const services::CoachSession tired = client.get_session("app-tired");
  ASSERT_TRUE(tired.summary.has_value());
  const auto& rails = tired.summary->holding_rails_spans;
  ASSERT_FALSE(rails.empty()) << "the hub's rails spans reach the coach client";
  EXPECT_LT(rails.front().start_us, 48'500'000);
  EXPECT_GT(rails.back().end_us, 40'500'000);
  const std::vector<report::SessionSpan> shaded = review->rails_spans();
  ASSERT_EQ(shaded.size(), rails.size());
  for (std::size_t i = 0; i < rails.size(); ++i) {
    EXPECT_EQ(shaded[i].begin_us, rails[i].start_us);
    EXPECT_EQ(shaded[i].end_us, rails[i].end_us);
    EXPECT_EQ(shaded[i].label, report::kRailsLabel);
  }
  for (const auto& w : review->worst_moments()) {
    for (const auto& r : rails) EXPECT_FALSE(w.t_us >= r.start_us && w.t_us <= r.end_us) << "a worst moment on the rails";
  }
  // The verdict behind each fault, with the spans it was live in.
  ASSERT_FALSE(tired.summary->faults.empty());
  ASSERT_EQ(tired.summary->fault_verdicts.size(), tired.summary->faults.size());
  for (std::size_t i = 0; i < tired.summary->faults.size(); ++i) {
    EXPECT_EQ(tired.summary->fault_verdicts[i].metric, tired.summary->faults[i]);
    EXPECT_GT(tired.summary->fault_verdicts[i].share, 0.0);
  }
}

TEST_F(DashboardApp, ScriptErrorsNameTheLineAndWhatIsShown) {
  HubUnderTest hub(Backend::kSqlite, HubUnderTest::fast_options(), seed_club);
  HeadlessDashboard d(hub.target(), dir_, "key 2\nawait ready 60\nclick athlete:nobody\n", true);
  // The click waits kClickTimeoutS on the app's (fake) clock; step frames until it gives up.
  d.until([&] { return !d.app().script_error().empty(); });
  EXPECT_NE(d.app().script_error().find("script line 3"), std::string::npos) << d.app().script_error();
  EXPECT_NE(d.app().script_error().find("'search'"), std::string::npos) << "lists what is shown: " << d.app().script_error();
}

TEST_F(DashboardApp, LiveWallShowsAStreamingStationUntilItsSessionCloses) {
  HubUnderTest hub(Backend::kSqlite, HubUnderTest::fast_options(), seed_club);
  HeadlessDashboard d(hub.target(), dir_, "");
  auto* wall = dynamic_cast<dashboard::LiveWallPanel*>(d.app().panel("live"));
  ASSERT_NE(wall, nullptr);
  ASSERT_TRUE(d.until([&] { return !d.app().sign_in().showing(); })) << "signed in";
  // A watcher that joins mid-session still gets the session's start with its first frames.
  const services::RecordedSession s = tiring_session("live-1", 60.0, "ana");
  services::KioskUploader uploader(hub.channel());
  uploader.open(s.start);
  std::size_t sent = 0;
  auto shown = [&] { return wall->stations().count("live-1") && wall->stations().at("live-1").scores.overall.has_value(); };
  // Frames go out as the app draws (a kiosk streaming at its own pace).
  ASSERT_TRUE(d.until([&] {
    if (sent < s.frames.size()) uploader.add_frame("live-1", s.frames[sent++]);
    return shown() && sent >= s.frames.size() / 2;
  })) << "shown: " << d.app().shown() << ", hub: " << d.worker().state().message
         << "; stations on the wall: " << wall->stations().size() << "; frames acked by the hub: "
         << uploader.stats().frames_acked << " of " << sent;
  const dashboard::LiveStation& station = wall->stations().at("live-1");
  EXPECT_EQ(station.start.station_id, "station-1");
  EXPECT_GT(station.last_t_us, 0);
  EXPECT_TRUE(station.has_pose);
  EXPECT_TRUE(d.app().targets().centre_of("station:station-1").has_value()) << "the tile is drawn and clickable";
  for (; sent < s.frames.size(); ++sent) uploader.add_frame("live-1", s.frames[sent]);
  uploader.close("live-1", s.summary, s.start.started_unix_ms() + 60'000);
  EXPECT_TRUE(d.until([&] { return wall->stations().count("live-1") == 0; })) << "a closed session leaves the wall";
}

// The live watch refused before sign-in (no token yet) reconnects the moment a token is set, not
// after its retry delay (an hour here): a coach who signs in sees what is streaming right then.
TEST_F(DashboardApp, LiveWatchRefusedBeforeSignInReconnectsAtOnceWithTheToken) {
  HubUnderTest hub(Backend::kSqlite, HubUnderTest::fast_options(), seed_club);
  services::CoachWorker worker({hub.target(), {}, {}, {}});
  constexpr double kRetryS = 3600.0;
  worker.start_live(kRetryS);
  std::size_t spins = 0;
  while (!worker.state().signed_out && ++spins < static_cast<std::size_t>(kMaxFrames)) std::this_thread::yield();
  ASSERT_TRUE(worker.state().signed_out) << "the hub refuses a watch without a token";
  services::CoachClient anonymous({hub.target(), {}, {}, {}});
  worker.set_token(anonymous.login(kCoach, kPassword).token);
  EXPECT_FALSE(worker.state().signed_out) << "a new token clears the refusal";
  const services::RecordedSession s = recorded_session("after-sign-in", 10.0, form::View::kFront, "ana", "station-1", 7);
  services::KioskUploader uploader(hub.channel());
  uploader.open(s.start);
  std::size_t sent = 0;
  bool seen = false;
  for (int i = 0; i < kMaxFrames && !seen; ++i) {
    if (sent < s.frames.size()) uploader.add_frame("after-sign-in", s.frames[sent++]);
    for (const services::CoachLiveUpdate& u : worker.take_live().updates) {
      for (const services::CoachSession& started : u.new_sessions) seen = seen || started.session_id == "after-sign-in";
    }
    std::this_thread::yield();
  }
  EXPECT_TRUE(seen) << "the watch reconnected with the token while the session streamed (" << sent << " frames sent)";
  EXPECT_FALSE(worker.state().signed_out);
  worker.stop_live();
}

TEST_F(DashboardApp, LostHubShowsTheBannerAndReconnectsKeepingThePlace) {
  const std::string store = "sqlite:" + (dir_ / "hub.db").string();
  seed_club(*services::open_access_store(store));
  auto hub = std::make_unique<HubProcess>(store, 0, dir_);
  const int port = hub->port();
  const std::string target = "127.0.0.1:" + std::to_string(port);
  HeadlessDashboard d(target, dir_, "");
  d.app().place().athlete_id = "ana";
  d.app().go_to("athletes");
  ASSERT_TRUE(d.until([&] { return d.app().panel("athletes")->ready(); }));
  EXPECT_FALSE(d.app().targets().centre_of("connection-lost").has_value());
  hub->kill_hard();
  hub.reset();
  ASSERT_TRUE(d.until([&] { return d.app().targets().centre_of("connection-lost").has_value(); }))
      << "the banner shows once the hub is gone";
  hub = std::make_unique<HubProcess>(store, port, dir_);
  ASSERT_TRUE(d.until([&] { return !d.app().targets().centre_of("connection-lost").has_value(); }))
      << "the banner goes once the hub is back";
  EXPECT_EQ(d.app().shown(), "athletes");
  EXPECT_EQ(d.app().place().athlete_id, "ana");
}

// Issue 12 acceptance 3: signed in as coach-cara, zoe (coach-olga's athlete) appears in no panel:
// not in the athletes list, not among the compare picks, not on the live wall while she runs, and
// the hub refuses her sessions and trends to this coach outright.
TEST_F(DashboardApp, SignedInCoachNeverSeesAnotherCoachsAthlete) {
  HubUnderTest hub(Backend::kSqlite, HubUnderTest::fast_options(), seed_club);
  {
    services::KioskUploader uploader(hub.channel());
    upload_session(uploader, recorded_session("ana-1", 20.0, form::View::kFront, "ana", "station-1", 3));
    services::KioskUploader zoe_uploader(hub.kiosk_channel("station-2"));
    upload_session(zoe_uploader, recorded_session("zoe-1", 20.0, form::View::kFront, "zoe", "station-2", 4));
  }
  HeadlessDashboard d(hub.target(), dir_, "");
  auto no_zoe = [&] {
    for (const std::string& label : d.app().targets().labels()) {
      if (label.find("zoe") != std::string::npos) return ::testing::AssertionFailure() << "drawn: " << label;
    }
    return ::testing::AssertionSuccess();
  };
  // Athletes list and its compare picks.
  d.app().place().athlete_id = "ana";
  d.app().go_to("athletes");
  ASSERT_TRUE(d.until([&] {
    return d.app().shown() == "athletes" && d.app().panel("athletes")->ready() &&
           d.app().targets().centre_of("compare-b:ana-1").has_value();
  })) << "signed in, ana and her session listed";
  EXPECT_EQ(d.app().sign_in().user_name(), kCoach);
  EXPECT_TRUE(d.app().targets().centre_of("athlete:ana").has_value());
  EXPECT_FALSE(d.app().targets().centre_of("athlete:zoe").has_value());
  EXPECT_TRUE(no_zoe());
  // Trends and sessions of zoe, asked for by id (no panel offers her): refused by the hub.
  services::CoachClient coach({hub.target(), {}, {}, {}});
  const services::CoachLogin login = coach.login(kCoach, kPassword);
  services::CoachClient as_coach({hub.target(), {}, {}, login.token});
  for (const auto& a : as_coach.list_athletes()) EXPECT_NE(a.athlete_id, "zoe");
  EXPECT_THROW(as_coach.list_sessions("zoe"), services::CoachError);
  EXPECT_THROW(as_coach.get_session("zoe-1"), services::CoachError);
  EXPECT_THROW(as_coach.metric_trend("zoe", form::MetricId::kShouldersElevation), services::CoachError);
  // Live wall: zoe streams on station-2, then ana on station-1; only ana's station shows.
  auto* wall = dynamic_cast<dashboard::LiveWallPanel*>(d.app().panel("live"));
  ASSERT_NE(wall, nullptr);
  d.app().go_to("live");
  const services::RecordedSession zoe_live = recorded_session("zoe-live", 10.0, form::View::kFront, "zoe", "station-2", 5);
  const services::RecordedSession ana_live = recorded_session("ana-live", 10.0, form::View::kFront, "ana", "station-1", 6);
  services::KioskUploader zoe_uploader(hub.kiosk_channel("station-2"));
  services::KioskUploader ana_uploader(hub.channel());
  zoe_uploader.open(zoe_live.start);
  for (const auto& f : zoe_live.frames) zoe_uploader.add_frame("zoe-live", f);
  ana_uploader.open(ana_live.start);
  std::size_t sent = 0;
  ASSERT_TRUE(d.until([&] {
    if (sent < ana_live.frames.size()) ana_uploader.add_frame("ana-live", ana_live.frames[sent++]);
    return wall->stations().count("ana-live") && wall->stations().at("ana-live").has_pose &&
           sent >= ana_live.frames.size();
  })) << "ana's live session shows";
  EXPECT_EQ(wall->stations().count("zoe-live"), 0U) << "zoe's live session never reaches this coach";
  EXPECT_FALSE(d.app().targets().centre_of("station:station-2").has_value());
  EXPECT_TRUE(no_zoe());
}

// The token is refreshed before it expires: once the app's wall clock is past the refresh point
// (kRefreshAtRemainingFraction of the lifetime left), the app asks the hub for a new token, uses it
// for its calls, and the coach stays signed in where they were.
TEST_F(DashboardApp, TokenIsRefreshedBeforeItExpiresKeepingThePlace) {
  HubUnderTest hub(Backend::kSqlite, HubUnderTest::fast_options(), seed_club);
  {
    services::KioskUploader uploader(hub.channel());
    upload_session(uploader, recorded_session("ana-1", 20.0, form::View::kFront, "ana", "station-1", 3));
  }
  auto app_unix_ms = std::make_shared<std::atomic<std::int64_t>>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  HeadlessDashboard d(hub.target(), dir_, "", false, kCoach, [app_unix_ms] { return app_unix_ms->load(); });
  d.app().place().athlete_id = "ana";
  d.app().go_to("athletes");
  ASSERT_TRUE(d.until([&] { return d.app().shown() == "athletes" && d.app().panel("athletes")->ready(); }));
  const std::string first_token = d.worker().endpoint().token;
  ASSERT_FALSE(first_token.empty());
  EXPECT_EQ(d.app().sign_in().refreshes(), 0) << "nothing to refresh right after signing in";
  // Ten of the token's twelve hours later (the hub's own clock still says the token is valid).
  app_unix_ms->fetch_add(std::int64_t{10} * 3'600'000);
  ASSERT_TRUE(d.until([&] { return d.app().sign_in().refreshes() == 1; })) << "refreshed once past the refresh point";
  EXPECT_NE(d.worker().endpoint().token, first_token) << "calls carry the new token";
  d.app().go_to("trends");
  EXPECT_TRUE(d.until([&] { return d.app().shown() == "trends" && d.app().panel("trends")->ready(); }))
      << "the hub takes the new token";
  EXPECT_EQ(d.app().place().athlete_id, "ana");
  EXPECT_EQ(d.app().sign_in().refreshes(), 1) << "one refresh per token lifetime";
}

// A token that expires (the hub's clock jumps past its 12-hour lifetime) brings the coach back to
// the sign-in screen; signing in again returns to the same panel with the same athlete.
TEST_F(DashboardApp, ExpiredTokenLeadsBackToSignInKeepingThePlace) {
  auto hub_minutes_ahead = std::make_shared<std::atomic<int>>(0);
  services::HubOptions options = HubUnderTest::fast_options();
  options.auth.now = [hub_minutes_ahead] {
    return std::chrono::system_clock::now() + std::chrono::minutes(hub_minutes_ahead->load());
  };
  HubUnderTest hub(Backend::kSqlite, options, seed_club);
  {
    services::KioskUploader uploader(hub.channel());
    upload_session(uploader, recorded_session("ana-1", 20.0, form::View::kFront, "ana", "station-1", 3));
  }
  HeadlessDashboard d(hub.target(), dir_, "");
  d.app().place().athlete_id = "ana";
  d.app().go_to("athletes");
  ASSERT_TRUE(d.until([&] { return d.app().shown() == "athletes" && d.app().panel("athletes")->ready(); }));
  // Past the token's lifetime (AuthOptions::person_token_lifetime, 12 h).
  hub_minutes_ahead->store(13 * 60);
  d.app().go_to("trends");  // its first call meets the expired token
  ASSERT_TRUE(d.until([&] { return d.app().shown() == "signin"; })) << "the sign-in screen comes back";
  // The scripted password signs in again (a person would type it): the same place.
  ASSERT_TRUE(d.until([&] { return d.app().shown() == "trends"; }));
  EXPECT_EQ(d.app().place().athlete_id, "ana");
  EXPECT_TRUE(d.until([&] { return d.app().panel("trends")->ready(); })) << "the trend loads with the new token";
}

}  // namespace
}  // namespace runform::testing
