// Order statistics on small samples.
#pragma once

#include <optional>
#include <vector>

namespace runform::form {

/// Median of the values (copied; the input is untouched); nullopt when empty.
std::optional<double> median(std::vector<double> values);
/// Median of the present values among optionals.
template <typename Range>
std::optional<double> median_of_present(const Range& values) {
  std::vector<double> present;
  for (const auto& v : values) {
    if (v) present.push_back(*v);
  }
  return median(std::move(present));
}

}  // namespace runform::form
