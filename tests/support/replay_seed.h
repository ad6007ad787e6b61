// Seeds for randomised tests that a failure can replay: the test prints its seed, and the
// same seed given back through an environment variable repeats the run's random choices.
#pragma once

#include <charconv>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

namespace runform::testing {

/// The seed in environment variable `env_name` (a decimal number) when it is set and not empty,
/// else a fresh one from std::random_device. Throws std::invalid_argument, naming the variable,
/// when it is set to anything but a number that fits an unsigned int.
inline unsigned replay_seed(const char* env_name) {
  const char* given = std::getenv(env_name);
  if (given == nullptr || *given == '\0') return std::random_device{}();
  const std::string_view text(given);
  unsigned seed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument(std::string(env_name) + "='" + std::string(text) +
                                "' is not a seed; give the number a failed run printed");
  }
  return seed;
}

}  // namespace runform::testing
