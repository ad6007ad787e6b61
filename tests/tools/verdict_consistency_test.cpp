// issue 9, acceptance 5: the verdict agrees with the session. In `runform demo` (front and side)
// every cue the runner saw maps to a fault in summary.faults, scores reflect faults that
// developed late, the hands-on-rails episode is named and never a worst moment, and the JSON
// carries the fault spans and the holding_rails spans.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "support/sim_harness.h"
#include "tools/analysis_json.h"
#include "tools/demo_report.h"

namespace runform::tools {
namespace {

using form::MetricId;

std::optional<double> area_score(const form::Scores& s, form::Area area) {
  switch (area) {
    case form::Area::kHead: return s.head;
    case form::Area::kShoulders: return s.shoulders;
    case form::Area::kArms: return s.arms;
    default: return std::nullopt;
  }
}

class DemoVerdict : public ::testing::TestWithParam<std::string> {};

TEST_P(DemoVerdict, AgreesWithTheCuesTheScoresAndTheRails) {
  const sim::SimulatedSession session = sim::simulate(demo_spec(GetParam()));
  const form::AnalysisResult r =
      form::analyze_frames(session.header, session.frames, {}, testing::catalog());
  const form::SessionSummary& s = r.summary;
  std::printf("%s demo: faults %zu, cues %zu\n", GetParam().c_str(), s.faults.size(), r.cues.size());

  // Every cue shown is explained by a fault of the verdict.
  ASSERT_FALSE(r.cues.empty()) << "the demo's fatigue should be cued";
  for (const form::CueEvent& e : r.cues) {
    if (e.kind != form::CueEventKind::kShow) continue;
    const auto def = std::find_if(testing::catalog().cues.begin(), testing::catalog().cues.end(),
                                  [&](const form::CueDef& c) { return c.id == e.id; });
    ASSERT_NE(def, testing::catalog().cues.end()) << e.id;
    EXPECT_NE(std::find(s.faults.begin(), s.faults.end(), def->metric), s.faults.end())
        << "cue \"" << e.text << "\" at " << e.t_s << " s is not explained by summary.faults";
  }
  // Each fault has its time spans; its area's score is below that of the first, fault-free minute.
  ASSERT_EQ(s.fault_verdicts.size(), s.faults.size());
  for (const form::FaultVerdict& v : s.fault_verdicts) {
    EXPECT_FALSE(v.spans.empty()) << form::info(v.metric).key;
    const form::Area area = form::info(v.metric).area;
    const auto session_score = area_score(s.scores, area);
    const auto first_minute = area_score(s.per_minute.front().scores, area);
    if (!session_score || !first_minute) continue;
    std::printf("  %s (%s, %.0f%% of strides): %s score %.1f, first minute %.1f\n",
                std::string(form::info(v.metric).key).c_str(), std::string(form::to_string(v.basis)).c_str(),
                100.0 * v.share, std::string(form::to_string(area)).c_str(), *session_score, *first_minute);
    EXPECT_LT(*session_score, *first_minute - 1.0) << form::info(v.metric).key << " does not count in the score";
  }
  // The rails episode (70–76 s) is reported as such and never a worst moment.
  ASSERT_EQ(s.holding_rails_spans.size(), 1u);
  EXPECT_NEAR(s.holding_rails_spans.front().start_s, 70.0, 1.5);
  EXPECT_NEAR(s.holding_rails_spans.front().end_s, 76.0, 1.5);
  EXPECT_NEAR(s.holding_rails_s, 6.0, 1.5);
  for (const form::WorstMoment& w : s.worst_moments) {
    EXPECT_FALSE(w.t_s > 68.5 && w.t_s < 77.5) << "worst moment at " << w.t_s << " s touches the rails episode";
  }
  // The JSON carries both kinds of spans.
  const nlohmann::json j = analysis_json(r);
  const nlohmann::json& verdicts = j.at("summary").at("fault_verdicts");
  ASSERT_EQ(verdicts.size(), s.faults.size());
  for (const nlohmann::json& v : verdicts) {
    EXPECT_FALSE(v.at("spans").empty());
    EXPECT_LT(v.at("spans").front().at("start_s").get<double>(), v.at("spans").front().at("end_s").get<double>());
  }
  EXPECT_EQ(j.at("summary").at("holding_rails_spans").size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(FrontAndSide, DemoVerdict, ::testing::Values("front", "side"));

}  // namespace
}  // namespace runform::tools
