// Acceptance 4: the cue engine on scripted fault timelines (time injected, 30 fps).
#include "form/cue_engine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

namespace runform::form {
namespace {

std::vector<CueDef> test_cues() {
  return {{"shoulders_high", MetricId::kShouldersElevation, 1, "Drop your shoulders", "Better — shoulders low"},
          {"arms_crossing", MetricId::kArmsMidlineCrossing, 2, "Swing forward, not across", "Better — arms forward"},
          {"head_tilted", MetricId::kHeadTilt, 3, "Keep your head level", ""}};
}

// Runs the engine from 0 to end_s at 30 fps; `faults_at` scripts the faults present at each time.
std::vector<CueEvent> run_timeline(double end_s, const std::function<std::vector<MetricId>(double)>& faults_at,
                                   CueTiming timing = {}) {
  CueEngine engine(test_cues(), timing);
  std::vector<CueEvent> all;
  for (int i = 0; i <= static_cast<int>(end_s * 30); ++i) {
    const double t = i / 30.0;
    for (CueEvent& e : engine.update(t, faults_at(t))) all.push_back(std::move(e));
  }
  return all;
}

std::vector<CueEvent> of_kind(const std::vector<CueEvent>& events, CueEventKind kind) {
  std::vector<CueEvent> out;
  for (const CueEvent& e : events) {
    if (e.kind == kind) out.push_back(e);
  }
  return out;
}

TEST(CueEngine, FaultShorterThanEnterTimeShowsNothing) {
  // 2.9 s of elevated shoulders, repeated with 3 s gaps: never long enough.
  const auto events = run_timeline(60, [](double t) {
    return std::fmod(t, 6.0) < 2.9 ? std::vector{MetricId::kShouldersElevation} : std::vector<MetricId>{};
  });
  EXPECT_TRUE(events.empty());
}

TEST(CueEngine, PersistentFaultShowsAfterEnterTime) {
  const auto events = run_timeline(10, [](double t) {
    return t >= 1.0 ? std::vector{MetricId::kShouldersElevation} : std::vector<MetricId>{};
  });
  const auto shows = of_kind(events, CueEventKind::kShow);
  ASSERT_EQ(shows.size(), 1u);
  EXPECT_EQ(shows[0].text, "Drop your shoulders");
  EXPECT_NEAR(shows[0].t_s, 4.0, 1.0 / 30 + 1e-9);  // 1 s onset + 3 s enter hysteresis
}

TEST(CueEngine, NoFlickerWhenTheFaultBlinks) {
  // The fault is present, then blinks off for 1 s at a time (less than the 2 s exit time).
  const auto events = run_timeline(12, [](double t) {
    const bool blink_off = t > 5.0 && std::fmod(t, 2.0) < 1.0;
    return blink_off ? std::vector<MetricId>{} : std::vector{MetricId::kShouldersElevation};
  });
  EXPECT_EQ(of_kind(events, CueEventKind::kShow).size(), 1u);
  EXPECT_TRUE(of_kind(events, CueEventKind::kClear).empty());
  EXPECT_TRUE(of_kind(events, CueEventKind::kPositive).empty());
}

TEST(CueEngine, PositiveReinforcementFollowsAResolvedFault) {
  // Fault from 0 to 8 s, shown at 3 s; gone at 8 s; positive at 10 s (2 s exit hysteresis).
  const auto events = run_timeline(15, [](double t) {
    return t < 8.0 ? std::vector{MetricId::kShouldersElevation} : std::vector<MetricId>{};
  });
  const auto positives = of_kind(events, CueEventKind::kPositive);
  ASSERT_EQ(positives.size(), 1u);
  EXPECT_EQ(positives[0].text, "Better — shoulders low");
  EXPECT_NEAR(positives[0].t_s, 10.0, 1.0 / 30 + 1e-9);
  // The positive message clears itself after a few seconds.
  const auto clears = of_kind(events, CueEventKind::kClear);
  ASSERT_EQ(clears.size(), 1u);
  EXPECT_NEAR(clears[0].t_s, 13.0, 1.0 / 30 + 1e-9);
}

TEST(CueEngine, CooldownIsRespected) {
  // The fault comes and goes every 10 s (6 s on, 4 s off): it could show every 10 s,
  // but the 30 s cooldown allows it at most once per 30 s.
  const auto events = run_timeline(120, [](double t) {
    return std::fmod(t, 10.0) < 6.0 ? std::vector{MetricId::kShouldersElevation} : std::vector<MetricId>{};
  });
  const auto shows = of_kind(events, CueEventKind::kShow);
  ASSERT_GE(shows.size(), 3u);
  for (std::size_t i = 1; i < shows.size(); ++i) EXPECT_GE(shows[i].t_s - shows[i - 1].t_s, 30.0 - 1e-9);
}

TEST(CueEngine, OneCueAtATimeByPriorityWithMinimumInterval) {
  // Two faults at once: the higher-priority one first; the other never while one is up,
  // and no new cue within 8 s of the previous one.
  const auto events = run_timeline(40, [](double t) {
    std::vector<MetricId> f{MetricId::kArmsMidlineCrossing};
    if (t < 6.0) f.push_back(MetricId::kShouldersElevation);
    return f;
  });
  const auto shows = of_kind(events, CueEventKind::kShow);
  ASSERT_GE(shows.size(), 2u);
  EXPECT_EQ(shows[0].id, "shoulders_high");
  EXPECT_EQ(shows[1].id, "arms_crossing");
  EXPECT_GE(shows[1].t_s - shows[0].t_s, 8.0 - 1e-9);
  // Between a show and the next show there is always a positive or a clear: never two on screen.
  bool on_screen = false;
  for (const CueEvent& e : events) {
    if (e.kind == CueEventKind::kShow) {
      EXPECT_FALSE(on_screen) << "second cue at " << e.t_s << " while another was up";
    }
    on_screen = e.kind == CueEventKind::kShow || e.kind == CueEventKind::kPositive;
  }
}

TEST(CueEngine, PersistentFaultIsHiddenAfterMaxShowThenReturnsAfterCooldown) {
  const auto events = run_timeline(70, [](double) { return std::vector{MetricId::kShouldersElevation}; });
  const auto shows = of_kind(events, CueEventKind::kShow);
  ASSERT_EQ(shows.size(), 3u);  // at 3 s, 33 s, 63 s
  EXPECT_NEAR(shows[1].t_s - shows[0].t_s, 30.0, 0.05);
  const auto clears = of_kind(events, CueEventKind::kClear);
  ASSERT_FALSE(clears.empty());
  EXPECT_NEAR(clears[0].t_s - shows[0].t_s, 12.0, 0.05);
}

TEST(CueEngine, CueWithoutPositiveTextClearsQuietly) {
  const auto events = run_timeline(15, [](double t) {
    return t < 6.0 ? std::vector{MetricId::kHeadTilt} : std::vector<MetricId>{};
  });
  EXPECT_EQ(of_kind(events, CueEventKind::kShow).size(), 1u);
  EXPECT_TRUE(of_kind(events, CueEventKind::kPositive).empty());
  EXPECT_EQ(of_kind(events, CueEventKind::kClear).size(), 1u);
}

}  // namespace
}  // namespace runform::form
