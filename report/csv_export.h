// CSV exports, one row per frame (session) or per session (athlete), with a header row; every
// number is written in its shortest exact form, so reading the file back gives exactly what the
// hub holds. Metric columns are named by their PRODUCT.md ids; empty cells mean "not sent".
#pragma once

#include <istream>
#include <ostream>
#include <stdexcept>

#include "report/export_data.h"

namespace runform::report {

/// A CSV that cannot be read back; the message names the line.
class CsvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writes the session's frames: seq, t_us, t_s, 17 × (x, y, confidence), the 15 metrics, the
/// four scores, and the cue events of the frame ("show:cue_id:text|…").
void write_session_csv(std::ostream& out, const SessionExport& data);
/// Reads the frames of a session CSV back.
std::vector<services::CoachFrame> read_session_csv(std::istream& in);

/// Writes one row per session: ids, times, scores, the 15 session medians, faults and drills.
void write_athlete_csv(std::ostream& out, const AthleteExport& data);
/// Reads an athlete CSV back as sessions (start fields, summary; no frames).
std::vector<services::CoachSession> read_athlete_csv(std::istream& in);

}  // namespace runform::report
