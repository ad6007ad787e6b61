// `runform export`: a session or an athlete from the hub to CSV, JSON or a PDF report, through
// report/'s export library (the same one the dashboard's Export panel uses).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace runform::tools {

/// What `runform export` was told.
struct ExportFlags {
  std::string hub;
  std::string hub_ca;
  std::string hub_name;
  bool insecure_loopback = false;
  std::string token_file;
  std::string session;
  std::string athlete;
  std::string format = "csv";
  std::string out;
  std::string assets;
  bool quiet = false;
};

/// Adds the `export` subcommand to the app.
CLI::App* add_export_command(CLI::App& app, ExportFlags& flags);
/// Runs it: 0 done, 2 bad input (flags, unknown id, refused), 1 failure (hub unreachable, disk).
int run_export_command(const ExportFlags& flags);

}  // namespace runform::tools
