// `runform assessment`: group assessments from the command line, through the hub's
// AssessmentService and report/'s exports (the same the dashboard's assessment panels use):
// save a protocol, create an assessment, import a roster CSV, print badges, and export the
// results CSV or the PDF pack.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace runform::tools {

/// What `runform assessment …` was told.
struct AssessmentFlags {
  std::string hub;
  std::string hub_ca;
  std::string hub_name;
  bool insecure_loopback = false;
  std::string token_file;
  std::string assets;
  // protocol
  std::string protocol_name;
  std::vector<std::string> steps;
  // create
  std::string name;
  std::string date;
  std::vector<std::string> stations;
  std::string protocol_id;
  // import-roster, badges, results, pack
  std::string assessment;
  std::string csv;
  std::string out;
  std::string coach;
  std::string previous;
  CLI::App* protocol_cmd = nullptr;
  CLI::App* create_cmd = nullptr;
  CLI::App* list_cmd = nullptr;
  CLI::App* import_cmd = nullptr;
  CLI::App* badges_cmd = nullptr;
  CLI::App* results_cmd = nullptr;
  CLI::App* pack_cmd = nullptr;
};

/// Adds the `assessment` command and its subcommands to the app.
CLI::App* add_assessment_command(CLI::App& app, AssessmentFlags& flags);
/// Runs it: 0 done, 2 bad input (flags, a bad roster line, a refused request), 1 failure (hub
/// unreachable, disk).
int run_assessment_command(const AssessmentFlags& flags);

/// A protocol step from its command-line form "LABEL:KIND:SECONDS:VIEW[:KMH[:INCLINE_PCT]]",
/// e.g. "Front view:run:120:front:11:1"; throws std::invalid_argument naming what is wrong.
struct ParsedStep {
  std::string label;
  bool calibration = false;
  int duration_s = 0;
  bool side_view = false;
  std::optional<double> speed_kmh;
  std::optional<double> incline_pct;
};
ParsedStep parse_step_flag(const std::string& text);

}  // namespace runform::tools
