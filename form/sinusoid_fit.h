// Least-squares amplitude of one known frequency in unevenly sampled data.
#pragma once

#include <optional>
#include <vector>

namespace runform::form {

/// Fits y ≈ a + b·t + c·cos(2πft) + d·sin(2πft) and returns √(c² + d²), the amplitude of the
/// frequency_hz component with offset and linear drift removed. nullopt when the fit is
/// singular (too few or badly spread samples).
std::optional<double> fit_sinusoid_amplitude(const std::vector<double>& t_s, const std::vector<double>& y,
                                             double frequency_hz);

/// Size of a periodic motion over one period of period_s starting at the first sample: the
/// root of the summed squared Fourier coefficients of its first two harmonics (mean removed).
/// Over exactly one period these are orthogonal to the mean, so unlike a fit with a drift term
/// the first harmonic stays well determined. nullopt with fewer than 4 samples.
std::optional<double> harmonic_amplitude(const std::vector<double>& t_s, const std::vector<double>& y, double period_s);

}  // namespace runform::form
