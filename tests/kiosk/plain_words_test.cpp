// What a runner reads: plain units, never metric ids, never "torso" units, "not measurable"
// instead of zero.
#include <gtest/gtest.h>

#include "kiosk/plain_words.h"

namespace runform::kiosk {
namespace {

using form::MetricId;

TEST(PlainWords, UnitsAreWhatARunnerReads) {
  EXPECT_EQ(plain_value(MetricId::kHeadTilt, form::MetricValue::of(3.4)), "3°");
  EXPECT_EQ(plain_value(MetricId::kShouldersElevation, form::MetricValue::of(12.4)), "12%");
  EXPECT_EQ(plain_value(MetricId::kCadence, form::MetricValue::of(171.6)), "172 steps/min");
  EXPECT_EQ(plain_value(MetricId::kArmsMidlineCrossing, form::MetricValue::of(0.14)), "14% of your shoulder width");
  EXPECT_EQ(plain_value(MetricId::kArmsDrive, form::MetricValue::of(0.45)), "about 23 cm");  // 0.45 × 0.288 × 175 cm
  form::MetricValue bounce = form::MetricValue::of(6.14);
  bounce.unit = "cm";
  EXPECT_EQ(plain_value(MetricId::kVerticalOscillation, bounce), "6.1 cm");
  EXPECT_EQ(plain_value(MetricId::kHeadTilt, form::MetricValue::of(-0.2)), "0°") << "no negative zero";
}

TEST(PlainWords, EveryMetricLineIsFreeOfIdsAndTorsoUnits) {
  for (const form::MetricInfo& info : form::metric_catalog()) {
    for (const form::MetricValue& v : {form::MetricValue::of(0.3), form::MetricValue::missing(form::reason::kNeedsSideView)}) {
      const std::string line = metric_line(info.id, v);
      EXPECT_EQ(line.find(info.key), std::string::npos) << line;
      EXPECT_EQ(line.find(" torso"), std::string::npos) << line;
      EXPECT_EQ(line.find("trunk length"), std::string::npos) << line;
      EXPECT_EQ(line.find("_"), std::string::npos) << line;
    }
  }
}

TEST(PlainWords, NotMeasurableIsSaidNotZeroed) {
  const std::string line = metric_line(MetricId::kHeadForwardAngle, form::MetricValue::missing(form::reason::kNeedsSideView));
  EXPECT_EQ(line, "Head forward of your trunk: not measurable — needs the side view");
  EXPECT_EQ(line.find('0'), std::string::npos);
}

TEST(PlainWords, BaselineIsShownNextToTheValue) {
  form::MetricValue v = form::MetricValue::of(18.4);
  v.baseline = 0.0;
  EXPECT_EQ(metric_line(MetricId::kShouldersElevation, v), "Shoulders raised: 18% (standing: 0%)");
}

TEST(PlainWords, WristsShortOfTheMidlineAreSaidPositively) {
  EXPECT_EQ(metric_line(MetricId::kArmsMidlineCrossing, form::MetricValue::of(-0.25)),
            "Wrists stay clear of your midline by 25% of your shoulder width");
  EXPECT_EQ(metric_line(MetricId::kArmsMidlineCrossing, form::MetricValue::of(0.1)),
            "Wrists crossing your midline: 10% of your shoulder width");
}

TEST(PlainWords, ScoresInWords) {
  EXPECT_EQ(score_words(92.0), "good");
  EXPECT_EQ(score_words(80.0), "good");
  EXPECT_EQ(score_words(61.0), "fair");
  EXPECT_EQ(score_words(12.0), "needs work");
  EXPECT_EQ(score_words(std::nullopt), "not measurable");
}

TEST(PlainWords, DriftAndFaults) {
  EXPECT_EQ(drift_line({MetricId::kShouldersElevation, 6.0, 18.0, true, ""}, 2.0),
            "Shoulders raised went up by 12% in the last 2 min");
  EXPECT_EQ(drift_line({MetricId::kCadence, 175.0, 168.0, true, ""}, 0.5),
            "Cadence went down by 7 steps/min in the last 30 s");
  const std::vector<form::CueDef> cues{{"shoulders_high", MetricId::kShouldersElevation, 1, "Drop your shoulders", ""}};
  EXPECT_EQ(fault_line(MetricId::kShouldersElevation, cues), "Shoulders carried high — \"Drop your shoulders\"");
  EXPECT_EQ(fault_line(MetricId::kTrunkLean, cues), "Leaning back");
}

TEST(PlainWords, KeyMetricsCoverEveryScoredMetricOnce) {
  std::vector<int> seen(form::kMetricCount, 0);
  for (form::Area area : {form::Area::kHead, form::Area::kShoulders, form::Area::kArms, form::Area::kNone}) {
    for (MetricId id : key_metrics(area)) {
      ++seen[form::index(id)];
      EXPECT_EQ(form::info(id).area, area) << form::info(id).key;
    }
  }
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], 1) << form::metric_catalog()[i].key;
}

TEST(PlainWords, ClockText) {
  EXPECT_EQ(clock_text(0), "0:00");
  EXPECT_EQ(clock_text(725.4), "12:05");
  EXPECT_EQ(clock_text(-3), "0:00");
}

}  // namespace
}  // namespace runform::kiosk
