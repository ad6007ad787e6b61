// The dashboard's UI-free parts: script and flag parsing (every mistake named), frame-time
// percentiles, the session frames' spans, stride phase and chunked lookup, normal ranges, exact
// number text, the live wall's bookkeeping (dropped and missing frames, cues, closed sessions).
#include <gtest/gtest.h>

#include <sstream>

#include "dashboard/dashboard_options.h"
#include "dashboard/dashboard_script.h"
#include "dashboard/frame_times.h"
#include "dashboard/live_wall_panel.h"
#include "dashboard/session_frames.h"
#include "report/normal_range.h"
#include "report/number_text.h"

namespace runform::dashboard {
namespace {

std::vector<ScriptStep> parse(const std::string& text) {
  std::istringstream in(text);
  return parse_script(in, "t.script");
}

std::string script_error(const std::string& text) {
  try {
    parse(text);
  } catch (const ScriptError& e) {
    return e.what();
  }
  return "";
}

TEST(DashboardScript, ParsesEveryStep) {
  const auto steps = parse("# comment\n\nclick chart:cadence_spm@0.25\ntype abc def\nkey w\nkey space\nawait ready 12\n"
                           "await station:treadmill-1\nwait 1.5\nscreenshot x\nquit\n");
  ASSERT_EQ(steps.size(), 9U);
  EXPECT_EQ(steps[0].kind, ScriptStep::Kind::kClick);
  EXPECT_EQ(steps[0].argument, "chart:cadence_spm");
  EXPECT_DOUBLE_EQ(steps[0].fraction_x, 0.25);
  EXPECT_EQ(steps[1].argument, "abc def");
  EXPECT_EQ(steps[3].argument, " ");
  EXPECT_EQ(steps[4].kind, ScriptStep::Kind::kAwaitReady);
  EXPECT_DOUBLE_EQ(steps[4].seconds, 12.0);
  EXPECT_EQ(steps[5].kind, ScriptStep::Kind::kAwaitLabel);
  EXPECT_EQ(steps[5].argument, "station:treadmill-1");
  EXPECT_DOUBLE_EQ(steps[5].seconds, kDefaultAwaitTimeoutS);
  EXPECT_EQ(steps[6].seconds, 1.5);
  EXPECT_EQ(steps[8].kind, ScriptStep::Kind::kQuit);
}

TEST(DashboardScript, MistakesNameTheLine) {
  EXPECT_NE(script_error("click\n").find("t.script:1"), std::string::npos);
  EXPECT_NE(script_error("quit\nfly away\n").find("t.script:2: unknown step 'fly'"), std::string::npos);
  EXPECT_NE(script_error("key ab\n").find("one character"), std::string::npos);
  EXPECT_NE(script_error("click x@2\n").find("0–1"), std::string::npos);
  EXPECT_NE(script_error("wait soon\n").find("'soon'"), std::string::npos);
  EXPECT_NE(script_error("screenshot a/b\n").find("no '/'"), std::string::npos);
}

std::string usage_error(std::vector<const char*> args) {
  args.insert(args.begin(), "runform-dashboard");
  try {
    parse_dashboard_args(static_cast<int>(args.size()), args.data());
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(DashboardOptions, FlagsAndMistakes) {
  const char* ok[] = {"runform-dashboard", "--hub", "127.0.0.1:5", "--insecure-loopback", "--size", "1280x720",
                      "--exit-after", "3", "--no-sign-in"};
  const DashboardSettings s = parse_dashboard_args(9, ok);
  EXPECT_EQ(s.hub, "127.0.0.1:5");
  EXPECT_EQ(s.width_px, 1280);
  EXPECT_EQ(s.exit_after_s, 3.0);
  EXPECT_TRUE(s.no_sign_in);
  EXPECT_NE(usage_error({}).find("--hub HOST:PORT is required"), std::string::npos);
  EXPECT_NE(usage_error({"--hub", "nohost"}).find("HOST:PORT"), std::string::npos);
  EXPECT_NE(usage_error({"--hub", "a:1"}).find("--hub-ca"), std::string::npos) << "neither TLS nor loopback asked for";
  EXPECT_NE(usage_error({"--hub", "a:1", "--hub-ca", "x", "--insecure-loopback"}).find("exclude"), std::string::npos);
  EXPECT_NE(usage_error({"--hub", "a:1", "--insecure-loopback", "--size", "10x10"}).find("640x480"), std::string::npos);
  EXPECT_NE(usage_error({"--hub", "a:1", "--insecure-loopback", "--exit-after", "-1"}).find("above 0"), std::string::npos);
  EXPECT_NE(usage_error({"--bogus"}).find("unknown option '--bogus'"), std::string::npos);
  EXPECT_NE(usage_error({"--hub", "a:1", "--insecure-loopback", "--token-file", "t", "--user", "u"}).find("replaces"),
            std::string::npos);
}

services::CoachFrame live_frame(std::uint64_t seq, std::vector<services::CoachCue> cues = {}) {
  services::CoachFrame f;
  f.seq = seq;
  f.t_us = static_cast<std::int64_t>(seq) * 33'333;
  f.cues = std::move(cues);
  return f;
}

// The wall tells the coach when a stream is not whole: frames missing between sequence numbers
// (per station), frames the hub dropped for this slow screen (in total), the cue now, and a
// session that closed leaves the wall.
TEST(LiveWall, CountsMissingAndDroppedFramesAndFollowsCuesUntilClosed) {
  LiveWallPanel wall;
  services::CoachLiveBatch batch;
  services::CoachLiveUpdate first;
  services::CoachSession start;
  start.session_id = "s1";
  start.station_id = "station-1";
  first.new_sessions.push_back(start);
  first.frames.push_back({"s1", {live_frame(1), live_frame(2), live_frame(5, {{services::CoachCue::Kind::kShow, "c", "Drop your shoulders"}})}});
  first.frames.push_back({"never-started", {live_frame(1)}});
  batch.updates.push_back(first);
  wall.on_live(batch, 1.0);
  ASSERT_EQ(wall.stations().size(), 1U) << "frames of a session whose start was never seen are not shown";
  const LiveStation& s = wall.stations().at("s1");
  EXPECT_EQ(s.gap_frames, 2U) << "seq 3 and 4 never arrived";
  EXPECT_EQ(s.last_seq, 5U);
  EXPECT_EQ(s.cue, "Drop your shoulders");
  EXPECT_DOUBLE_EQ(s.last_arrival_s, 1.0);
  EXPECT_EQ(wall.dropped_frames(), 0U);

  services::CoachLiveBatch later;
  services::CoachLiveUpdate second;
  second.frames.push_back({"s1", {live_frame(6, {{services::CoachCue::Kind::kClear, "c", ""}})}});
  second.dropped_frames = 40;
  later.updates.push_back(second);
  wall.on_live(later, 2.0);
  EXPECT_EQ(wall.stations().at("s1").gap_frames, 2U);
  EXPECT_EQ(wall.stations().at("s1").cue, "") << "a cleared cue is gone";
  EXPECT_EQ(wall.dropped_frames(), 40U) << "the hub's drops for this screen are shown";

  services::CoachLiveBatch closing;
  services::CoachLiveUpdate third;
  third.closed_session_ids.push_back("s1");
  closing.updates.push_back(third);
  wall.on_live(closing, 3.0);
  EXPECT_TRUE(wall.stations().empty());
}

TEST(FrameTimes, Percentiles) {
  FrameTimes t;
  EXPECT_EQ(t.percentile(50), 0.0);
  for (int i = 1; i <= 100; ++i) t.add(i);
  EXPECT_EQ(t.percentile(50), 50.0);
  EXPECT_EQ(t.percentile(99), 99.0);
  EXPECT_EQ(t.percentile(100), 100.0);
  FrameTimes bounded(10);
  for (int i = 1; i <= 20; ++i) bounded.add(i);
  EXPECT_EQ(bounded.count(), 10U);
  EXPECT_EQ(bounded.percentile(0.1), 11.0) << "the oldest samples were dropped";
}

services::CoachFrame frame(std::uint64_t seq, std::int64_t t_us) {
  services::CoachFrame f;
  f.seq = seq;
  f.t_us = t_us;
  f.pose.keypoints[0] = {static_cast<double>(seq), 0.0, 1.0};
  return f;
}

TEST(SessionFrames, LookupSpansAndStridePhase) {
  services::CoachSession session;
  session.session_id = "s";
  session.duration_us = 150'000'000;  // 2.5 minutes: three chunks
  const std::vector<form::CueDef> cues{{"shoulders_high", form::MetricId::kShouldersElevation, 1, "Drop your shoulders", "Better"}};
  SessionFrames frames(session, cues);
  ASSERT_EQ(frames.chunk_count(), 3U);
  std::vector<services::CoachFrame> first;
  for (std::uint64_t i = 0; i < 60; ++i) {
    services::CoachFrame f = frame(i + 1, static_cast<std::int64_t>(i) * 1'000'000);
    if (i % 2 == 0) {  // a stride end every 2 s, with scores; arms not measurable from 10 s to 20 s
      f.metrics.push_back({form::MetricId::kShouldersElevation, static_cast<double>(i)});
      f.scores = services::CoachScores{80.0, 70.0, (i >= 10 && i < 20) ? std::nullopt : std::optional(60.0), 70.0};
    }
    if (i == 30) f.cues.push_back({services::CoachCue::Kind::kShow, "shoulders_high", "Drop your shoulders"});
    if (i == 40) f.cues.push_back({services::CoachCue::Kind::kClear, "", ""});
    first.push_back(f);
  }
  frames.add_chunk(0, first);
  EXPECT_EQ(frames.frame_at(5'500'000)->seq, 6U) << "the newest frame at or before the time";
  EXPECT_EQ(frames.frame_at(61'000'000), nullptr) << "chunk 1 is not loaded";
  EXPECT_FALSE(frames.loaded(0, 70'000'000));
  EXPECT_TRUE(frames.loaded(0, 59'000'000));
  EXPECT_NEAR(frames.progress(), 1.0 / 3.0, 1e-9);
  ASSERT_EQ(frames.cue_spans().size(), 1U);
  EXPECT_EQ(frames.cue_spans()[0].begin_us, 30'000'000);
  EXPECT_EQ(frames.cue_spans()[0].end_us, 40'000'000);
  EXPECT_EQ(frames.cue_spans()[0].metric, form::MetricId::kShouldersElevation);
  ASSERT_EQ(frames.arms_off_spans().size(), 1U);
  EXPECT_EQ(frames.arms_off_spans()[0].begin_us, 10'000'000);
  EXPECT_EQ(frames.arms_off_spans()[0].end_us, 20'000'000);
  EXPECT_NEAR(*frames.stride_phase(5'000'000), 0.5, 1e-9) << "halfway from the stride end at 4 s to the one at 6 s";
  EXPECT_EQ(*frames.time_at_phase(21'000'000, 0.25), 20'500'000);
  const auto points = frames.metric_points(form::MetricId::kShouldersElevation, 10'000'000, 20'000'000);
  ASSERT_EQ(points.size(), 5U);
  EXPECT_EQ(points.front().first, 10'000'000);
}

TEST(ReviewSpans, RailsAndFaultSpansComeFromTheSummaryAndWorstMomentsAvoidTheRails) {
  services::CoachSummary summary;
  summary.holding_rails_s = 8.0;
  summary.holding_rails_spans = {{40'000'000, 48'000'000}};
  summary.faults = {form::MetricId::kShouldersElevation};
  summary.fault_verdicts = {{form::MetricId::kShouldersElevation, services::CoachFaultVerdict::Basis::kPersistent, 0.4, false,
                             {{10'000'000, 20'000'000}, {60'000'000, 70'000'000}}}};
  summary.worst_moments = {{44'000'000, 31.0, form::MetricId::kArmsMidlineCrossing}, {65'000'000, 42.0, std::nullopt}};
  const std::vector<report::SessionSpan> arms_off = {{1'000'000, 2'000'000, report::kArmsOffLabel, std::nullopt, false}};
  const std::vector<report::SessionSpan> cues = {{3'000'000, 4'000'000, "Drop your shoulders", form::MetricId::kShouldersElevation, false}};
  const std::optional<services::CoachSummary> closed = summary;

  const auto rails = report::rails_spans(closed, arms_off);
  ASSERT_EQ(rails.size(), 1U);
  EXPECT_EQ(rails[0].begin_us, 40'000'000);
  EXPECT_EQ(rails[0].label, report::kRailsLabel);
  const auto faults = report::fault_spans(closed, form::MetricId::kShouldersElevation, cues);
  ASSERT_EQ(faults.size(), 2U) << "the verdict's spans, not the cue's";
  EXPECT_EQ(faults[1].end_us, 70'000'000);
  EXPECT_TRUE(report::fault_spans(closed, form::MetricId::kHeadTilt, cues).empty());
  const auto worst = report::worst_moments_off_rails(summary, rails);
  ASSERT_EQ(worst.size(), 1U) << "the stride on the rails is never offered";
  EXPECT_EQ(worst[0].t_us, 65'000'000);

  // An older summary (rail time, no spans) and an open session fall back to the frames' spans.
  services::CoachSummary old = summary;
  old.holding_rails_spans.clear();
  old.fault_verdicts.clear();
  EXPECT_EQ(report::rails_spans(old, arms_off).front().label, report::kArmsOffLabel);
  EXPECT_EQ(report::rails_spans(std::nullopt, arms_off).size(), 1U);
  EXPECT_EQ(report::fault_spans(old, form::MetricId::kShouldersElevation, cues).front().begin_us, 3'000'000);
}

TEST(NormalRange, FollowsTheFaultThresholds) {
  const auto cadence = report::normal_range(form::MetricId::kCadence);
  EXPECT_EQ(cadence.low, 164.0) << "Garmin: 164 spm and up";
  EXPECT_FALSE(cadence.high.has_value());
  const auto tilt = report::normal_range(form::MetricId::kHeadTilt);
  EXPECT_EQ(tilt.low, -5.0);
  EXPECT_EQ(tilt.high, 5.0);
  EXPECT_TRUE(report::normal_range(form::MetricId::kHeadForwardAngle).relative_to_baseline);
}

TEST(NumberText, ExactRoundTrip) {
  for (double v : {0.1, 1.0 / 3.0, 123456.789, -0.0, 1e-300, 172.0}) {
    EXPECT_EQ(report::parse_exact(report::exact(v)), v);
  }
  EXPECT_THROW(report::parse_exact("12x"), std::invalid_argument);
  EXPECT_THROW(report::parse_exact(""), std::invalid_argument);
}

}  // namespace
}  // namespace runform::dashboard
