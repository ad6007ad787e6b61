// Offline analysis of a whole landmark track: the engine run over every frame, then summarised.
#pragma once

#include <functional>
#include <vector>

#include "form/session_summary.h"
#include "form/track_io.h"

namespace runform::form {

/// Result of analysing one track.
struct AnalysisResult {
  TrackHeader header;
  SessionSummary summary;
  std::vector<CueEvent> cues;  ///< show and positive events, in time order
  std::size_t frames = 0;
  std::size_t frames_rejected = 0;
};

/// Called every `progress_every` frames with the frames processed so far.
using ProgressFn = std::function<void(std::size_t frames)>;

/// Runs the engine over a track. A view in `config` other than kAuto overrides the header's.
AnalysisResult analyze_track(TrackReader& reader, EngineConfig config, const CoachingCatalog& catalog,
                             const ProgressFn& progress = {}, std::size_t progress_every = 3000);

}  // namespace runform::form
