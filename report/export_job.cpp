#include "report/export_job.h"

#include <fstream>
#include <unistd.h>

#include "report/csv_export.h"
#include "report/json_export.h"
#include "report/pdf_report.h"

namespace runform::report {
namespace {

// Share of the progress bar the fetch takes; writing takes the rest.
constexpr double kFetchShare = 0.85;

void step(const ExportProgress& progress, double fraction, const std::string& stage) {
  if (progress && !progress(fraction, stage)) throw ExportCancelled("export cancelled: nothing was written");
}

SessionExport fetch_session(services::CoachClient& hub, const std::string& id, const ExportProgress& progress) {
  SessionExport data;
  step(progress, 0.0, "reading the session");
  data.session = hub.get_session(id);
  data.notes = hub.list_annotations(id);
  const std::uint64_t total = std::max<std::uint64_t>(data.session.stored_seq, 1);
  try {
    data.frames = hub.read_frames(id, 0, 0, [&](std::uint64_t done, std::uint64_t) {
      return !progress || progress(kFetchShare * static_cast<double>(std::min(done, total)) / static_cast<double>(total),
                                   "reading frames " + std::to_string(done) + " of " + std::to_string(total));
    });
  } catch (const services::CoachError& e) {
    if (e.kind() == services::CoachError::Kind::kCancelled) throw ExportCancelled("export cancelled: nothing was written");
    throw;
  }
  return data;
}

AthleteExport fetch_athlete(services::CoachClient& hub, const std::string& id, const ExportProgress& progress) {
  AthleteExport data;
  step(progress, 0.0, "reading the athlete");
  bool found = false;
  for (const auto& a : hub.list_athletes()) {
    if (a.athlete_id == id) {
      data.athlete = a;
      found = true;
    }
  }
  if (!found) {
    throw services::CoachError(services::CoachError::Kind::kNotFound,
                               "no athlete '" + id + "' that you may see on this hub: check the id (the Athletes panel lists them)");
  }
  data.sessions = hub.list_sessions(id);
  for (std::size_t i = 0; i < data.sessions.size(); ++i) {
    step(progress, kFetchShare * static_cast<double>(i) / static_cast<double>(data.sessions.size()),
         "reading notes of session " + std::to_string(i + 1) + " of " + std::to_string(data.sessions.size()));
    data.notes.push_back(hub.list_annotations(data.sessions[i].session_id));
  }
  return data;
}

std::string file_safe(const std::string& id) {
  std::string out;
  for (char c : id) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  return out;
}

}  // namespace

ExportFormat export_format_from(const std::string& text) {
  if (text == "csv") return ExportFormat::kCsv;
  if (text == "json") return ExportFormat::kJson;
  if (text == "pdf") return ExportFormat::kPdf;
  throw std::invalid_argument("unknown format '" + text + "': csv, json or pdf");
}

std::string extension_of(ExportFormat format) {
  switch (format) {
    case ExportFormat::kCsv: return "csv";
    case ExportFormat::kJson: return "json";
    case ExportFormat::kPdf: return "pdf";
  }
  return "csv";
}

std::string default_file_name(const ExportRequest& request) {
  return std::string(request.scope == ExportScope::kSession ? "session-" : "athlete-") + file_safe(request.id) + "." +
         extension_of(request.format);
}

void run_export(services::CoachClient& hub, const ExportRequest& request, const form::CoachingCatalog& catalog,
                const ExportProgress& progress) {
  if (request.scope == ExportScope::kAthlete && request.format == ExportFormat::kPdf) {
    throw std::invalid_argument("a PDF report is written per session: export the athlete as csv or json, or give a session");
  }
  if (request.out.empty()) throw std::invalid_argument("no output file given");
  // Fetch first: nothing touches the disk until the data is complete.
  std::optional<SessionExport> session;
  std::optional<AthleteExport> athlete;
  if (request.scope == ExportScope::kSession) {
    session = fetch_session(hub, request.id, progress);
  } else {
    athlete = fetch_athlete(hub, request.id, progress);
  }
  step(progress, kFetchShare, "writing " + request.out.filename().string());
  const std::filesystem::path temporary =
      request.out.string() + ".part-" + std::to_string(static_cast<long long>(::getpid()));
  try {
    if (request.format == ExportFormat::kPdf) {
      write_session_pdf(temporary, *session, catalog);
    } else {
      std::ofstream out(temporary, std::ios::binary);
      if (!out) throw std::runtime_error("cannot write " + request.out.string() + ": check the folder exists and is writable");
      if (session && request.format == ExportFormat::kCsv) write_session_csv(out, *session);
      if (session && request.format == ExportFormat::kJson) write_session_json(out, *session);
      if (athlete && request.format == ExportFormat::kCsv) write_athlete_csv(out, *athlete);
      if (athlete && request.format == ExportFormat::kJson) write_athlete_json(out, *athlete);
      out.close();
      if (!out) throw std::runtime_error("writing " + request.out.string() + " failed (disk full?)");
    }
    step(progress, 0.99, "finishing");
    std::filesystem::rename(temporary, request.out);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  step(progress, 1.0, "done");
}

}  // namespace runform::report
