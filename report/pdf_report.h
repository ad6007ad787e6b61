// The PDF report of one session, written for the athlete (cairo): scores with words, what to work
// on (each fault in plain words with its cue, typical value in plain units and when it showed),
// what changed as they tired, drills, the coach's notes, and a page of charts with the normal
// range and fault spans shaded. No metric ids and no "torso" units anywhere.
#pragma once

#include <filesystem>
#include <functional>
#include <stdexcept>

#include "form/cue_catalog.h"
#include "report/export_data.h"

namespace runform::report {

/// The PDF could not be written; the message says why.
class PdfError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writes the report to `file`. `catalog` gives cue and drill texts (assets/).
void write_session_pdf(const std::filesystem::path& file, const SessionExport& data, const form::CoachingCatalog& catalog);

/// The plain-words lines of the report's first page (tests read them without a PDF reader).
std::vector<std::string> session_report_lines(const SessionExport& data, const form::CoachingCatalog& catalog);

}  // namespace runform::report
