// Breathing rise: the breathing band is measured, the step frequency is not.
#include "form/breathing.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace runform::form {
namespace {

TEST(Breathing, MeasuresBreathAmplitudeAndRateIgnoringSteps) {
  BreathingEstimator b;
  for (int i = 0; i < 30 * 25; ++i) {
    const double t = i / 30.0;
    const double breath = 2.0 * std::sin(2 * std::numbers::pi * 0.4 * t);    // 24 breaths/min, 2 px
    const double steps = 6.0 * std::sin(2 * std::numbers::pi * 2.9 * t);    // bounce, much larger
    b.add(t + (i % 3) * 0.004, 90.0 + breath + steps);
  }
  const auto e = b.estimate(90.0);
  ASSERT_TRUE(e);
  EXPECT_NEAR(e->rise, 2.0 / 90.0, 0.002);
  EXPECT_NEAR(e->rate_bpm, 24.0, 1.0);
}

TEST(Breathing, NeedsEnoughData) {
  BreathingEstimator b;
  for (int i = 0; i < 30 * 5; ++i) b.add(i / 30.0, 1.0);
  EXPECT_FALSE(b.estimate());
}

}  // namespace
}  // namespace runform::form
