// One export from the hub to a file, as the dashboard's Export panel and `runform export` both
// run it: fetch (with progress, cancellable), write to a temporary file next to the target, and
// rename it into place only when complete — a cancelled or failed export leaves nothing behind.
#pragma once

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

#include "form/cue_catalog.h"
#include "services/client/coach_client.h"

namespace runform::report {

/// What is exported.
enum class ExportScope { kSession, kAthlete };
/// In which format.
enum class ExportFormat { kCsv, kJson, kPdf };

/// One export.
struct ExportRequest {
  ExportScope scope = ExportScope::kSession;
  std::string id;  ///< session id or athlete id
  ExportFormat format = ExportFormat::kCsv;
  std::filesystem::path out;
};

/// Progress: fraction 0–1 and what is happening. Return false to cancel.
using ExportProgress = std::function<bool(double fraction, const std::string& stage)>;

/// The export was cancelled (nothing was written).
class ExportCancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// "csv", "json" or "pdf"; throws std::invalid_argument naming the choices.
ExportFormat export_format_from(const std::string& text);
/// The file extension of a format ("csv").
std::string extension_of(ExportFormat format);
/// A file name for an export: "session-ID.csv", "athlete-ID.json" (ids made file-safe).
std::string default_file_name(const ExportRequest& request);

/// Runs the export. Throws services::CoachError (hub), ExportCancelled, std::invalid_argument
/// (a PDF of an athlete) or std::runtime_error (the file).
void run_export(services::CoachClient& hub, const ExportRequest& request, const form::CoachingCatalog& catalog,
                const ExportProgress& progress = {});

}  // namespace runform::report
