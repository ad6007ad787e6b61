// Least-squares fits of periodic motion: one known frequency in unevenly sampled data, and a
// short Fourier series of a motion folded onto its cycle.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace runform::form {

/// Fits y ≈ a + b·t + c·cos(2πft) + d·sin(2πft) and returns √(c² + d²), the amplitude of the
/// frequency_hz component with offset and linear drift removed. nullopt when the fit is
/// singular (too few or badly spread samples).
std::optional<double> fit_sinusoid_amplitude(const std::vector<double>& t_s, const std::vector<double>& y,
                                             double frequency_hz);

/// A periodic motion as a short Fourier series over its cycle phase (0…1):
/// y(φ) ≈ c₀ + Σₖ aₖ·cos(2πkφ) + bₖ·sin(2πkφ), k = 1…harmonics.
struct FourierSeries {
  std::vector<double> coefficients;  ///< c₀, a₁, b₁, a₂, b₂, …
  double residual_sd = 0.0;          ///< spread of the samples about the fitted curve
  std::size_t samples = 0;

  /// The fitted curve at a phase.
  [[nodiscard]] double at(double phase) const;
  /// Peak-to-peak range of the fitted curve over one cycle.
  [[nodiscard]] double peak_to_peak() const;
  /// Standard error of peak_to_peak(): the fitted curve's variance at a point is about
  /// σ²·(parameters ÷ samples), and the range is the difference of two such points.
  [[nodiscard]] double peak_to_peak_standard_error() const;
};

/// Least-squares Fourier series of samples (phase in [0, 1), value). Folding many cycles onto one
/// averages the noise away where one cycle's range would keep it (a range of noisy samples is
/// biased up by the noise). nullopt when the fit is singular or has no spare samples.
std::optional<FourierSeries> fit_fourier_series(const std::vector<double>& phase, const std::vector<double>& y,
                                                int harmonics);

}  // namespace runform::form
