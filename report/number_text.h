// Numbers as text in their shortest exact form (std::to_chars), and back.
#pragma once

#include <string>
#include <string_view>

namespace runform::report {

/// The shortest text that reads back as exactly `value`.
std::string exact(double value);
/// Parses a number written by exact(); throws std::invalid_argument otherwise.
double parse_exact(std::string_view text);

}  // namespace runform::report
