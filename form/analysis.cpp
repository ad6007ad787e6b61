#include "form/analysis.h"

namespace runform::form {

AnalysisResult analyze_track(TrackReader& reader, EngineConfig config, const CoachingCatalog& catalog,
                             const ProgressFn& progress, std::size_t progress_every) {
  AnalysisResult result;
  result.header = reader.header();
  if (config.view == View::kAuto) config.view = reader.header().view;
  FormEngine engine(config, catalog.cues);
  while (const auto frame = reader.next()) {
    engine.process(*frame);
    if (progress && ++result.frames % progress_every == 0) progress(result.frames);
  }
  result.frames = reader.frames_read();
  result.frames_rejected = engine.frames_rejected();
  result.summary = summarize(engine, catalog);
  result.cues = engine.cue_log();
  return result;
}

}  // namespace runform::form
