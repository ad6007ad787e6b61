#include "tools/assessment_command.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/assessment_badge.h"
#include "common/cli_conventions.h"
#include "form/cue_catalog.h"
#include "report/assessment_csv.h"
#include "report/assessment_pack.h"
#include "report/badges_pdf.h"
#include "services/client/assessment_client.h"
#include "services/client/hub_channel.h"

namespace runform::tools {
namespace {

constexpr std::size_t kMaxRosterFileBytes = 1 << 20;  // ImportRosterRequest.csv's wire limit

std::string read_token(const std::string& file) {
  if (file.empty()) {
    const char* env = std::getenv("RUNFORM_TOKEN");
    return env != nullptr ? env : "";
  }
  std::ifstream in(file);
  std::string token;
  if (!in || !std::getline(in, token)) throw std::invalid_argument("cannot read the token from " + file + ": check the path");
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  return token;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read " + path + ": check the path");
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > kMaxRosterFileBytes) {
    throw std::invalid_argument(path + " is larger than 1 MiB: split the roster into several files");
  }
  return text.str();
}

void write_file(const std::string& path, const std::string& text) {
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + path + ": check the folder and the disk");
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot write " + path);
}

double number_in(const std::string& text, const std::string& what, const std::string& step) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument("--step '" + step + "': " + what + " '" + text + "' is not a number");
}

void add_hub_flags(CLI::App* cmd, AssessmentFlags& f) {
  cmd->add_option("--hub", f.hub, "The hub, HOST:PORT")->required();
  cmd->add_option("--hub-ca", f.hub_ca, "The club CA certificate (TLS); see deploy/make-club-certs.sh");
  cmd->add_option("--hub-name", f.hub_name, "The name on the hub's certificate, when HOST is an address");
  cmd->add_flag("--insecure-loopback", f.insecure_loopback, "Plaintext, for a hub on this machine only");
  cmd->add_option("--token-file", f.token_file, "A file holding your sign-in token (default: $RUNFORM_TOKEN)");
}

}  // namespace

ParsedStep parse_step_flag(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ':');) parts.push_back(part);
  if (parts.size() < 4 || parts.size() > 6) {
    throw std::invalid_argument("--step '" + text + "': write LABEL:KIND:SECONDS:VIEW[:KMH[:INCLINE_PCT]], e.g. 'Front view:run:120:front:11:1'");
  }
  ParsedStep step;
  step.label = parts[0];
  if (parts[1] != "run" && parts[1] != "calibration") {
    throw std::invalid_argument("--step '" + text + "': the kind is run or calibration, not '" + parts[1] + "'");
  }
  step.calibration = parts[1] == "calibration";
  step.duration_s = static_cast<int>(number_in(parts[2], "the duration in seconds", text));
  if (parts[3] != "front" && parts[3] != "side") {
    throw std::invalid_argument("--step '" + text + "': the view is front or side, not '" + parts[3] + "'");
  }
  step.side_view = parts[3] == "side";
  if (parts.size() > 4 && !parts[4].empty()) step.speed_kmh = number_in(parts[4], "the speed in km/h", text);
  if (parts.size() > 5 && !parts[5].empty()) step.incline_pct = number_in(parts[5], "the incline in %", text);
  return step;
}

CLI::App* add_assessment_command(CLI::App& app, AssessmentFlags& f) {
  auto* cmd = app.add_subcommand("assessment", "Group assessments: protocols, rosters, badges, results and PDF packs");
  cmd->require_subcommand(1);

  f.protocol_cmd = cmd->add_subcommand("protocol", "Save a protocol (its steps) on the hub; prints its id");
  add_hub_flags(f.protocol_cmd, f);
  f.protocol_cmd->add_option("--name", f.protocol_name, "The protocol's name")->required();
  f.protocol_cmd->add_option("--step", f.steps, "A step, in order: LABEL:KIND:SECONDS:VIEW[:KMH[:INCLINE_PCT]]")->required();

  f.create_cmd = cmd->add_subcommand("create", "Create an assessment; prints its id");
  add_hub_flags(f.create_cmd, f);
  f.create_cmd->add_option("--name", f.name, "The assessment's name")->required();
  f.create_cmd->add_option("--date", f.date, "The day, YYYY-MM-DD")->required();
  f.create_cmd->add_option("--station", f.stations, "A station taking part (repeat for each)")->required();
  f.create_cmd->add_option("--protocol", f.protocol_id, "The protocol's id (from `runform assessment protocol`)")->required();

  f.list_cmd = cmd->add_subcommand("list", "List the assessments on the hub");
  add_hub_flags(f.list_cmd, f);

  f.import_cmd = cmd->add_subcommand("import-roster", "Import a roster CSV (name,code,group,coach), all or nothing");
  add_hub_flags(f.import_cmd, f);
  f.import_cmd->add_option("--assessment", f.assessment, "The assessment's id")->required();
  f.import_cmd->add_option("--csv", f.csv, "The roster file")->required();

  f.badges_cmd = cmd->add_subcommand("badges", "Print the check-in badges (PDF, 8 a page)");
  add_hub_flags(f.badges_cmd, f);
  f.badges_cmd->add_option("--assessment", f.assessment, "The assessment's id")->required();
  f.badges_cmd->add_option("--out", f.out, "The PDF to write")->required();

  f.results_cmd = cmd->add_subcommand("results", "Export the results table as CSV");
  add_hub_flags(f.results_cmd, f);
  f.results_cmd->add_option("--assessment", f.assessment, "The assessment's id")->required();
  f.results_cmd->add_option("--out", f.out, "The CSV to write")->required();
  f.results_cmd->add_option("--coach", f.coach, "Only this coach's athletes");

  f.pack_cmd = cmd->add_subcommand("pack", "Export the PDF pack: a group page, then a page per athlete");
  add_hub_flags(f.pack_cmd, f);
  f.pack_cmd->add_option("--assessment", f.assessment, "The assessment's id")->required();
  f.pack_cmd->add_option("--out", f.out, "The PDF to write")->required();
  f.pack_cmd->add_option("--coach", f.coach, "Only this coach's athletes");
  f.pack_cmd->add_option("--previous", f.previous, "The previous assessment's id, for the comparison with last time");
  f.pack_cmd->add_option("--assets", f.assets, "RunForm assets folder (cue and drill texts)");
  return cmd;
}

