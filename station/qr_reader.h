// QrReader: reads the athlete code from a QR badge held up to the camera, with OpenCV's WeChat
// QR decoder (opencv_contrib, no model files: its classic detector and ZXing decoder). OpenCV's
// own QRCodeDetector cannot be used: Debian 12's OpenCV 4.6 was built without quirc, so it finds
// codes but answers "Library QUIRC is not linked" instead of their text.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

namespace runform::station {

class QrReader {
 public:
  QrReader();
  ~QrReader();
  QrReader(const QrReader&) = delete;
  QrReader& operator=(const QrReader&) = delete;

  /// The text of a QR code in a BGR or grey image, if one is seen and decodes. Slow (tens of ms
  /// on a full frame): call it off the render thread.
  std::optional<std::string> read(const cv::Mat& image);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace runform::station
