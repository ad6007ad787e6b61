// The Fourier fit of a folded cycle and the windowed side-view arm asymmetry (issue 9).
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "form/arm_swing_window.h"
#include "form/sinusoid_fit.h"

namespace runform::form {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

// A wrist's height over a stride: it rises at both ends of the swing (second harmonic) and a
// little more in front (first harmonic). Peak to peak ≈ 2·swing.
double wrist_up(double phase, double swing) { return swing * (std::cos(2.0 * kTwoPi * phase) + 0.3 * std::sin(kTwoPi * phase)); }

double true_range(double swing) {
  double lo = 1e9, hi = -1e9;
  for (int i = 0; i < 10000; ++i) {
    const double v = wrist_up(i / 10000.0, swing);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  return hi - lo;
}

TEST(FourierSeries, FittedRangeOfNoisyFoldedCyclesIsUnbiased) {
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0.0, 6.0);  // as large as a far wrist's jitter
  std::uniform_real_distribution<double> phase01(0.0, 1.0);
  std::vector<double> phase, y;
  double one_cycle_lo = 1e9, one_cycle_hi = -1e9;
  for (int i = 0; i < 240; ++i) {
    const double p = phase01(rng);
    phase.push_back(p);
    y.push_back(wrist_up(p, 20.0) + noise(rng));
    if (i < 20) {  // one stride's worth at 30 fps
      one_cycle_lo = std::min(one_cycle_lo, y.back());
      one_cycle_hi = std::max(one_cycle_hi, y.back());
    }
  }
  const auto fit = fit_fourier_series(phase, y, 3);
  ASSERT_TRUE(fit.has_value());
  EXPECT_NEAR(fit->peak_to_peak(), true_range(20.0), 2.0 * fit->peak_to_peak_standard_error());
  EXPECT_NEAR(fit->residual_sd, 6.0, 1.0);
  EXPECT_LT(fit->peak_to_peak_standard_error(), 2.0);
  // What the fit replaces: one cycle's range of the same samples is far off.
  EXPECT_GT(std::abs((one_cycle_hi - one_cycle_lo) - true_range(20.0)), 3.0 * fit->peak_to_peak_standard_error());
}

TEST(FourierSeries, TooFewSamplesGiveNoFit) {
  EXPECT_FALSE(fit_fourier_series({0.1, 0.2, 0.3}, {1.0, 2.0, 3.0}, 3).has_value());
}

// Strides of synthetic features: left swing `left`, right swing `right` (pixels), thighs 100 px.
void add_strides(ArmSwingWindow& window, double left, double right, int strides, double right_hidden_below = -1e9,
                 bool right_absent = false) {
  std::mt19937 rng(5);
  std::normal_distribution<double> near_noise(0.0, 1.5), far_noise(0.0, 6.0);
  constexpr int kFramesPerStride = 20;
  for (int s = 0; s < strides; ++s) {
    std::vector<FrameFeatures> frames;
    const double t0 = s * 0.7;
    for (int i = 0; i < kFramesPerStride; ++i) {
      FrameFeatures f;
      const double phase = static_cast<double>(i) / kFramesPerStride;
      f.t_s = t0 + 0.7 * phase;
      f.wrist_up_unsmoothed_px[kLeft] = wrist_up(phase, left) + near_noise(rng);
      const double r = wrist_up(phase, right);
      if (!right_absent && r > right_hidden_below) f.wrist_up_unsmoothed_px[kRight] = r + far_noise(rng);
      f.thigh_unsmoothed_px = {100.0, 100.0};
      frames.push_back(f);
    }
    window.add_stride(frames, t0, t0 + 0.7);
  }
}

TEST(ArmSwingWindow, MeasuresTheAsymmetryOfAFaintFarArm) {
  ArmSwingWindow symmetric;
  add_strides(symmetric, 20.0, 20.0, 12);
  const MetricValue a = symmetric.asymmetry();
  ASSERT_TRUE(a.value.has_value()) << a.reason;
  ASSERT_TRUE(a.plus_minus.has_value());
  EXPECT_LT(*a.value, 3.0 * *a.plus_minus);
  ArmSwingWindow asymmetric;
  add_strides(asymmetric, 24.0, 16.0, 12);  // 40% asymmetric
  const MetricValue b = asymmetric.asymmetry();
  ASSERT_TRUE(b.value.has_value()) << b.reason;
  EXPECT_NEAR(*b.value, 40.0, 3.0 * *b.plus_minus);
}

TEST(ArmSwingWindow, SaysWhyItCannotMeasure) {
  ArmSwingWindow few;
  add_strides(few, 20.0, 20.0, 2);
  EXPECT_EQ(few.asymmetry().reason, reason::kTooShort);
  ArmSwingWindow hidden;  // the far wrist is lost whenever it is low (behind a rail)
  add_strides(hidden, 20.0, 20.0, 12, 0.0);
  EXPECT_EQ(hidden.asymmetry().reason, reason::kOneArmHidden);
  ArmSwingWindow absent;
  add_strides(absent, 20.0, 20.0, 12, -1e9, true);
  EXPECT_EQ(absent.asymmetry().reason, reason::kArmNotReported);
  absent.clear();
  EXPECT_EQ(absent.asymmetry().reason, reason::kTooShort);
}

}  // namespace
}  // namespace runform::form
