#include "form/sinusoid_fit.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace runform::form {
namespace {

// Accumulates the normal equations AᵀA x = Aᵀy of a linear least-squares fit, one basis row at a
// time, and solves them by Gaussian elimination with partial pivoting.
class NormalEquations {
 public:
  explicit NormalEquations(std::size_t unknowns) : n_(unknowns), a_(unknowns, std::vector<double>(unknowns + 1, 0.0)) {}

  void add(const std::vector<double>& basis, double y) {
    for (std::size_t r = 0; r < n_; ++r) {
      for (std::size_t c = 0; c < n_; ++c) a_[r][c] += basis[r] * basis[c];
      a_[r][n_] += basis[r] * y;
    }
  }

  // The solution, or nullopt when the system is singular.
  std::optional<std::vector<double>> solve() const {
    std::vector<std::vector<double>> a = a_;
    for (std::size_t col = 0; col < n_; ++col) {
      std::size_t pivot = col;
      for (std::size_t r = col + 1; r < n_; ++r) {
        if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
      }
      if (std::abs(a[pivot][col]) < 1e-12) return std::nullopt;
      std::swap(a[col], a[pivot]);
      for (std::size_t r = 0; r < n_; ++r) {
        if (r == col) continue;
        const double k = a[r][col] / a[col][col];
        for (std::size_t c = col; c <= n_; ++c) a[r][c] -= k * a[col][c];
      }
    }
    std::vector<double> x(n_);
    for (std::size_t r = 0; r < n_; ++r) x[r] = a[r][n_] / a[r][r];
    return x;
  }

 private:
  std::size_t n_;
  std::vector<std::vector<double>> a_;
};

// The Fourier basis at a phase: 1, cos 2πφ, sin 2πφ, cos 4πφ, … into `basis` (resized once by
// the caller: this runs for every sample of every fit). Higher harmonics by angle addition.
void fourier_basis(double phase, std::vector<double>& basis) {
  const double c1 = std::cos(2.0 * std::numbers::pi * phase);
  const double s1 = std::sin(2.0 * std::numbers::pi * phase);
  basis[0] = 1.0;
  double c = 1.0, s = 0.0;
  for (std::size_t i = 1; i + 1 < basis.size(); i += 2) {
    const double next_c = c * c1 - s * s1;
    s = s * c1 + c * s1;
    c = next_c;
    basis[i] = c;
    basis[i + 1] = s;
  }
}

// Enough points that a cusp of the curve is found within 0.1% of its height.
constexpr int kRangeEvaluationPoints = 128;

}  // namespace

std::optional<double> fit_sinusoid_amplitude(const std::vector<double>& t_s, const std::vector<double>& y,
                                             double frequency_hz) {
  constexpr std::size_t kUnknowns = 4;  // 1, t, cos ωt, sin ωt
  if (t_s.size() != y.size() || t_s.size() < 2 * kUnknowns) return std::nullopt;
  const double t0 = t_s.front();
  const double omega = 2.0 * std::numbers::pi * frequency_hz;
  NormalEquations equations(kUnknowns);
  for (std::size_t i = 0; i < t_s.size(); ++i) {
    const double t = t_s[i] - t0;
    equations.add({1.0, t, std::cos(omega * t), std::sin(omega * t)}, y[i]);
  }
  const auto x = equations.solve();
  if (!x) return std::nullopt;
  return std::hypot((*x)[2], (*x)[3]);
}

double FourierSeries::at(double phase) const {
  std::vector<double> basis(coefficients.size());
  fourier_basis(phase, basis);
  double sum = 0.0;
  for (std::size_t i = 0; i < coefficients.size(); ++i) sum += coefficients[i] * basis[i];
  return sum;
}

double FourierSeries::peak_to_peak() const {
  double lo = at(0.0), hi = lo;
  for (int i = 1; i < kRangeEvaluationPoints; ++i) {
    const double v = at(static_cast<double>(i) / kRangeEvaluationPoints);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  return hi - lo;
}

double FourierSeries::peak_to_peak_standard_error() const {
  if (samples == 0) return 0.0;
  const double parameters = static_cast<double>(coefficients.size());
  return residual_sd * std::sqrt(2.0 * parameters / static_cast<double>(samples));
}

std::optional<FourierSeries> fit_fourier_series(const std::vector<double>& phase, const std::vector<double>& y,
                                                int harmonics) {
  const auto unknowns = static_cast<std::size_t>(2 * harmonics + 1);
  if (harmonics < 1 || phase.size() != y.size() || phase.size() <= unknowns) return std::nullopt;
  NormalEquations equations(unknowns);
  std::vector<double> basis(unknowns);
  for (std::size_t i = 0; i < phase.size(); ++i) {
    fourier_basis(phase[i], basis);
    equations.add(basis, y[i]);
  }
  auto x = equations.solve();
  if (!x) return std::nullopt;
  FourierSeries fit{std::move(*x), 0.0, phase.size()};
  double squares = 0.0;
  for (std::size_t i = 0; i < phase.size(); ++i) {
    fourier_basis(phase[i], basis);
    double fitted = 0.0;
    for (std::size_t j = 0; j < unknowns; ++j) fitted += fit.coefficients[j] * basis[j];
    squares += (y[i] - fitted) * (y[i] - fitted);
  }
  fit.residual_sd = std::sqrt(squares / static_cast<double>(phase.size() - unknowns));
  return fit;
}

}  // namespace runform::form
