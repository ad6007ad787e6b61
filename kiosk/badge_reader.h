// Reads QR badges held up to the camera, off the render thread. Debian's OpenCV is built without
// QUIRC, so cv::QRCodeDetector finds a code but never decodes it; OpenCV's WeChat QR decoder
// (libopencv-contrib, ZXing-based, no model files needed) does. The kiosk hands it the newest
// camera image while the check-in screen shows; it scans at most every `interval_s`.
#pragma once

#include <condition_variable>
#include <mutex>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <thread>

namespace runform::kiosk {

/// Decodes the first QR code in a BGR image (empty when none); ≈ 30 ms at 640×480.
std::string decode_qr(const cv::Mat& bgr);

class BadgeReader {
 public:
  /// A reader scanning at most every `interval_s` seconds of the offered images' time.
  explicit BadgeReader(double interval_s = 0.5);
  ~BadgeReader();
  BadgeReader(const BadgeReader&) = delete;
  BadgeReader& operator=(const BadgeReader&) = delete;

  /// Offers the newest image (captured at `t_s`); never blocks on a scan in progress.
  void offer(const cv::Mat& bgr, double t_s);
  /// The code read since the last take(), if any (and forgets it).
  std::optional<std::string> take();
  /// Blocks until the offered image was scanned (tests only; never the render loop).
  void wait_idle();

 private:
  void run();

  double interval_s_;
  std::mutex mutex_;
  std::condition_variable changed_;
  cv::Mat pending_;
  std::optional<double> last_scan_t_s_;
  bool scanning_ = false;
  bool stop_ = false;
  std::optional<std::string> found_;
  std::thread worker_;
};

}  // namespace runform::kiosk
