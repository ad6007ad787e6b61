// The command-line conventions of RunForm's programs (common/cli_conventions.h) applied to
// CLI11: plain-number range checks that name the flag, "did you mean" for unknown commands and
// options, usage errors as "PROGRAM: message" with exit code 2, and --help/help/--version.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace runform::tools::cli {

/// A number within lo–hi (unit): "--height-cm: must be 100–230 cm, got 80". CLI11 names the flag.
CLI::Validator number_in(double lo, double hi, const std::string& unit = "");
/// A number above lo (exclusive) and at most hi.
CLI::Validator number_above(double lo, double hi, const std::string& unit = "");
/// A whole number within lo–hi.
CLI::Validator whole_in(long long lo, long long hi, const std::string& unit = "");

/// Prepares an app for parse(): extras are collected (so they get a suggestion, not CLI11's
/// message) on the app and every subcommand. Call after adding every subcommand.
void collect_extras(CLI::App& app);

/// Parses the command line. Returns nullopt when the program should go on, else the exit code
/// to return: 0 after printing help (--help, a `help` word) or the version (--version, a
/// `version` word), 2 after printing a usage error that starts with `program`, names the flag
/// the person typed, suggests the closest command or option to a typo and says where help is.
std::optional<int> parse(CLI::App& app, int argc, const char* const* argv, const std::string& program,
                         const std::string& version);

}  // namespace runform::tools::cli
