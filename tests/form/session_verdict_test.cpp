// The session verdict's rules on hand-made strides: the 25% share, the last fifth, cued
// episodes, walking and rails strides never judged, spans merged, scores as running means.
#include "form/session_verdict.h"

#include <gtest/gtest.h>

#include <functional>

namespace runform::form {
namespace {

// 100 running strides of 0.7 s from t = 10 s; `faulty(i)` says whether stride i had the fault live.
std::vector<StrideRecord> strides_with(MetricId id, const std::function<bool(int)>& faulty) {
  std::vector<StrideRecord> out;
  for (int i = 0; i < 100; ++i) {
    StrideRecord r;
    r.t_start_s = 10.0 + 0.7 * i;
    r.t_end_s = r.t_start_s + 0.7;
    if (faulty(i)) r.live_faults.push_back(id);
    out.push_back(r);
  }
  return out;
}

const FaultVerdict* find(const std::vector<FaultVerdict>& v, MetricId id) {
  for (const FaultVerdict& f : v) {
    if (f.metric == id) return &f;
  }
  return nullptr;
}

TEST(SessionVerdict, AQuarterOfTheStridesIsPersistentLessIsNot) {
  const auto at_25 = judge_faults(strides_with(MetricId::kHeadTilt, [](int i) { return i % 4 == 0; }), {}, {});
  ASSERT_TRUE(find(at_25, MetricId::kHeadTilt));
  EXPECT_EQ(find(at_25, MetricId::kHeadTilt)->basis, FaultBasis::kPersistent);
  EXPECT_NEAR(find(at_25, MetricId::kHeadTilt)->share, 0.25, 1e-9);
  const auto at_24 = judge_faults(strides_with(MetricId::kHeadTilt, [](int i) { return i % 4 == 0 && i < 96; }), {}, {});
  EXPECT_FALSE(find(at_24, MetricId::kHeadTilt));
}

TEST(SessionVerdict, AFaultThroughTheLastFifthDevelopedLate) {
  // Live from stride 80 on: 20% of the run (under the 25% share), but all of the last fifth.
  const auto v = judge_faults(strides_with(MetricId::kShouldersElevation, [](int i) { return i >= 80; }), {}, {});
  const FaultVerdict* f = find(v, MetricId::kShouldersElevation);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->basis, FaultBasis::kDevelopedLate);
  EXPECT_TRUE(f->developed_late);
  ASSERT_EQ(f->spans.size(), 1u);
  EXPECT_NEAR(f->spans[0].start_s, 10.0 + 0.7 * 80, 1e-9);
  EXPECT_NEAR(f->spans[0].end_s, 10.0 + 0.7 * 100, 1e-9);
}

TEST(SessionVerdict, ACuedEpisodeIsExplainedAndSpansMergeAcrossShortGaps) {
  // Two short episodes 1.4 s apart (merged) and one far away: 12% of strides, not late.
  const auto strides = strides_with(MetricId::kArmsMidlineCrossing,
                                    [](int i) { return (i >= 20 && i < 24) || (i >= 26 && i < 30) || (i >= 50 && i < 54); });
  EXPECT_FALSE(find(judge_faults(strides, {}, {}), MetricId::kArmsMidlineCrossing)) << "not cued: not a fault";
  const std::vector<CueDef> cues{{"arms_crossing", MetricId::kArmsMidlineCrossing, 1, "Swing forward, not across", "Better"}};
  const std::vector<CueEvent> shown{{27.0, CueEventKind::kShow, "arms_crossing", "Swing forward, not across"}};
  const auto v = judge_faults(strides, shown, cues);
  const FaultVerdict* f = find(v, MetricId::kArmsMidlineCrossing);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->basis, FaultBasis::kCued);
  ASSERT_EQ(f->spans.size(), 2u);
  EXPECT_NEAR(f->spans[0].end_s, 10.0 + 0.7 * 30, 1e-9);
}

TEST(SessionVerdict, WalkingAndRailsStridesAreNeverJudgedOrScored) {
  auto strides = strides_with(MetricId::kArmsAsymmetry, [](int i) { return i < 40; });
  for (int i = 0; i < 40; ++i) {
    strides[static_cast<std::size_t>(i)].holding_rails = i < 20;
    strides[static_cast<std::size_t>(i)].walking = i >= 20;
    strides[static_cast<std::size_t>(i)].scores.arms = 0.0;
  }
  for (std::size_t i = 40; i < strides.size(); ++i) strides[i].scores.arms = 90.0;
  EXPECT_FALSE(find(judge_faults(strides, {}, {}), MetricId::kArmsAsymmetry));
  const Scores s = mean_running_scores(strides, 0.3);
  ASSERT_TRUE(s.arms);
  EXPECT_DOUBLE_EQ(*s.arms, 90.0);
  const auto rails = holding_rails_spans(strides);
  ASSERT_EQ(rails.size(), 1u);
  EXPECT_NEAR(rails[0].end_s - rails[0].start_s, 20 * 0.7, 1e-9);
}

TEST(SessionVerdict, ScoresAreMeansSoALateFaultCounts) {
  auto strides = strides_with(MetricId::kHeadTilt, [](int) { return false; });
  for (std::size_t i = 0; i < strides.size(); ++i) strides[i].scores.head = i >= 80 ? 40.0 : 100.0;
  const Scores s = mean_running_scores(strides, 0.3);
  ASSERT_TRUE(s.head);
  EXPECT_DOUBLE_EQ(*s.head, 88.0);  // a median would say 100
  EXPECT_DOUBLE_EQ(*s.overall, 88.0);
}

}  // namespace
}  // namespace runform::form
