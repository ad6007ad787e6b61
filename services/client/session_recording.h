// Records a session as a kiosk would upload it: every frame through the form engine, frames
// packed for the wire with the metrics snapshot at each stride end and the cue events, then
// the session start (with the baseline the engine measured) and the summary.
#pragma once

#include <string>
#include <vector>

#include "form/analysis.h"
#include "runform/v1/frames.pb.h"

namespace runform::services {

/// Who and where a session is.
struct SessionIdentity {
  std::string session_id;
  std::string kiosk_id;
  std::string station_id;
  std::string athlete_id;  ///< empty for a guest
  std::string athlete_name;
  std::int64_t started_unix_ms = 0;
};

/// A whole session, ready to upload (frames carry no sequence numbers yet).
struct RecordedSession {
  v1::SessionStart start;
  std::vector<v1::FrameRecord> frames;
  v1::SessionSummary summary;
};

/// Runs the engine over the frames and packs the result.
RecordedSession record_session(const form::TrackHeader& header, const std::vector<form::PoseFrame>& frames,
                               const form::EngineConfig& config, const form::CoachingCatalog& catalog,
                               const SessionIdentity& identity);

/// The software version kiosks report.
std::string software_version();

}  // namespace runform::services
