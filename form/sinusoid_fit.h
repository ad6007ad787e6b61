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

}  // namespace runform::form
