// The readable report: a golden file for a fixed session (a faulty, tiring runner with cues,
// rails time, unmeasurable metrics, drills), plus the rules every report keeps: 80 columns,
// no metric ids or internal units, percentage changes as "from A to B", cm with the height.
// Set RUNFORM_UPDATE_GOLDEN=1 to rewrite the golden file after an intended change.
#include "tools/text_report.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "form/metric_catalog.h"

namespace runform::tools {
namespace {

using form::MetricId;
using form::MetricValue;

form::AnalysisResult tiring_runner() {
  form::AnalysisResult r;
  r.header = {640, 480, 30.0, form::View::kFront};
  r.frames = 5400;
  form::SessionSummary& s = r.summary;
  s.view = form::View::kFront;
  s.strides = 241;
  s.running_s = 171.4;
  s.holding_rails_s = 6.2;
  for (MetricValue& v : s.metrics) v = MetricValue::missing("needs the side view");
  s.metrics[form::index(MetricId::kHeadTilt)] = MetricValue::of(1.6);
  s.metrics[form::index(MetricId::kShouldersElevation)] = MetricValue::of(16.4);
  s.metrics[form::index(MetricId::kShouldersLevel)] = MetricValue::of(-0.4);
  s.metrics[form::index(MetricId::kShouldersBreathRise)] = MetricValue::of(0.0041);
  s.metrics[form::index(MetricId::kArmsMidlineCrossing)] = MetricValue::of(0.07);
  s.metrics[form::index(MetricId::kArmsLateralExcursion)] = MetricValue::of(0.27);
  s.metrics[form::index(MetricId::kArmsAsymmetry)] = MetricValue::missing("hands on the rails");
  s.metrics[form::index(MetricId::kTrunkLateralSway)] = MetricValue::of(2.3);
  s.metrics[form::index(MetricId::kCadence)] = MetricValue::of(171.6);
  s.metrics[form::index(MetricId::kVerticalOscillation)] = MetricValue::of(0.136);
  s.scores = {92.0, 55.5, 71.2, 72.9};
  s.faults = {MetricId::kShouldersElevation, MetricId::kArmsMidlineCrossing};
  s.drift = {{MetricId::kShouldersElevation, 4.2, 16.4, true, "Your shoulder elevation rose 12.2 % in the last 5 min"},
             {MetricId::kArmsMidlineCrossing, -0.12, 0.07, true, ""},
             {MetricId::kCadence, 172.0, 171.0, false, ""}};
  r.cues = {{41.0, form::CueEventKind::kShow, "shoulders.drop", "Drop your shoulders"},
            {52.5, form::CueEventKind::kPositive, "shoulders.drop.better", "Better — shoulders low"},
            {53.0, form::CueEventKind::kClear, "", ""},
            {95.2, form::CueEventKind::kShow, "arms.across", "Swing forward, not across"}};
  s.drills = {{"trap-stretch", "Upper-trapezius stretch", "30 s each side, 2–3×", {MetricId::kShouldersElevation}},
              {"reverse-fly", "Reverse flyes and scapular squeezes, a long title that has to wrap onto the next line",
               "3 × 12", {MetricId::kArmsMidlineCrossing}}};
  s.recovery_notes = {"Post-run tremor usually settles with rest and fluids.", "Persistent or severe pain needs a professional."};
  return r;
}

std::string report(const form::AnalysisResult& r, const ReportOptions& o = {}) {
  std::ostringstream out;
  write_text_report(r, o, out);
  return out.str();
}

std::size_t columns(const std::string& line) {
  std::size_t n = 0;
  for (const char c : line) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

TEST(TextReport, MatchesTheGoldenFile) {
  const std::string path = std::string(RUNFORM_TEST_SOURCE_DIR) + "/tools/golden/text_report_tiring_runner.txt";
  const std::string text = report(tiring_runner());
  if (std::getenv("RUNFORM_UPDATE_GOLDEN") != nullptr) std::ofstream(path) << text;
  std::ifstream in(path);
  ASSERT_TRUE(in) << "missing golden file " << path << " (run with RUNFORM_UPDATE_GOLDEN=1 to create it)";
  const std::string golden((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, golden) << "the report changed; if intended, rerun with RUNFORM_UPDATE_GOLDEN=1 and review the diff";
}

TEST(TextReport, FitsEightyColumnsAndSpeaksPlainly) {
  for (const auto& options : {ReportOptions{}, ReportOptions{180.0}}) {
    std::istringstream lines(report(tiring_runner(), options));
    for (std::string line; std::getline(lines, line);) {
      EXPECT_LE(columns(line), static_cast<std::size_t>(kReportColumns)) << line;
      for (const form::MetricInfo& mi : form::metric_catalog()) EXPECT_EQ(line.find(mi.key), std::string::npos) << line;
      EXPECT_EQ(line.find("shoulder_width"), std::string::npos) << line;
      EXPECT_EQ(line.find("torso"), std::string::npos) << "no body-proportion units: " << line;
      EXPECT_EQ(line.find("rose"), std::string::npos) << "a change is 'from A to B': " << line;
    }
  }
}

TEST(TextReport, SaysHowAPercentageChangedFromAndTo) {
  const std::string text = report(tiring_runner());
  EXPECT_NE(text.find("  ! Shoulder elevation went from 4% to 16%."), std::string::npos) << text;
  EXPECT_NE(text.find("  ! Arm crossing went from 12% of your shoulder width short of the midline to"), std::string::npos) << text;
  EXPECT_EQ(text.find("Cadence went"), std::string::npos) << "an unflagged drift is not reported";
}

TEST(TextReport, GivesLengthsInCentimetresWhenTheHeightIsKnown) {
  // Bounce 0.136 torso × 0.288 × 180 cm = 7.05 cm, rounded to 7.1; without the height it is an
  // estimate for the 175 cm reference runner (6.85 cm), labelled as such.
  const std::string with_height = report(tiring_runner(), {180.0});
  EXPECT_NE(with_height.find("    Bounce                    7.1 cm\n"), std::string::npos) << with_height;
  EXPECT_EQ(with_height.find("about"), std::string::npos) << with_height;
  const std::string without = report(tiring_runner());
  EXPECT_NE(without.find("    Bounce                    about 6.9 cm\n"), std::string::npos) << without;
  EXPECT_NE(without.find("Lengths marked \"about\" are for a 175 cm runner"), std::string::npos) << without;
}

TEST(TextReport, AgreesWithTheVerdict) {
  const std::string text = report(tiring_runner());
  // Every fault is in "What to work on" and marked among the measurements; rails time is said.
  EXPECT_NE(text.find("  ! Shoulder elevation: 16%; aim for under 15%."), std::string::npos) << text;
  EXPECT_NE(text.find("  ! Shoulder elevation        16%\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Hands on the rails for 6 s: that time is not scored."), std::string::npos) << text;
  EXPECT_NE(text.find("  0:52  + Better — shoulders low"), std::string::npos) << text;
  EXPECT_NE(text.find("  - Hands on the rails: arm asymmetry."), std::string::npos) << text;
}

TEST(TextReport, WhatWorsenedAsTheRunnerTiredIsSomethingToWorkOn) {
  form::AnalysisResult r = tiring_runner();
  r.summary.faults.clear();
  const std::string text = report(r);
  EXPECT_NE(text.find("  ! Shoulder elevation as you tired: 16% by the end; aim for under 15%."), std::string::npos) << text;
  EXPECT_NE(text.find("  ! Shoulder elevation        16%\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("Nothing stood out"), std::string::npos) << text;
}

TEST(TextReport, ACleanRunSaysSo) {
  form::AnalysisResult r = tiring_runner();
  r.summary.faults.clear();
  r.summary.drift.clear();
  r.summary.drills.clear();
  r.cues.clear();
  const std::string text = report(r);
  EXPECT_NE(text.find("  Nothing stood out: your form held up well."), std::string::npos);
  EXPECT_NE(text.find("  Your form held steady."), std::string::npos);
  EXPECT_NE(text.find("Cues you saw\n  None."), std::string::npos);
  EXPECT_NE(text.find("  None needed: keep it up."), std::string::npos);
}

}  // namespace
}  // namespace runform::tools
