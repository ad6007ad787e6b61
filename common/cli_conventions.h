// Conventions every RunForm program follows on its command line (runform, runform-hub,
// runform-loadgen): exit codes, "did you mean" suggestions, and how a range is written in an
// error message. Standard library only, so the hub can use it without depending on tools/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runform::common {

/// Exit codes of every RunForm program.
enum ExitCode : int {
  kExitOk = 0,           ///< did what was asked
  kExitRunFailure = 1,   ///< the input was fine but running failed (disk, network, camera lost)
  kExitBadInput = 2,     ///< usage error or bad input: a flag, a value, a file's contents
};

/// The candidate closest to `typed` (case-insensitive edit distance), if it is close enough to
/// be a typo: at most a third of the longer name's letters differ (and at least one may).
std::optional<std::string> closest_match(std::string_view typed, const std::vector<std::string>& candidates);

/// " Did you mean 'X'?" for a close candidate, or "" when none is close.
std::string did_you_mean(std::string_view typed, const std::vector<std::string>& candidates);

/// A range in plain numbers: "100–230 cm", "0–0.5".
std::string plain_range(double lo, double hi, std::string_view unit = {});

/// A number in plain digits: 80, 0.25, 1e+308.
std::string plain_number(double v);

}  // namespace runform::common