int run_assessment_command(const AssessmentFlags& f) {
  if (f.hub_ca.empty() && !f.insecure_loopback) {
    std::cerr << "runform assessment: give --hub-ca FILE (the club CA, for TLS) or, for a hub on this machine, --insecure-loopback\n";
    return common::kExitBadInput;
  }
  try {
    services::AssessmentClient hub(services::make_hub_channel(f.hub, {f.hub_ca, f.hub_name, read_token(f.token_file)}));
    if (*f.protocol_cmd) {
      services::ProtocolSpec protocol;
      protocol.name = f.protocol_name;
      for (const std::string& text : f.steps) {
        const ParsedStep s = parse_step_flag(text);
        protocol.steps.push_back({s.label, s.calibration ? services::StepKind::kCalibration : services::StepKind::kRun,
                                  s.duration_s, s.side_view ? form::View::kSide : form::View::kFront, s.speed_kmh,
                                  s.incline_pct, ""});
      }
      std::cout << hub.save_protocol(protocol).protocol_id << "\n";
    } else if (*f.create_cmd) {
      std::cout << hub.create_assessment(f.name, f.date, f.stations, f.protocol_id).assessment_id << "\n";
    } else if (*f.list_cmd) {
      for (const auto& a : hub.list_assessments()) {
        std::cout << a.assessment_id << "  " << a.date << "  " << a.name << "  (" << a.roster_size << " athletes, "
                  << a.station_ids.size() << " stations, protocol " << a.protocol.name << ")\n";
      }
    } else if (*f.import_cmd) {
      const int size = hub.import_roster(f.assessment, read_file(f.csv));
      std::cout << "runform assessment: imported " << f.csv << "; the roster has " << size << " athletes\n";
    } else if (*f.badges_cmd) {
      const auto info = hub.assessment(f.assessment);
      std::vector<report::BadgeEntry> badges;
      for (const auto& athlete : hub.roster(f.assessment)) {
        badges.push_back({athlete.name, athlete.squad, athlete.athlete_code,
                          common::assessment_badge_text(info.assessment_id, athlete.athlete_code)});
      }
      report::write_badge_sheet(f.out, info.name + " — " + info.date, badges);
      std::cout << "runform assessment: wrote " << badges.size() << " badges to " << f.out << "\n";
    } else if (*f.results_cmd) {
      write_file(f.out, report::assessment_results_csv(hub.results(f.assessment, f.coach)));
      std::cout << "runform assessment: wrote " << f.out << "\n";
    } else if (*f.pack_cmd) {
      const auto results = hub.results(f.assessment, f.coach);
      std::optional<services::AssessmentResults> previous;
      if (!f.previous.empty()) previous = hub.results(f.previous, f.coach);
      const bool terminal = ::isatty(STDERR_FILENO) != 0;
      report::write_assessment_pack(f.out, results, previous, form::load_coaching_catalog(f.assets),
                                    [terminal](int done, int total) {
                                      if (terminal) std::fprintf(stderr, "\rrunform assessment: page %d of %d", done, total);
                                    });
      if (terminal) std::fprintf(stderr, "\n");
      std::cout << "runform assessment: wrote " << f.out << " (" << results.athletes.size() + 1 << " pages)\n";
    }
    return common::kExitOk;
  } catch (const services::AssessmentCallError& e) {
    std::cerr << "runform assessment: " << e.what() << "\n";
    return e.kind() == services::AssessmentCallError::Kind::kUnavailable ||
                   e.kind() == services::AssessmentCallError::Kind::kOther
               ? common::kExitRunFailure
               : common::kExitBadInput;
  } catch (const std::invalid_argument& e) {
    std::cerr << "runform assessment: " << e.what() << "\n";
    return common::kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "runform assessment: " << e.what() << "\n";
    return common::kExitRunFailure;
  }
}

}  // namespace runform::tools
