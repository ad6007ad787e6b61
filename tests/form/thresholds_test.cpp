// Score maps and fault thresholds.
#include "form/thresholds.h"

#include <gtest/gtest.h>

#include "form/scores.h"

namespace runform::form {
namespace {

TEST(Thresholds, PiecewiseScoreHitsItsAnchors) {
  const MetricRule& r = rule_for(MetricId::kShouldersElevation);
  EXPECT_DOUBLE_EQ(*metric_score(MetricId::kShouldersElevation, MetricValue::of(r.good)), 100.0);
  EXPECT_DOUBLE_EQ(*metric_score(MetricId::kShouldersElevation, MetricValue::of(r.fault)), kScoreAtFault);
  EXPECT_DOUBLE_EQ(*metric_score(MetricId::kShouldersElevation, MetricValue::of(r.poor)), 0.0);
  EXPECT_DOUBLE_EQ(*metric_score(MetricId::kShouldersElevation, MetricValue::of(99.0)), 0.0);
}

TEST(Thresholds, LowerIsWorseMetricsScoreTheRightWay) {
  EXPECT_DOUBLE_EQ(*metric_score(MetricId::kCadence, MetricValue::of(180.0)), 100.0);
  EXPECT_DOUBLE_EQ(*metric_score(MetricId::kCadence, MetricValue::of(140.0)), 0.0);
  EXPECT_TRUE(is_fault(MetricId::kCadence, MetricValue::of(160.0)));
  EXPECT_FALSE(is_fault(MetricId::kCadence, MetricValue::of(170.0)));
}

TEST(Thresholds, BaselineRelativeMetricsNeedABaseline) {
  MetricValue v = MetricValue::of(20.0);
  EXPECT_FALSE(metric_score(MetricId::kHeadForwardAngle, v).has_value());
  v.baseline = 10.0;
  EXPECT_TRUE(is_fault(MetricId::kHeadForwardAngle, v));  // 10° more forward than standing
  v.baseline = 16.0;
  EXPECT_FALSE(is_fault(MetricId::kHeadForwardAngle, v));  // 4°: within the 6° Lau 2009 margin
}

TEST(Thresholds, VerticalOscillationUsesCentimetreBandsWhenInCm) {
  MetricValue v = MetricValue::of(10.0);
  v.unit = "cm";
  EXPECT_TRUE(is_fault(MetricId::kVerticalOscillation, v));  // Garmin: > 9.7 cm
  v.value = 7.0;
  EXPECT_FALSE(is_fault(MetricId::kVerticalOscillation, v));
}

TEST(Thresholds, EveryRuleNamesItsSourceAndIsOrdered) {
  for (const MetricInfo& mi : metric_catalog()) {
    const MetricRule& r = rule_for(mi.id);
    EXPECT_FALSE(r.source.empty()) << mi.key;
    if (r.higher_is_worse) {
      EXPECT_LT(r.good, r.fault) << mi.key;
      EXPECT_LT(r.fault, r.poor) << mi.key;
    } else {
      EXPECT_GT(r.good, r.fault) << mi.key;
      EXPECT_GT(r.fault, r.poor) << mi.key;
    }
  }
}

TEST(Scores, AreaWithoutMeasurableMetricsHasNoScoreAndOverallUsesTheRest) {
  MetricSet m;
  for (MetricValue& v : m) v = MetricValue::missing("x");
  m[index(MetricId::kHeadTilt)] = MetricValue::of(0.0);
  m[index(MetricId::kArmsMidlineCrossing)] = MetricValue::of(0.15);  // poor
  const Scores s = score(m);
  EXPECT_DOUBLE_EQ(*s.head, 100.0);
  EXPECT_FALSE(s.shoulders.has_value());
  EXPECT_DOUBLE_EQ(*s.arms, 0.0);
  EXPECT_DOUBLE_EQ(*s.overall, 50.0);
}

}  // namespace
}  // namespace runform::form
