// The One Euro filter and the landmark smoother: lag under one frame at arm-swing speed,
// jitter suppressed when still, untrusted landmarks held then dropped.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "form/landmark_smoother.h"

namespace runform::form {
namespace {

// Lag (s) of the smoothed wrist against the true one, by cross-correlation over 1 ms shifts.
double lag_s(double freq_hz, double amplitude_torso) {
  constexpr double kTorsoPx = 90.0;
  constexpr double kFps = 30.0;
  LandmarkSmoother smoother;
  std::vector<double> truth, smoothed;
  for (int i = 0; i < 300; ++i) {
    PoseFrame f;
    f.t_s = i / kFps;
    const double x = 300.0 + amplitude_torso * kTorsoPx * std::sin(2 * std::numbers::pi * freq_hz * f.t_s);
    f.at(Keypoint::kLeftWrist) = {x, 200.0, 0.9};
    smoothed.push_back(smoother.smooth(f, kTorsoPx).at(Keypoint::kLeftWrist).x_px);
    truth.push_back(x);
  }
  double best_lag = 0.0, best_err = 1e300;
  for (double lag = 0.0; lag <= 0.1; lag += 0.001) {
    double err = 0.0;
    for (int i = 60; i < 300; ++i) {
      const double t = i / kFps - lag;
      const double x = 300.0 + amplitude_torso * kTorsoPx * std::sin(2 * std::numbers::pi * freq_hz * t);
      err += (smoothed[static_cast<std::size_t>(i)] - x) * (smoothed[static_cast<std::size_t>(i)] - x);
    }
    if (err < best_err) {
      best_err = err;
      best_lag = lag;
    }
  }
  return best_lag;
}

TEST(OneEuroFilter, WristAtArmSwingSpeedLagsLessThanOneFrame) {
  constexpr double kFrameS = 1.0 / 30.0;
  for (double hz : {1.5, 2.0, 3.0}) {  // arm swing ≈ 1.5 Hz; sprint cadence ≈ 1.7 Hz per arm, margin to 3 Hz
    const double lag = lag_s(hz, 0.5);
    std::printf("wrist swing %.1f Hz, amplitude 0.5 torso: lag %.1f ms (limit %.1f ms)\n", hz, lag * 1000, kFrameS * 1000);
    EXPECT_LT(lag, kFrameS) << hz << " Hz";
  }
}

TEST(OneEuroFilter, SuppressesJitterWhenStill) {
  LandmarkSmoother smoother;
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0.0, 2.0);
  double raw_var = 0.0, out_var = 0.0;
  for (int i = 0; i < 600; ++i) {
    PoseFrame f;
    f.t_s = i / 30.0;
    const double n = noise(rng);
    f.at(Keypoint::kNose) = {100.0 + n, 100.0, 0.9};
    const double out = smoother.smooth(f, 90.0).at(Keypoint::kNose).x_px;
    if (i > 60) {
      raw_var += n * n;
      out_var += (out - 100.0) * (out - 100.0);
    }
  }
  std::printf("still landmark: jitter std %.2f px raw -> %.2f px smoothed\n", std::sqrt(raw_var / 539), std::sqrt(out_var / 539));
  EXPECT_LT(out_var, raw_var / 4.0);
}

TEST(LandmarkSmoother, UntrustedLandmarkIsHeldBrieflyThenDropped) {
  LandmarkSmoother smoother;
  PoseFrame f;
  f.at(Keypoint::kLeftWrist) = {50.0, 60.0, 0.9};
  smoother.smooth(f, 90.0);
  f.t_s = 0.1;
  f.at(Keypoint::kLeftWrist) = {500.0, 600.0, 0.1};  // an untrusted, wild guess
  const PoseFrame held = smoother.smooth(f, 90.0);
  EXPECT_DOUBLE_EQ(held.at(Keypoint::kLeftWrist).x_px, 50.0);
  EXPECT_GT(held.at(Keypoint::kLeftWrist).confidence, 0.0);
  EXPECT_TRUE(smoother.held()[static_cast<std::size_t>(Keypoint::kLeftWrist)]);
  f.t_s = 0.5;
  const PoseFrame dropped = smoother.smooth(f, 90.0);
  EXPECT_EQ(dropped.at(Keypoint::kLeftWrist).confidence, 0.0);
}

TEST(OneEuroFilter, HandlesUnevenAndRepeatedTimestamps) {
  OneEuroFilter filter({1.0, 0.0, 1.0});
  EXPECT_DOUBLE_EQ(filter.filter(0.0, 5.0), 5.0);
  const double a = filter.filter(0.2, 10.0);
  EXPECT_GT(a, 5.0);
  EXPECT_LT(a, 10.0);
  EXPECT_DOUBLE_EQ(filter.filter(0.2, 7.0), 7.0);  // a repeated time restarts rather than divide by zero
}

}  // namespace
}  // namespace runform::form
