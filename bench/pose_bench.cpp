// Camera pipeline benchmarks (issue 3, acceptance 4), on networks with the layer shapes of the
// supported families and random weights (bench/shaped_networks.h), so compute cost is real:
//  - BM_Estimate/*: one crop of a 640×480 frame through DnnPoseEstimator (resize, blob,
//    forward, decode, map back). MoveNet Lightning shape at 192×192, target ≥ 30 fps;
//    Lightweight OpenPose shape at 256×256, reported.
//  - BM_PipelineThroughput/*: PosePipeline over 150 pre-rendered synthetic frames, every frame
//    processed (capture thread + inference thread + tracker): sustained fps.
//  - BM_PipelineLive30fps/*: the same frames delivered at 30 fps as a camera does: frames
//    processed and dropped, end-to-end latency p50/p95 from the pipeline's own statistics.
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <opencv2/core/utility.hpp>
#include <thread>

#include "bench/shaped_networks.h"
#include "camera/dnn_pose_estimator.h"
#include "camera/pose_pipeline.h"
#include "sim/synthetic_video.h"

namespace {

using namespace runform;

std::string write_model(const std::string& name, const std::string& bytes) {
  const auto path = std::filesystem::temp_directory_path() / ("runform-bench-" + name + ".onnx");
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

camera::ModelSpec spec_for(int family) {
  camera::ModelSpec spec;
  if (family == 0) {
    static const std::string path = write_model("movenet-lightning-shaped", bench::movenet_lightning_shaped(192));
    spec.name = "movenet-lightning-shaped";
    spec.family = camera::ModelFamily::kMoveNet;
    spec.path = path;
    spec.input = {192, 192};
    spec.outputs = {"heatmap", "centre", "regression", "offset"};
    spec.apply_sigmoid = true;
  } else {
    static const std::string path = write_model("lw-openpose-shaped", bench::lightweight_openpose_shaped(256));
    spec.name = "lightweight-openpose-shaped";
    spec.family = camera::ModelFamily::kHeatmaps;
    spec.path = path;
    spec.input = {256, 256};
    spec.channels_last = false;
    spec.rgb = false;
    spec.mean = cv::Scalar(128, 128, 128);
    spec.scale = 1.0 / 256.0;
    spec.outputs = {"heatmaps"};
    spec.keypoints = camera::openpose18_map();
  }
  return spec;
}

const std::vector<sim::RenderedFrame>& rendered_frames() {
  static const std::vector<sim::RenderedFrame> frames = [] {
    sim::SimulationSpec spec;
    spec.runner.duration_s = 10.0;
    spec.runner.standing_s = 2.0;
    sim::SyntheticVideo video(spec, {});
    std::vector<sim::RenderedFrame> out;
    sim::RenderedFrame f;
    while (out.size() < 150 && video.next(f)) out.push_back(f);
    return out;
  }();
  return frames;
}

camera::StationLayout station() {
  sim::SimulationSpec spec;
  spec.runner.duration_s = 10.0;
  spec.runner.standing_s = 2.0;
  const sim::SceneLayout layout = sim::SyntheticVideo(spec, {}).layout();
  return {layout.treadmill_zone, {}};
}

// Pre-rendered frames as a source; `interval_s` > 0 delivers them at that pace (a camera).
class MemorySource final : public camera::FrameSource {
 public:
  MemorySource(const std::vector<sim::RenderedFrame>& frames, double interval_s) : frames_(frames), interval_s_(interval_s) {}
  camera::ReadStatus read(camera::CapturedFrame& out) override {
    if (next_ >= frames_.size()) return camera::ReadStatus::kEnd;
    if (interval_s_ > 0.0) {
      if (next_ == 0) start_ = std::chrono::steady_clock::now();
      std::this_thread::sleep_until(start_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                 std::chrono::duration<double>(interval_s_ * static_cast<double>(next_))));
    }
    out.bgr = frames_[next_].bgr;
    out.t_s = frames_[next_].t_s;
    out.index = next_++;
    return camera::ReadStatus::kFrame;
  }
  [[nodiscard]] std::string describe() const override { return "memory"; }
  [[nodiscard]] double fps() const override { return 30.0; }
  [[nodiscard]] bool live() const override { return interval_s_ > 0.0; }

 private:
  const std::vector<sim::RenderedFrame>& frames_;
  double interval_s_;
  std::size_t next_ = 0;
  std::chrono::steady_clock::time_point start_;
};

void BM_Estimate(benchmark::State& state) {
  camera::DnnPoseEstimator estimator(spec_for(static_cast<int>(state.range(0))));
  const cv::Mat& frame = rendered_frames()[60].bgr;
  const cv::Rect2d crop(170, 60, 300, 300);
  estimator.estimate(frame, crop, 0.0);  // warm-up: OpenCV allocates on the first forward
  for (auto _ : state) benchmark::DoNotOptimize(estimator.estimate(frame, crop, 0.0));
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(estimator.spec().name + " " + std::to_string(estimator.spec().input.width) + "px");
}
BENCHMARK(BM_Estimate)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(3.0);

void run_pipeline(benchmark::State& state, double interval_s) {
  camera::DnnPoseEstimator estimator(spec_for(static_cast<int>(state.range(0))));
  const auto& frames = rendered_frames();
  camera::PipelineStats last;
  double frames_per_s = 0.0;
  for (auto _ : state) {
    MemorySource source(frames, interval_s);
    camera::RunnerTracker tracker(station(), estimator);
    camera::PosePipeline pipeline(source, tracker, {});
    const auto start = std::chrono::steady_clock::now();
    pipeline.start();
    pipeline.wait();
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    last = pipeline.stats();
    frames_per_s = static_cast<double>(last.end_to_end.processed) / wall_s;
  }
  state.counters["fps"] = frames_per_s;
  state.counters["processed"] = static_cast<double>(last.end_to_end.processed);
  state.counters["dropped"] = static_cast<double>(last.end_to_end.dropped);
  state.counters["latency_p50_ms"] = last.end_to_end.p50_ms;
  state.counters["latency_p95_ms"] = last.end_to_end.p95_ms;
  state.counters["inference_p50_ms"] = last.inference.p50_ms;
  state.counters["inference_p95_ms"] = last.inference.p95_ms;
  state.SetLabel(estimator.spec().name);
}

void BM_PipelineThroughput(benchmark::State& state) { run_pipeline(state, 0.0); }
BENCHMARK(BM_PipelineThroughput)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_PipelineLive30fps(benchmark::State& state) { run_pipeline(state, 1.0 / 30.0); }
BENCHMARK(BM_PipelineLive30fps)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
