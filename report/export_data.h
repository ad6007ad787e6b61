// What an export holds, in the coach client's plain types: a session with its frames and notes,
// or an athlete with every session's summary and notes.
#pragma once

#include <vector>

#include "services/client/coach_types.h"

namespace runform::report {

/// One session: its start and summary, every stored frame, the coach's notes and bookmarks.
struct SessionExport {
  services::CoachSession session;
  std::vector<services::CoachFrame> frames;
  std::vector<services::CoachAnnotation> notes;
};

/// One athlete: who, and each session (newest first) with its summary and notes, no frames.
struct AthleteExport {
  services::CoachAthlete athlete;
  std::vector<services::CoachSession> sessions;
  std::vector<std::vector<services::CoachAnnotation>> notes;  ///< per session, same order
};

}  // namespace runform::report
