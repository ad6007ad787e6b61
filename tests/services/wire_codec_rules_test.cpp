// The hub applies the shared track rules (common/track_rules.h) to what kiosks send: the same
// limits the CLI's track reader enforces.
#include <gtest/gtest.h>

#include "services/hub/wire_codec.h"

namespace runform::services {
namespace {

v1::SessionStart good_start() {
  v1::SessionStart s;
  s.set_session_id("s-1");
  s.set_kiosk_id("k-1");
  s.set_station_id("st-1");
  s.set_view(v1::VIEW_FRONT);
  s.set_image_width_px(640);
  s.set_image_height_px(480);
  s.set_fps(30);
  s.set_started_unix_ms(1'780'000'000'000);
  return s;
}

v1::FrameRecord good_frame() {
  v1::FrameRecord f;
  f.set_seq(1);
  f.set_t_us(1'000'000);
  for (int i = 0; i < kLandmarkCount; ++i) {
    f.add_xy_decipx(3200);
    f.add_xy_decipx(2400);
  }
  f.set_confidence_q8(std::string(kLandmarkCount, static_cast<char>(200)));
  return f;
}

TEST(WireCodecRules, StartFollowsTheTrackRules) {
  EXPECT_TRUE(validate_start(good_start()).ok());
  auto tiny = good_start();
  tiny.set_image_width_px(1);
  tiny.set_image_height_px(1);
  EXPECT_EQ(validate_start(tiny).error_message(), "image size must be whole pixels, 32–8192 on each side, got 1×1");
  auto fast = good_start();
  fast.set_fps(241);
  EXPECT_EQ(validate_start(fast).error_message(), "fps must be 1–240, got 241");
}

TEST(WireCodecRules, FrameFollowsTheTrackRules) {
  const auto start = good_start();
  EXPECT_TRUE(validate_frame(good_frame(), start).ok());
  auto late = good_frame();
  late.set_t_us(100'000'000'000);  // beyond a day
  EXPECT_EQ(validate_frame(late, start).error_message(),
            "frame 1: time must be 0–86400 s from the start of the track, got t=100000");
  auto outside = good_frame();
  outside.set_xy_decipx(0, 6401);
  EXPECT_EQ(validate_frame(outside, start).error_message(),
            "frame 1: keypoint 0 at (640.1, 240) px lies outside the 640×480 image");
}

}  // namespace
}  // namespace runform::services
