#include "tools/video_analysis.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <mutex>
#include <opencv2/videoio.hpp>
#include <thread>

#include "camera/landmark_error.h"
#include "form/engine.h"
#include "form/stats.h"
#include "tools/frame_annotator.h"

namespace runform::tools {
namespace {

constexpr std::size_t kProgressEveryFrames = 15;

// Landmarks below this confidence are not compared with the ground truth.
constexpr double kSeenConfidence = 0.3;

// Writes annotated frames; opened on the first frame, when the size is known.
class AnnotatedWriter {
 public:
  AnnotatedWriter(std::string path, double fps) : path_(std::move(path)), fps_(fps > 0.0 ? fps : 30.0) {}
  void write(const cv::Mat& frame) {
    if (path_.empty()) return;
    if (!writer_.isOpened()) {
      writer_.open(path_, cv::VideoWriter::fourcc('m', 'p', '4', 'v'), fps_, frame.size());
      if (!writer_.isOpened()) throw std::runtime_error("cannot write the annotated video " + path_ + " (check the folder and the .mp4 name)");
    }
    writer_.write(frame);
  }

 private:
  std::string path_;
  double fps_;
  cv::VideoWriter writer_;
};

}  // namespace

std::string progress_line(std::size_t done, std::size_t total, double fps) {
  constexpr int kWidth = 30;
  std::string line;
  if (total > 0) {
    const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    const int filled = static_cast<int>(fraction * kWidth);
    line = "[" + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(kWidth - filled), '.') + "] ";
    char pct[16];
    std::snprintf(pct, sizeof pct, "%3d%%  ", static_cast<int>(fraction * 100.0));
    line += pct + std::to_string(done) + "/" + std::to_string(total) + " frames";
  } else {
    line = std::to_string(done) + " frames";
  }
  char rate[32];
  std::snprintf(rate, sizeof rate, "  %.0f fps", fps);
  return line + rate;
}

VideoAnalysis analyze_video(const VideoAnalysisOptions& options, const form::CoachingCatalog& catalog,
                            const VideoProgressFn& progress) {
  CameraSetup setup = open_camera_setup(options.video, options.model, options.station);
  const std::size_t total = static_cast<std::size_t>(setup.source->frame_count().value_or(0));
  AnnotatedWriter writer(options.annotate_out, setup.source->fps());
  // One engine pass as frames arrive: it draws the cues on the annotated clip, gets the
  // tracker's rails hint, and is then summarised exactly as a track's analysis is.
  form::FormEngine engine(options.engine, catalog.cues);

  VideoAnalysis out;
  std::vector<double> errors_px;
  std::size_t frames = 0;
  cv::Size frame_size;
  double first_t_s = 0.0;
  double last_t_s = 0.0;
  std::optional<camera::PosePipeline> pipeline;
  pipeline.emplace(*setup.source, *setup.tracker, [&](const camera::PipelineResult& r) {
    if (frames++ == 0) {
      frame_size = r.frame.bgr.size();
      first_t_s = r.frame.t_s;
    }
    last_t_s = r.frame.t_s;
    if (r.tracked.runner_found) ++out.frames_with_runner;
    const form::FrameResult& result = engine.process(r.tracked.pose, {r.tracked.holding_rails});
    if (r.frame.truth && r.tracked.runner_found) {
      camera::append_landmark_errors_px(r.tracked.pose, *r.frame.truth, kSeenConfidence, errors_px);
    }
    if (!options.annotate_out.empty()) {
      cv::Mat canvas = r.frame.bgr.clone();
      Annotation a;
      a.tracked = &r.tracked;
      a.state = std::string(form::to_string(result.state));
      if (const auto& cue = engine.on_screen_cue()) {
        a.cue = cue->text;
        a.positive = cue->kind == form::CueEventKind::kPositive;
      }
      annotate_frame(canvas, a);
      writer.write(canvas);
    }
    if (progress && frames % kProgressEveryFrames == 0) progress(frames, total, pipeline->stats());
  }, camera::PipelineOptions{false, 0.05, camera::steady_now_s});
  pipeline->start();
  pipeline->wait();
  if (const auto error = pipeline->error()) throw std::runtime_error(options.video + ": " + *error);
  out.stats = pipeline->stats();
  if (progress) progress(frames, total, out.stats);
  if (frames == 0) throw std::runtime_error(options.video + ": no frames were read");

  form::TrackHeader header{frame_size.width, frame_size.height, setup.source->fps(), options.engine.view};
  if (!(header.fps > 0.0) && frames > 1) header.fps = static_cast<double>(frames - 1) / std::max(1e-6, last_t_s - first_t_s);
  out.analysis = form::finish_analysis(header, engine, frames, catalog);
  out.median_truth_error_px = form::median(errors_px).value_or(-1.0);
  return out;
}

}  // namespace runform::tools
