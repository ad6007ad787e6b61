// `runform analyze --video`: the camera pipeline run over a clip, its landmarks analysed by the
// form engine exactly as a track file is. (`runform record` runs through station/.)
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include "camera/pose_pipeline.h"
#include "form/analysis.h"
#include "tools/camera_setup.h"

namespace runform::tools {

/// Progress of a long run: frames done, frames in total (0 if unknown), pipeline figures.
using VideoProgressFn = std::function<void(std::size_t done, std::size_t total, const camera::PipelineStats&)>;

/// What `analyze --video` needs.
struct VideoAnalysisOptions {
  std::string video;                 ///< file, folder or any source spec
  ModelChoice model;
  StationChoice station;
  std::string annotate_out;          ///< write the annotated clip here (mp4), if set
  form::EngineConfig engine;
};

/// The outcome.
struct VideoAnalysis {
  form::AnalysisResult analysis;     ///< the same result as analysing the landmark track (plus the rails hint)
  camera::PipelineStats stats;
  std::size_t frames_with_runner = 0;
  double median_truth_error_px = -1.0;  ///< synthetic sources: landmarks against ground truth
};

/// Runs the clip through the pipeline (every frame), then the form engine. Throws the camera's
/// SourceError/ModelError, ManifestError, or std::runtime_error (annotated file not writable).
VideoAnalysis analyze_video(const VideoAnalysisOptions& options, const form::CoachingCatalog& catalog,
                            const VideoProgressFn& progress = {});

/// A one-line progress bar for a terminal: "[#####.....]  45%  1234/2700 frames  38 fps".
std::string progress_line(std::size_t done, std::size_t total, double fps);

}  // namespace runform::tools
