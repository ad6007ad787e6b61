// The synthetic runner renderer: frames look like the scene they claim (the runner is drawn
// where the ground truth says, markers carry their colours, the passer-by and the dimmed
// lights show), and timestamps follow the camera rate.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "sim/synthetic_video.h"

namespace runform::sim {
namespace {

SimulationSpec short_spec(form::View view) {
  SimulationSpec spec;
  spec.camera.view = view;
  spec.runner.duration_s = 7.0;
  spec.runner.standing_s = 1.0;  // the shortest session a spec allows
  return spec;
}

int colour_distance(const cv::Vec3b& a, const cv::Vec3b& b) {
  int d = 0;
  for (int c = 0; c < 3; ++c) d = std::max(d, std::abs(int(a[c]) - int(b[c])));
  return d;
}

TEST(SyntheticVideo, FramesFollowTheCameraRateAndSize) {
  SyntheticVideo video(short_spec(form::View::kFront), {});
  RenderedFrame f;
  long n = 0;
  double last_t = -1.0;
  while (video.next(f)) {
    ASSERT_EQ(f.bgr.cols, 640);
    ASSERT_EQ(f.bgr.rows, 480);
    ASSERT_EQ(f.bgr.type(), CV_8UC3);
    EXPECT_NEAR(f.t_s - last_t, n == 0 ? f.t_s + 1.0 : 1.0 / 30.0, 1e-9);
    last_t = f.t_s;
    ++n;
  }
  EXPECT_EQ(n, 210);
  EXPECT_EQ(video.frame_count(), 210);
}

TEST(SyntheticVideo, MarkersSitOnTheTrueLandmarks) {
  for (const form::View view : {form::View::kFront, form::View::kSide}) {
    RenderOptions options;
    options.style.markers = true;
    SyntheticVideo video(short_spec(view), options);
    RenderedFrame f;
    int checked = 0;
    int matched = 0;
    for (int i = 0; i < 90 && video.next(f); ++i) {
      if (i % 10 != 0) continue;
      for (std::size_t k = 0; k < form::kKeypointCount; ++k) {
        const auto& lm = f.truth.keypoints[k];
        const cv::Point p(static_cast<int>(std::lround(lm.x_px)), static_cast<int>(std::lround(lm.y_px)));
        ASSERT_TRUE(cv::Rect(0, 0, 640, 480).contains(p)) << "keypoint " << k << " outside the frame";
        ++checked;
        if (colour_distance(f.bgr.at<cv::Vec3b>(p), marker_colours_bgr()[k]) <= 2) ++matched;
      }
    }
    // Front view: every marker visible. Side view: the far side (eye, ear, arm, leg) hides behind
    // the head and body much of the time, as it does on camera.
    EXPECT_GE(matched, checked * (view == form::View::kFront ? 95 : 50) / 100) << form::to_string(view);
  }
}

TEST(SyntheticVideo, WithoutMarkersNoPixelWearsAMarkerColour) {
  SyntheticVideo video(short_spec(form::View::kFront), {});
  RenderedFrame f;
  ASSERT_TRUE(video.next(f));
  for (int y = 0; y < f.bgr.rows; y += 2) {
    for (int x = 0; x < f.bgr.cols; x += 2) {
      for (const cv::Vec3b& marker : marker_colours_bgr()) {
        ASSERT_GT(colour_distance(f.bgr.at<cv::Vec3b>(y, x), marker), 40) << "pixel " << x << "," << y;
      }
    }
  }
}

TEST(SyntheticVideo, TheRunnerIsDrawnWhereTheTruthSays) {
  SyntheticVideo video(short_spec(form::View::kFront), {});
  RenderedFrame f;
  ASSERT_TRUE(video.next(f));
  cv::Mat gray;
  cv::cvtColor(f.bgr, gray, cv::COLOR_BGR2GRAY);
  const cv::Vec3b wall = f.bgr.at<cv::Vec3b>(40, 320);
  // The torso centre is shirt, not wall.
  const auto& ls = f.truth.keypoints[5];
  const auto& rh = f.truth.keypoints[12];
  const cv::Point chest(static_cast<int>((ls.x_px + rh.x_px) / 2), static_cast<int>((ls.y_px + rh.y_px) / 2));
  EXPECT_GT(colour_distance(f.bgr.at<cv::Vec3b>(chest), wall), 60);
}

TEST(SyntheticVideo, PasserbyAndDimmedLightsChangeTheFrame) {
  SimulationSpec spec = short_spec(form::View::kFront);
  spec.realism.passerby = {{2.0, 4.0}};
  RenderOptions options;
  options.light_change = {{5.0, 7.0}};
  SyntheticVideo video(spec, options);
  RenderedFrame f;
  double lit_mean = 0.0;
  double dim_mean = 0.0;
  bool saw_passerby = false;
  while (video.next(f)) {
    if (f.t_s < 1.0) lit_mean = cv::mean(f.bgr)[1];
    if (f.t_s > 5.5) dim_mean = cv::mean(f.bgr)[1];
    EXPECT_EQ(f.passerby.has_value(), f.t_s >= 2.0 && f.t_s < 4.0);
    if (f.passerby && std::abs(f.t_s - 2.5) < 0.02) {
      saw_passerby = true;
      // The passer-by's chest is drawn (green shirt) where their truth says.
      const auto& ls = f.passerby->keypoints[5];
      const auto& rh = f.passerby->keypoints[12];
      const cv::Point chest(static_cast<int>((ls.x_px + rh.x_px) / 2), static_cast<int>((ls.y_px + rh.y_px) / 2));
      const cv::Vec3b c = f.bgr.at<cv::Vec3b>(chest);
      EXPECT_GT(c[1], c[2] + 20) << "expected the green shirt at " << chest;
    }
  }
  EXPECT_TRUE(saw_passerby);
  EXPECT_LT(dim_mean, lit_mean * 0.8);
}

}  // namespace
}  // namespace runform::sim
