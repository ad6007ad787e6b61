// QR badges: the kiosk's reader decodes a badge held up in a camera frame (OpenCV's WeChat
// decoder: Debian's QRCodeDetector cannot decode), off the caller's thread, and only as often
// as asked.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "kiosk/badge_reader.h"

namespace runform::kiosk {
namespace {

// A 640×480 frame with a badge of `side_px` at (x, y), as the demo camera shows one.
cv::Mat frame_with_badge(const std::string& code, int side_px, int x, int y) {
  cv::Mat frame(480, 640, CV_8UC3, cv::Scalar(90, 100, 110));
  cv::Mat qr;
  cv::QRCodeEncoder::create()->encode(code, qr);
  cv::Mat big;
  cv::resize(qr, big, cv::Size(side_px, side_px), 0, 0, cv::INTER_NEAREST);
  cv::Mat badge;
  cv::cvtColor(big, badge, cv::COLOR_GRAY2BGR);
  cv::copyMakeBorder(badge, badge, 12, 12, 12, 12, cv::BORDER_CONSTANT, cv::Scalar(255, 255, 255));
  badge.copyTo(frame(cv::Rect(x, y, badge.cols, badge.rows)));
  return frame;
}

TEST(BadgeReader, DecodesABadgeInACameraFrame) {
  EXPECT_EQ(decode_qr(frame_with_badge("90210777", 150, 12, 160)), "90210777");
  EXPECT_EQ(decode_qr(frame_with_badge("4711", 110, 400, 40)), "4711");
}

TEST(BadgeReader, NothingInAPlainFrameOrAnEmptyImage) {
  EXPECT_EQ(decode_qr(cv::Mat(480, 640, CV_8UC3, cv::Scalar(90, 100, 110))), "");
  EXPECT_EQ(decode_qr(cv::Mat()), "");
}

TEST(BadgeReader, ScansOffTheCallerAtMostEveryInterval) {
  BadgeReader reader(0.5);
  const cv::Mat plain(480, 640, CV_8UC3, cv::Scalar(90, 100, 110));
  reader.offer(plain, 10.0);
  reader.wait_idle();
  EXPECT_FALSE(reader.take());
  reader.offer(frame_with_badge("12345678", 150, 12, 160), 10.2);  // too soon: not scanned
  reader.wait_idle();
  EXPECT_FALSE(reader.take());
  reader.offer(frame_with_badge("12345678", 150, 12, 160), 10.6);
  reader.wait_idle();
  EXPECT_EQ(reader.take(), "12345678");
  EXPECT_FALSE(reader.take()) << "a code is handed over once";
}

}  // namespace
}  // namespace runform::kiosk
