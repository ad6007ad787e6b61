// Pose estimation through OpenCV DNN: both decoders on hand-made tensors, then real loading and
// inference of generated MoveNet- and OpenPose-shaped models, and MoveNet preparation of a model
// shaped like the public export (int32 input, Clip with min/max inputs, GatherND tail).
#include <gtest/gtest.h>

#include <onnx/onnx-ml.pb.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "camera/dnn_pose_estimator.h"
#include "support/onnx_models.h"
#include "tools/model_prep/movenet_prep.h"

namespace runform::camera {
namespace {

using testing::CellPeak;

std::filesystem::path write_model(const std::string& name, const std::string& bytes) {
  const auto path = std::filesystem::temp_directory_path() / ("runform-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// Seventeen distinct peaks spread over the 48×48 grid, with sub-cell offsets.
std::vector<CellPeak> movenet_peaks() {
  std::vector<CellPeak> peaks;
  for (int k = 0; k < 17; ++k) {
    peaks.push_back({6 + 2 * k, 40 - 2 * k, 0.25F * static_cast<float>(k % 3 - 1), -0.125F * static_cast<float>(k % 2),
                     0.5F + 0.02F * static_cast<float>(k)});
  }
  return peaks;
}

// Input-pixel position of a MoveNet cell plus offset (cell centres at (i + 0.5) × 4 − 0.5).
double movenet_px(int cell, float offset) { return (static_cast<double>(cell) + offset + 0.5) * 4.0 - 0.5; }

ModelSpec movenet_spec(const std::filesystem::path& path) {
  ModelSpec spec;
  spec.name = "movenet-test";
  spec.family = ModelFamily::kMoveNet;
  spec.path = path.string();
  spec.input = {192, 192};
  spec.channels_last = true;
  spec.outputs = testing::movenet_like_heads();
  return spec;
}

cv::Mat nhwc(int h, int w, int c) {
  const int shape[] = {1, h, w, c};
  return cv::Mat(4, shape, CV_32F, cv::Scalar(0));
}

float& at(cv::Mat& t, int y, int x, int c) {
  return t.ptr<float>()[(static_cast<std::size_t>(y) * static_cast<std::size_t>(t.size[2]) + static_cast<std::size_t>(x)) *
                            static_cast<std::size_t>(t.size[3]) + static_cast<std::size_t>(c)];
}

TEST(MoveNetDecoder, FollowsCentreRegressionHeatmapAndOffset) {
  MoveNetHeads heads{nhwc(48, 48, 17), nhwc(48, 48, 1), nhwc(48, 48, 34), nhwc(48, 48, 34)};
  at(heads.centre, 20, 22, 0) = 0.9F;
  at(heads.centre, 2, 2, 0) = 0.95F;  // a stronger centre near the crop's corner: the middle one wins
  for (int k = 0; k < 17; ++k) {
    const int row = 10 + k;
    const int col = 30 - k;
    at(heads.regression, 20, 22, 2 * k) = static_cast<float>(row - 20);
    at(heads.regression, 20, 22, 2 * k + 1) = static_cast<float>(col - 22);
    at(heads.heatmap, row, col, k) = 0.7F;
    at(heads.heatmap, 47 - row, 47 - col, k) = 0.8F;  // a brighter peak far from the regressed spot
    at(heads.offset, row, col, 2 * k) = 0.5F;
    at(heads.offset, row, col, 2 * k + 1) = -0.25F;
  }
  const auto landmarks = decode_movenet(heads, {192, 192}, false, coco17_identity_map());
  for (int k = 0; k < 17; ++k) {
    EXPECT_NEAR(landmarks[static_cast<std::size_t>(k)].y_px, movenet_px(10 + k, 0.5F), 1e-4) << k;
    EXPECT_NEAR(landmarks[static_cast<std::size_t>(k)].x_px, movenet_px(30 - k, -0.25F), 1e-4) << k;
    EXPECT_NEAR(landmarks[static_cast<std::size_t>(k)].confidence, 0.7, 1e-6);
  }
}

TEST(MoveNetDecoder, AppliesSigmoidToLogits) {
  MoveNetHeads heads{nhwc(48, 48, 17), nhwc(48, 48, 1), nhwc(48, 48, 34), nhwc(48, 48, 34)};
  at(heads.centre, 24, 24, 0) = 3.0F;
  at(heads.heatmap, 24, 24, 0) = 2.0F;
  const auto landmarks = decode_movenet(heads, {192, 192}, true, coco17_identity_map());
  EXPECT_NEAR(landmarks[0].confidence, 1.0 / (1.0 + std::exp(-2.0)), 1e-6);
}

TEST(MoveNetDecoder, RejectsWrongShapes) {
  MoveNetHeads heads{nhwc(48, 48, 17), nhwc(48, 48, 2), nhwc(48, 48, 34), nhwc(48, 48, 34)};
  EXPECT_THROW(decode_movenet(heads, {192, 192}, false, coco17_identity_map()), std::runtime_error);
}

TEST(HeatmapDecoder, RefinesPeaksBetweenCellsAndMapsOpenPoseOntoCoco) {
  const int shape[] = {1, 19, 32, 32};
  cv::Mat heat(4, shape, CV_32F, cv::Scalar(0));
  auto cell = [&](int c, int y, int x) -> float& { return heat.ptr<float>()[(c * 32 + y) * 32 + x]; };
  // OpenPose channel 5 is the left shoulder, channel 2 the right one.
  cell(5, 10, 12) = 1.0F;
  cell(5, 10, 11) = 0.8F;
  cell(5, 10, 13) = 0.6F;  // the parabola's top lies 1/6 cell to the left
  cell(2, 20, 8) = 0.9F;
  const auto landmarks = decode_heatmaps(heat, {256, 256}, openpose18_map());
  const auto& left_shoulder = landmarks[static_cast<std::size_t>(form::Keypoint::kLeftShoulder)];
  EXPECT_NEAR(left_shoulder.x_px, (12.0 - 1.0 / 6.0 + 0.5) * 8.0 - 0.5, 1e-4);
  EXPECT_NEAR(left_shoulder.y_px, (10.0 + 0.5) * 8.0 - 0.5, 1e-4);
  EXPECT_NEAR(left_shoulder.confidence, 1.0, 1e-6);
  const auto& right_shoulder = landmarks[static_cast<std::size_t>(form::Keypoint::kRightShoulder)];
  EXPECT_NEAR(right_shoulder.x_px, (8.0 + 0.5) * 8.0 - 0.5, 1e-4);
  EXPECT_NEAR(right_shoulder.confidence, 0.9, 1e-6);
}

TEST(DnnPoseEstimator, RunsAGeneratedMoveNetModelAndMapsTheCropBack) {
  const auto peaks = movenet_peaks();
  const auto path = write_model("movenet.onnx", testing::movenet_like_model(peaks, 24, 24));
  DnnPoseEstimator estimator(movenet_spec(path));
  const cv::Mat image(480, 640, CV_8UC3, cv::Scalar(40, 80, 120));
  const cv::Rect2d crop(100, 40, 384, 384);  // twice the input size: positions scale by 2
  const form::PoseFrame frame = estimator.estimate(image, crop, 1.5);
  EXPECT_DOUBLE_EQ(frame.t_s, 1.5);
  const CropTransform to_image{crop, {192, 192}};
  for (std::size_t k = 0; k < 17; ++k) {
    EXPECT_NEAR(frame.keypoints[k].x_px, to_image.image_x(movenet_px(peaks[k].col, peaks[k].dx)), 1e-3) << k;
    EXPECT_NEAR(frame.keypoints[k].y_px, to_image.image_y(movenet_px(peaks[k].row, peaks[k].dy)), 1e-3) << k;
    EXPECT_NEAR(frame.keypoints[k].confidence, peaks[k].score, 1e-5) << k;
  }
  std::filesystem::remove(path);
}

TEST(DnnPoseEstimator, RunsAGeneratedOpenPoseModel) {
  std::vector<CellPeak> peaks;
  for (int k = 0; k < 18; ++k) peaks.push_back({3 + k, 28 - k, 0, 0, 0.6F + 0.02F * static_cast<float>(k)});
  const auto path = write_model("openpose.onnx", testing::openpose_like_model(peaks));
  ModelSpec spec;
  spec.name = "openpose-test";
  spec.family = ModelFamily::kHeatmaps;
  spec.path = path.string();
  spec.input = {256, 256};
  spec.channels_last = false;
  spec.scale = 1.0 / 256.0;
  spec.mean = {128, 128, 128};
  spec.outputs = {"heatmaps"};
  spec.keypoints = openpose18_map();
  DnnPoseEstimator estimator(spec);
  const cv::Mat image(256, 256, CV_8UC3, cv::Scalar(0, 0, 0));
  const form::PoseFrame frame = estimator.estimate(image, cv::Rect2d(0, 0, 256, 256), 0.0);
  // Neighbours at peak − 0.2 before and peak − 0.4 after put the top 1/6 cell before the peak.
  const auto expected = [](int cell) { return (cell - 1.0 / 6.0 + 0.5) * 8.0 - 0.5; };
  const auto map = openpose18_map();
  for (std::size_t k = 0; k < 17; ++k) {
    const CellPeak& p = peaks[static_cast<std::size_t>(map[k])];
    EXPECT_NEAR(frame.keypoints[k].x_px, expected(p.col), 1e-3) << k;
    EXPECT_NEAR(frame.keypoints[k].y_px, expected(p.row), 1e-3) << k;
    EXPECT_NEAR(frame.keypoints[k].confidence, p.score, 1e-5) << k;
  }
  std::filesystem::remove(path);
}

TEST(MoveNetPreparation, CutsTheExportTailSoOpenCvLoadsAndDecodesIt) {
  const auto peaks = movenet_peaks();
  const auto exported = write_model("export.onnx", testing::movenet_like_model(peaks, 24, 24, /*export_tail=*/true));
  EXPECT_THROW(cv::dnn::readNet(exported.string()), cv::Exception) << "OpenCV 4.6 should fail on the export as is";

  const auto prepared = exported.string() + ".prepared.onnx";
  const tools::PrepReport report = tools::prepare_movenet_file(exported, prepared, testing::movenet_like_heads());
  EXPECT_TRUE(report.input_made_float);
  EXPECT_EQ(report.casts_removed, 1);
  EXPECT_EQ(report.clips_rewritten, 1);
  EXPECT_LT(report.nodes_after, report.nodes_before) << "the GatherND tail is gone";

  DnnPoseEstimator estimator(movenet_spec(prepared));
  const cv::Mat image(192, 192, CV_8UC3, cv::Scalar(10, 20, 30));
  const form::PoseFrame frame = estimator.estimate(image, cv::Rect2d(0, 0, 192, 192), 0.0);
  for (std::size_t k = 0; k < 17; ++k) {
    EXPECT_NEAR(frame.keypoints[k].x_px, movenet_px(peaks[k].col, peaks[k].dx), 1e-3) << k;
    EXPECT_NEAR(frame.keypoints[k].y_px, movenet_px(peaks[k].row, peaks[k].dy), 1e-3) << k;
  }
  std::filesystem::remove(exported);
  std::filesystem::remove(prepared);
}

TEST(MoveNetPreparation, NamesAMissingHead) {
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(testing::movenet_like_model(movenet_peaks(), 24, 24, true)));
  try {
    tools::prepare_movenet(model, {"heatmap", "centre", "no_such_head", "offset"});
    FAIL() << "expected PrepError";
  } catch (const tools::PrepError& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_head"), std::string::npos);
  }
  EXPECT_THROW(tools::prepare_movenet_file("/nonexistent.onnx", "/tmp/x.onnx", testing::movenet_like_heads()),
               tools::PrepError);
}

TEST(DnnPoseEstimator, MissingOrCorruptModelsGiveClearErrors) {
  try {
    DnnPoseEstimator estimator(movenet_spec("/nonexistent/movenet.onnx"));
    FAIL() << "expected ModelError";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("not found"), std::string::npos) << e.what();
  }
  const auto corrupt = write_model("corrupt.onnx", "this is not a model");
  try {
    DnnPoseEstimator estimator(movenet_spec(corrupt));
    FAIL() << "expected ModelError";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot load"), std::string::npos) << e.what();
  }
  std::filesystem::remove(corrupt);
  const auto good = write_model("good.onnx", testing::movenet_like_model(movenet_peaks(), 24, 24));
  ModelSpec wrong_outputs = movenet_spec(good);
  wrong_outputs.outputs = {"heatmap", "centre", "regression", "nope"};
  EXPECT_THROW(DnnPoseEstimator{wrong_outputs}, ModelError);
  std::filesystem::remove(good);
}

TEST(MoveNetPreparation, ListsTheTensorsThatLookLikeHeads) {
  onnx::ModelProto model;
  const std::vector<testing::CellPeak> peaks(17, testing::CellPeak{20, 20, 0.0F, 0.0F, 0.9F});
  ASSERT_TRUE(model.ParseFromString(testing::movenet_like_model(peaks, 24, 24, /*export_tail=*/true)));
  std::vector<int> channels;
  std::vector<std::string> tensors;
  for (const auto& c : tools::list_head_candidates(model)) {
    channels.push_back(c.channels);
    tensors.push_back(c.tensor);
  }
  // The four heads, in graph order, under the names the preparation cuts at.
  EXPECT_EQ(channels, (std::vector<int>{17, 1, 34, 34}));
  EXPECT_EQ(tensors.size(), 4U);
}

}  // namespace
}  // namespace runform::camera
