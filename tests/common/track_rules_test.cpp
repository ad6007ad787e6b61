// The shared track rules and CLI conventions (common/): every limit, on both sides of it.
#include "common/track_rules.h"

#include <gtest/gtest.h>

#include <limits>

#include "common/cli_conventions.h"

namespace runform::common {
namespace {

TEST(TrackRules, ImageSizeLimits) {
  EXPECT_FALSE(image_size_problem(640, 480));
  EXPECT_FALSE(image_size_problem(kMinImageSidePx, kMaxImageSidePx));
  EXPECT_EQ(image_size_problem(1, 1).value_or(""), "image size must be whole pixels, 32–8192 on each side, got 1×1");
  EXPECT_TRUE(image_size_problem(kMaxImageSidePx + 1, 480));
  EXPECT_TRUE(image_size_problem(640.5, 480));
  EXPECT_TRUE(image_size_problem(std::numeric_limits<double>::quiet_NaN(), 480));
}

TEST(TrackRules, FpsLimits) {
  EXPECT_FALSE(fps_problem(30));
  EXPECT_FALSE(fps_problem(kMinFps));
  EXPECT_FALSE(fps_problem(kMaxFps));
  EXPECT_EQ(fps_problem(1e308).value_or(""), "fps must be 1–240, got 1e+308");
  EXPECT_EQ(fps_problem(1e-300).value_or(""), "fps must be 1–240, got 1e-300");
  EXPECT_TRUE(fps_problem(std::numeric_limits<double>::infinity()));
}

TEST(TrackRules, TimeRules) {
  EXPECT_FALSE(frame_time_problem(0.0));
  EXPECT_FALSE(frame_time_problem(kMaxTrackSeconds));
  EXPECT_EQ(frame_time_problem(-0.5).value_or(""), "time must be 0–86400 s from the start of the track, got t=-0.5");
  EXPECT_TRUE(frame_time_problem(kMaxTrackSeconds + 1));
  EXPECT_FALSE(time_order_problem(1.0, 0.5));
  EXPECT_EQ(time_order_problem(1.0, 1.0).value_or(""), "time goes backwards or repeats: t=1 after t=1");
}

TEST(TrackRules, LandmarksStayNearTheImage) {
  EXPECT_FALSE(landmark_problem(0, 0, 0, 0, 640, 480, 0.0));
  EXPECT_FALSE(landmark_problem(0, 640, 480, 1, 640, 480, 0.0));
  EXPECT_EQ(landmark_problem(3, 640.1, 10, 0.5, 640, 480, 0.0).value_or(""),
            "keypoint 3 at (640.1, 10) px lies outside the 640×480 image");
  // With the track margin, a quarter of each side beyond the edge is accepted, no more.
  EXPECT_FALSE(landmark_problem(0, -160, 600, 0.5, 640, 480, kTrackLandmarkMarginFraction));
  EXPECT_TRUE(landmark_problem(0, -160.5, 10, 0.5, 640, 480, kTrackLandmarkMarginFraction));
  EXPECT_TRUE(landmark_problem(0, 10, 600.5, 0.5, 640, 480, kTrackLandmarkMarginFraction));
  EXPECT_EQ(landmark_problem(0, 1, 2, 1.5, 640, 480, 0.0).value_or(""), "keypoint 0: confidence must be in [0,1], got 1.5");
  EXPECT_TRUE(landmark_problem(0, std::numeric_limits<double>::quiet_NaN(), 2, 0.5, 640, 480, 0.25));
}

TEST(CliConventions, SuggestsTheClosestNameForATypo) {
  const std::vector<std::string> commands{"simulate", "analyze", "record", "prepare-model", "demo", "help", "version"};
  EXPECT_EQ(closest_match("demoo", commands).value_or(""), "demo");
  EXPECT_EQ(closest_match("analyse", commands).value_or(""), "analyze");
  EXPECT_EQ(closest_match("SIMULATE", commands).value_or(""), "simulate");
  EXPECT_FALSE(closest_match("frobnicate", commands));
  EXPECT_EQ(did_you_mean("recrod", commands), " Did you mean 'record'?");
  EXPECT_EQ(closest_match("hepl", commands).value_or(""), "help");  // two letters swapped: one edit
  EXPECT_EQ(did_you_mean("zzz", commands), "");
}

TEST(CliConventions, WritesRangesInPlainNumbers) {
  EXPECT_EQ(plain_range(100, 230, "cm"), "100–230 cm");
  EXPECT_EQ(plain_range(0, 0.5), "0–0.5");
  EXPECT_EQ(plain_number(1e308), "1e+308");
}

}  // namespace
}  // namespace runform::common
