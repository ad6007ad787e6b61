#include "tools/export_command.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "common/cli_conventions.h"
#include "report/export_job.h"
#include "services/client/coach_client.h"

namespace runform::tools {
namespace {

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

}  // namespace

CLI::App* add_export_command(CLI::App& app, ExportFlags& f) {
  auto* cmd = app.add_subcommand("export", "Export a session or an athlete from the hub: CSV, JSON or a PDF report");
  cmd->add_option("--hub", f.hub, "The hub, HOST:PORT")->required();
  cmd->add_option("--hub-ca", f.hub_ca, "The club CA certificate (TLS); see deploy/make-club-certs.sh");
  cmd->add_option("--hub-name", f.hub_name, "The name on the hub's certificate, when HOST is an address");
  cmd->add_flag("--insecure-loopback", f.insecure_loopback, "Plaintext, for a hub on this machine only");
  cmd->add_option("--token-file", f.token_file, "A file holding your sign-in token (default: $RUNFORM_TOKEN)");
  auto* session = cmd->add_option("--session", f.session, "The session id to export");
  auto* athlete = cmd->add_option("--athlete", f.athlete, "The athlete id to export (every session's summary and notes)");
  session->excludes(athlete);
  cmd->add_option("--format", f.format, "csv, json or pdf (a PDF report is per session)")
      ->check(CLI::IsMember({"csv", "json", "pdf"}))
      ->capture_default_str();
  cmd->add_option("--out", f.out, "The file to write (written whole or not at all)")->required();
  cmd->add_option("--assets", f.assets, "RunForm assets folder (cue and drill texts for the PDF)");
  cmd->add_flag("--quiet", f.quiet, "No progress on stderr");
  return cmd;
}

int run_export_command(const ExportFlags& f) {
  if (f.session.empty() == f.athlete.empty()) {
    std::cerr << "runform export: give --session ID or --athlete ID (one of them)\n";
    return common::kExitBadInput;
  }
  if (f.hub_ca.empty() && !f.insecure_loopback) {
    std::cerr << "runform export: give --hub-ca FILE (the club CA, for TLS) or, for a hub on this machine, --insecure-loopback\n";
    return common::kExitBadInput;
  }
  try {
    report::ExportRequest request;
    request.scope = f.session.empty() ? report::ExportScope::kAthlete : report::ExportScope::kSession;
    request.id = f.session.empty() ? f.athlete : f.session;
    request.format = report::export_format_from(f.format);
    request.out = f.out;
    services::CoachClient hub({f.hub, f.hub_ca, f.hub_name, read_token(f.token_file)});
    const form::CoachingCatalog catalog = form::load_coaching_catalog(f.assets);
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    int last_tenth = -1;
    report::run_export(hub, request, catalog, [&](double fraction, const std::string& stage) {
      if (f.quiet) return true;
      const int percent = static_cast<int>(fraction * 100.0);
      if (terminal) {
        std::fprintf(stderr, "\rrunform export: %3d%% %-48s", percent, stage.c_str());
      } else if (percent / 10 != last_tenth) {  // a log gets a line per 10%
        last_tenth = percent / 10;
        std::fprintf(stderr, "runform export: %3d%% %s\n", percent, stage.c_str());
      }
      return true;
    });
    if (!f.quiet && terminal) std::fprintf(stderr, "\n");
    std::cout << "runform export: wrote " << f.out << "\n";
    return 0;
  } catch (const services::CoachError& e) {
    std::cerr << "\nrunform export: " << e.what() << "\n";
    return e.kind() == services::CoachError::Kind::kUnavailable || e.kind() == services::CoachError::Kind::kOther
               ? common::kExitRunFailure
               : common::kExitBadInput;
  } catch (const std::invalid_argument& e) {
    std::cerr << "runform export: " << e.what() << "\n";
    return common::kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "\nrunform export: " << e.what() << "\n";
    return common::kExitRunFailure;
  }
}

}  // namespace runform::tools
