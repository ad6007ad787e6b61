// CSV exports. A file is a few tables one after another, each with its own header row, an empty
// line between them (docs/exports.md): first the table a spreadsheet user opens it for (one row
// per frame of a session, or one row per session of an athlete), then the session row(s), the
// fault verdicts, the time spans (faults and hands on the rails) and the coach's notes. Every
// number is written in its shortest exact form, so reading the file back gives exactly what the
// hub holds. Metric columns are named by their PRODUCT.md ids; empty cells mean "not sent".
#pragma once

#include <istream>
#include <ostream>
#include <stdexcept>

#include "report/export_data.h"

namespace runform::report {

/// A CSV that cannot be read back; the message names the line (and the column) and what is wrong.
class CsvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writes a session: its frames (seq, t_us, t_s, 17 × (x, y, confidence), the 15 metrics, the four
/// scores, the cue events "show:cue_id:text|…"), then its session row, verdicts, spans and notes.
void write_session_csv(std::ostream& out, const SessionExport& data);
/// Reads a session CSV back whole.
SessionExport read_session_csv(std::istream& in);

/// Writes an athlete: one row per session (ids, times, scores, the 15 session medians, faults,
/// drills, worst moments, drift), then every session's verdicts, spans and notes, and the athlete.
void write_athlete_csv(std::ostream& out, const AthleteExport& data);
/// Reads an athlete CSV back whole (sessions with their summaries and notes; no frames).
AthleteExport read_athlete_csv(std::istream& in);

}  // namespace runform::report
