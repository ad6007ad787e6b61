// JSON exports: a session (start, summary, notes, every frame) or an athlete (every session's
// start, summary and notes). Metric keys are PRODUCT.md's ids; numbers are exact, so reading
// the file back gives exactly what the hub holds.
#pragma once

#include <istream>
#include <ostream>
#include <stdexcept>

#include "report/export_data.h"

namespace runform::report {

/// A JSON export that cannot be read back; the message says what is wrong.
class JsonExportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writes a session export (pretty-printed).
void write_session_json(std::ostream& out, const SessionExport& data);
/// Reads a session export back.
SessionExport read_session_json(std::istream& in);
/// Writes an athlete export.
void write_athlete_json(std::ostream& out, const AthleteExport& data);
/// Reads an athlete export back.
AthleteExport read_athlete_json(std::istream& in);

}  // namespace runform::report
