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

/// Yields frames in time order, nullopt at the end.
using FrameSource = std::function<std::optional<PoseFrame>()>;

/// The result of an engine that has processed a whole session of `frames` frames.
AnalysisResult finish_analysis(const TrackHeader& header, const FormEngine& engine, std::size_t frames,
                               const CoachingCatalog& catalog);

/// Runs the engine over every frame of a source. A view in `config` other than kAuto
/// overrides the header's.
AnalysisResult analyze(const TrackHeader& header, const FrameSource& next, EngineConfig config,
                       const CoachingCatalog& catalog, const ProgressFn& progress = {},
                       std::size_t progress_every = 3000);
/// Runs the engine over a track file; TrackFormatError propagates with its line number.
AnalysisResult analyze_track(TrackReader& reader, const EngineConfig& config, const CoachingCatalog& catalog,
                             const ProgressFn& progress = {}, std::size_t progress_every = 3000);
/// Runs the engine over frames held in memory.
AnalysisResult analyze_frames(const TrackHeader& header, const std::vector<PoseFrame>& frames,
                              const EngineConfig& config, const CoachingCatalog& catalog);

}  // namespace runform::form
