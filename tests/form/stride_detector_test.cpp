// Step detection: cadence from hip bounce, robust to drops, uneven timestamps and speeding up.
#include "form/stride_detector.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numbers>
#include <random>

namespace runform::form {
namespace {

constexpr double kScalePx = 90.0;

// Feeds a bounce at a (possibly changing) cadence; returns the detected steps.
std::vector<double> feed(const std::function<double(double)>& cadence_at, double seconds, double drop_fraction,
                         double jitter_s, StrideDetector& detector) {
  std::mt19937 rng(4);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> steps;
  double phase = 0.0;
  for (int i = 0; i < static_cast<int>(seconds * 30); ++i) {
    const double t = i / 30.0;
    phase += 2 * std::numbers::pi * cadence_at(t) / 60.0 / 30.0;
    if (u(rng) < drop_fraction) continue;
    const double hip_up_px = 200.0 + 0.07 * kScalePx * std::cos(phase) + 0.01 * kScalePx * (u(rng) - 0.5);
    if (auto step = detector.add(t + (u(rng) - 0.5) * 2 * jitter_s, hip_up_px, kScalePx)) steps.push_back(*step);
  }
  return steps;
}

TEST(StrideDetector, CadenceWithDropsAndJitter) {
  for (double spm : {150.0, 172.0, 200.0}) {
    StrideDetector d;
    const auto steps = feed([spm](double) { return spm; }, 20.0, 0.1, 0.004, d);
    ASSERT_TRUE(d.cadence_spm());
    std::printf("cadence %.0f spm with 10%% drops: measured %.2f, %zu steps\n", spm, *d.cadence_spm(), steps.size());
    EXPECT_NEAR(*d.cadence_spm(), spm, 1.0);
    EXPECT_NEAR(static_cast<double>(steps.size()), spm / 60.0 * 20.0, 3.0);
  }
}

TEST(StrideDetector, FollowsARunnerSpeedingUp) {
  StrideDetector d;
  feed([](double t) { return 160.0 + 2.0 * t; }, 20.0, 0.05, 0.0, d);  // 160 → 200 spm
  ASSERT_TRUE(d.cadence_spm());
  EXPECT_NEAR(*d.cadence_spm(), 198.0, 3.0);  // the last few steps
}

TEST(StrideDetector, StandingStillGivesNoSteps) {
  StrideDetector d;
  const auto steps = feed([](double) { return 0.0; }, 10.0, 0.0, 0.0, d);
  EXPECT_TRUE(steps.empty());
  EXPECT_FALSE(d.cadence_spm());
}

TEST(StrideDetector, LongGapRestartsInsteadOfInventingALongStep) {
  StrideDetector d;
  EXPECT_FALSE(d.add(0.0, 200.0, kScalePx));
  EXPECT_FALSE(d.add(5.0, 190.0, kScalePx));  // 5 s hole
  EXPECT_FALSE(d.cadence_spm());
}

}  // namespace
}  // namespace runform::form
