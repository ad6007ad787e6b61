#include "form/sinusoid_fit.h"

#include <array>
#include <cmath>
#include <numbers>
#include <utility>

namespace runform::form {

std::optional<double> fit_sinusoid_amplitude(const std::vector<double>& t_s, const std::vector<double>& y,
                                             double frequency_hz) {
  constexpr std::size_t kN = 4;
  if (t_s.size() != y.size() || t_s.size() < 2 * kN) return std::nullopt;
  const double t0 = t_s.front();
  const double omega = 2.0 * std::numbers::pi * frequency_hz;
  // Normal equations A x = r for the basis {1, t, cos ωt, sin ωt}.
  std::array<std::array<double, kN + 1>, kN> a{};
  for (std::size_t i = 0; i < t_s.size(); ++i) {
    const double t = t_s[i] - t0;
    const std::array<double, kN> basis{1.0, t, std::cos(omega * t), std::sin(omega * t)};
    for (std::size_t r = 0; r < kN; ++r) {
      for (std::size_t c = 0; c < kN; ++c) a[r][c] += basis[r] * basis[c];
      a[r][kN] += basis[r] * y[i];
    }
  }
  // Gaussian elimination with partial pivoting.
  for (std::size_t col = 0; col < kN; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < kN; ++r) {
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    }
    if (std::abs(a[pivot][col]) < 1e-12) return std::nullopt;
    std::swap(a[col], a[pivot]);
    for (std::size_t r = 0; r < kN; ++r) {
      if (r == col) continue;
      const double k = a[r][col] / a[col][col];
      for (std::size_t c = col; c <= kN; ++c) a[r][c] -= k * a[col][c];
    }
  }
  const double cos_coef = a[2][kN] / a[2][2];
  const double sin_coef = a[3][kN] / a[3][3];
  return std::hypot(cos_coef, sin_coef);
}

std::optional<double> harmonic_amplitude(const std::vector<double>& t_s, const std::vector<double>& y, double period_s) {
  constexpr std::size_t kMinSamples = 4;
  if (t_s.size() != y.size() || t_s.size() < kMinSamples || period_s <= 0.0) return std::nullopt;
  const auto n = static_cast<double>(y.size());
  double mean = 0.0;
  for (double v : y) mean += v;
  mean /= n;
  double power = 0.0;
  for (int k = 1; k <= 2; ++k) {
    double c = 0.0, s = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) {
      const double phase = 2.0 * std::numbers::pi * k * (t_s[i] - t_s.front()) / period_s;
      c += (y[i] - mean) * std::cos(phase);
      s += (y[i] - mean) * std::sin(phase);
    }
    power += (c * c + s * s) * 4.0 / (n * n);
  }
  return std::sqrt(power);
}

}  // namespace runform::form
