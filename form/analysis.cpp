#include "form/analysis.h"

namespace runform::form {

AnalysisResult finish_analysis(const TrackHeader& header, const FormEngine& engine, std::size_t frames,
                               const CoachingCatalog& catalog) {
  AnalysisResult result;
  result.header = header;
  result.frames = frames;
  result.frames_rejected = engine.frames_rejected();
  result.summary = summarize(engine, catalog);
  result.cues = engine.cue_log();
  return result;
}

AnalysisResult analyze(const TrackHeader& header, const FrameSource& next, EngineConfig config,
                       const CoachingCatalog& catalog, const ProgressFn& progress, std::size_t progress_every) {
  if (config.view == View::kAuto) config.view = header.view;
  FormEngine engine(config, catalog.cues);
  std::size_t frames = 0;
  while (const auto frame = next()) {
    engine.process(*frame);
    if (++frames % progress_every == 0 && progress) progress(frames);
  }
  return finish_analysis(header, engine, frames, catalog);
}

AnalysisResult analyze_track(TrackReader& reader, const EngineConfig& config, const CoachingCatalog& catalog,
                             const ProgressFn& progress, std::size_t progress_every) {
  return analyze(reader.header(), [&reader] { return reader.next(); }, config, catalog, progress, progress_every);
}

AnalysisResult analyze_frames(const TrackHeader& header, const std::vector<PoseFrame>& frames,
                              const EngineConfig& config, const CoachingCatalog& catalog) {
  std::size_t i = 0;
  return analyze(
      header, [&]() -> std::optional<PoseFrame> { return i < frames.size() ? std::optional(frames[i++]) : std::nullopt; },
      config, catalog);
}

}  // namespace runform::form
