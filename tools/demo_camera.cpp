#include "tools/demo_camera.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <ostream>
#include <unistd.h>

#include "camera/dnn_pose_estimator.h"
#include "camera/landmark_error.h"
#include "camera/pose_pipeline.h"
#include "camera/synthetic_source.h"
#include "form/stats.h"
#include "tools/model_prep/marker_model.h"

namespace runform::tools {
namespace {

constexpr double kSeenConfidence = 0.3;  // landmarks below this are not compared with the truth

}  // namespace

int run_demo_camera_leg(const std::string& view, std::ostream& out) {
  sim::SimulationSpec spec;
  spec.camera.view = view == "side" ? form::View::kSide : form::View::kFront;
  spec.runner.duration_s = 12.0;
  spec.runner.standing_s = 3.0;
  spec.realism.passerby = {{5.0, 9.0}};
  sim::RenderOptions render;
  render.style.markers = true;
  render.light_change = {{9.5, 11.0}};
  camera::SyntheticSource source(spec, render, /*paced=*/false);

  const auto model_path = std::filesystem::temp_directory_path() / ("runform-demo-markers-" + std::to_string(::getpid()) + ".onnx");
  write_marker_model(model_path);
  camera::DnnPoseEstimator estimator(marker_model_spec(model_path.string()));
  camera::RunnerTracker tracker(source.station(), estimator);

  std::vector<double> errors_px;
  std::size_t frames = 0, found = 0, passerby_frames = 0, stolen = 0;
  camera::PosePipeline pipeline(source, tracker, [&](const camera::PipelineResult& r) {
    ++frames;
    if (!r.tracked.runner_found) return;
    ++found;
    const form::PoseFrame& truth = *r.frame.truth;
    camera::append_landmark_errors_px(r.tracked.pose, truth, kSeenConfidence, errors_px);
    if (r.frame.t_s >= 5.0 && r.frame.t_s < 9.0) {
      ++passerby_frames;
      const double hip_dx = (r.tracked.pose.keypoints[11].x_px + r.tracked.pose.keypoints[12].x_px -
                             truth.keypoints[11].x_px - truth.keypoints[12].x_px) / 2.0;
      if (std::abs(hip_dx) > 20.0) ++stolen;
    }
  });
  out << "Camera → pose → tracker: a rendered " << view << "-view runner (640×480, 30 fps, a passer-by, dimmed lights)\n"
      << "through OpenCV DNN with the generated marker model…\n";
  const auto start = std::chrono::steady_clock::now();
  pipeline.start();
  pipeline.wait();
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::filesystem::remove(model_path);
  if (const auto error = pipeline.error()) {
    out << "  camera pipeline failed: " << *error << "\n";
    return 1;
  }
  const double median_px = form::median(errors_px).value_or(0.0);
  const camera::PipelineStats s = pipeline.stats();
  char line[256];
  std::snprintf(line, sizeof line, "  %zu frames, runner locked in %zu; median landmark error %.2f px against the ground truth\n",
                frames, found, median_px);
  out << line;
  std::snprintf(line, sizeof line, "  passer-by in frame for %zu frames, took the lock in %zu\n", passerby_frames, stolen);
  out << line;
  std::snprintf(line, sizeof line, "  inference p50 %.1f ms, p95 %.1f ms; %.0f frames/s including rendering\n\n", s.inference.p50_ms,
                s.inference.p95_ms, static_cast<double>(frames) / wall_s);
  out << line;
  return 0;
}

}  // namespace runform::tools
