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

}  // namespace
}  // namespace runform::form
