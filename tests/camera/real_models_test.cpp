// Real model files, when ../shared/models/ (or $RUNFORM_REAL_MODELS) holds them: each loads
// through cv::dnn::readNet and finds the rendered runner. Skips with a message when absent.
#include <gtest/gtest.h>

#include <filesystem>

#include "camera/dnn_pose_estimator.h"
#include "sim/synthetic_video.h"
#include "tools/model_manifest.h"
#include "tools/model_prep/movenet_prep.h"

namespace runform::camera {
namespace {

namespace fs = std::filesystem;

fs::path real_models_dir() {
  if (const char* env = std::getenv("RUNFORM_REAL_MODELS")) return env;
  return fs::path(RUNFORM_SOURCE_DIR) / ".." / "shared" / "models";
}

TEST(RealModels, EachManifestModelPresentFindsTheRenderedRunner) {
  const fs::path dir = real_models_dir();
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no real models: " << dir << " is absent (set RUNFORM_REAL_MODELS to run this)";
  const auto entries = tools::load_model_manifest(tools::manifest_path(RUNFORM_ASSETS_DIR));
  sim::SimulationSpec spec;
  spec.runner.duration_s = 7.0;
  spec.runner.standing_s = 1.0;
  sim::SyntheticVideo video(spec, {});  // plain figure, no markers: what a trained model sees
  sim::RenderedFrame frame;
  for (int i = 0; i < 60; ++i) video.next(frame);
  const cv::Rect2d zone = video.layout().treadmill_zone;
  const double side = std::max(zone.width, zone.height);
  const cv::Rect2d crop(zone.x + zone.width / 2 - side / 2, zone.y + zone.height / 2 - side / 2, side, side);
  int tried = 0;
  for (const tools::ManifestEntry& entry : entries) {
    if (entry.source != "download" || !fs::exists(dir / entry.file)) continue;
    ++tried;
    ModelSpec model = tools::spec_in(entry, dir);
    if (!entry.prepared_file.empty()) {
      if (entry.heads.size() != 4) {
        ADD_FAILURE() << entry.spec.name << ": the manifest names no heads to prepare it with";
        continue;
      }
      const fs::path prepared = fs::temp_directory_path() / entry.prepared_file;
      tools::prepare_movenet_file(dir / entry.file, prepared, entry.heads);
      model.path = prepared.string();
    }
    DnnPoseEstimator estimator(model);
    const form::PoseFrame pose = estimator.estimate(frame.bgr, crop, frame.t_s);
    int near = 0;
    for (std::size_t k = 0; k < form::kKeypointCount; ++k) {
      const auto& got = pose.keypoints[k];
      const auto& want = frame.truth.keypoints[k];
      if (got.confidence >= 0.3 && std::hypot(got.x_px - want.x_px, got.y_px - want.y_px) < 25.0) ++near;
    }
    EXPECT_GE(near, 10) << entry.spec.name << " found " << near << " of 17 joints within 25 px";
  }
  if (tried == 0) GTEST_SKIP() << dir << " holds none of the manifest's model files";
}

}  // namespace
}  // namespace runform::camera
