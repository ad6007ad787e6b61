#include "form/view_detector.h"

#include <gtest/gtest.h>

namespace runform::form {
namespace {

TEST(ViewDetector, SwitchesWithHysteresisAndHonoursOverride) {
  ViewDetector d;
  for (int i = 0; i < 60; ++i) d.update(70.0, 90.0);  // 0.78: facing the camera
  EXPECT_EQ(d.current(), View::kFront);
  for (int i = 0; i < 60; ++i) d.update(38.0, 90.0);  // 0.42: between thresholds, keep
  EXPECT_EQ(d.current(), View::kFront);
  for (int i = 0; i < 60; ++i) d.update(15.0, 90.0);  // 0.17: side on
  EXPECT_EQ(d.current(), View::kSide);
  ViewDetector pinned(View::kSide);
  for (int i = 0; i < 60; ++i) pinned.update(70.0, 90.0);
  EXPECT_EQ(pinned.current(), View::kSide);
}

// issue 16: the view starts as front by default, so switching *to* front is only shown by
// leaving the side view first.
TEST(ViewDetector, SwitchesBackToFrontWhenTheRunnerFacesTheCamera) {
  ViewDetector d;
  for (int i = 0; i < 60; ++i) d.update(15.0, 90.0);  // side on
  ASSERT_EQ(d.current(), View::kSide);
  for (int i = 0; i < 20; ++i) d.update(70.0, 90.0);  // a third of the window: the median is still side
  EXPECT_EQ(d.current(), View::kSide) << "one moment facing the camera must not switch the view";
  for (int i = 0; i < 40; ++i) d.update(70.0, 90.0);
  EXPECT_EQ(d.current(), View::kFront);
}

// A side view whose far shoulder is occluded reports a width of 0: still the side view.
TEST(ViewDetector, OccludedFarShoulderCountsAsSideOn) {
  ViewDetector d;
  for (int i = 0; i < 60; ++i) d.update(0.0, 90.0);
  EXPECT_EQ(d.current(), View::kSide);
}

}  // namespace
}  // namespace runform::form
