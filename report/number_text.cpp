#include "report/number_text.h"

#include <charconv>
#include <stdexcept>

namespace runform::report {

std::string exact(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

double parse_exact(std::string_view text) {
  double value = 0.0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size()) {
    throw std::invalid_argument("'" + std::string(text) + "' is not a number");
  }
  return value;
}

}  // namespace runform::report
