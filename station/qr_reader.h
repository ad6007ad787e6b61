// QrReader: reads the athlete code from a QR badge held up to the camera. It decodes with
// ZBar when the build has it (libzbar-dev), else with OpenCV's QRCodeDetector — which decodes
// only where OpenCV was built with quirc, and Debian 12's OpenCV 4.6 was not (its detector
// finds the code but answers "Library QUIRC is not linked"). available() says which is the case.
#pragma once

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

  /// True when this build can decode QR codes at all.
  [[nodiscard]] static bool available();
  /// What decodes QR codes in this build ("zbar", "opencv", or why none does).
  [[nodiscard]] static std::string backend();
  /// The text of a QR code in a BGR or grey image, if one is seen and decodes.
  std::optional<std::string> read(const cv::Mat& image);

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace runform::station
