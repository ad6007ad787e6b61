#include "station/qr_reader.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#ifdef RUNFORM_HAVE_ZBAR
#include <zbar.h>
#endif

namespace runform::station {

namespace {

// OpenCV's answer when it was built without its QR decoding library.
// [[maybe_unused]]: with ZBar the reader never asks OpenCV.
[[maybe_unused]] bool is_opencv_placeholder(const std::string& text) {
  return text.find("QUIRC is not linked") != std::string::npos;
}

[[maybe_unused]] bool opencv_decodes() {
  // Decodes a code OpenCV itself drew: works exactly when OpenCV has a decoder.
  cv::Mat code;
  cv::QRCodeEncoder::create()->encode("RUNFORM", code);
  cv::copyMakeBorder(code, code, 4, 4, 4, 4, cv::BORDER_CONSTANT, 255);
  cv::resize(code, code, {}, 8, 8, cv::INTER_NEAREST);
  return cv::QRCodeDetector().detectAndDecode(code) == "RUNFORM";
}

}  // namespace

#ifdef RUNFORM_HAVE_ZBAR

// zbar.h declares its C API inside namespace zbar when compiled as C++.
using namespace zbar;  // NOLINT(google-build-using-namespace)

struct QrReader::Impl {
  zbar_image_scanner_t* scanner = zbar_image_scanner_create();
  Impl() {
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);  // QR codes only
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  }
  ~Impl() { zbar_image_scanner_destroy(scanner); }
};

QrReader::QrReader() : impl_(new Impl) {}
QrReader::~QrReader() { delete impl_; }
bool QrReader::available() { return true; }
std::string QrReader::backend() { return "zbar"; }

std::optional<std::string> QrReader::read(const cv::Mat& image) {
  if (image.empty()) return std::nullopt;
  cv::Mat grey;
  if (image.channels() == 3) {
    cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
  } else {
    grey = image.isContinuous() ? image : image.clone();
  }
  zbar_image_t* z = zbar_image_create();
  zbar_image_set_format(z, zbar_fourcc('Y', '8', '0', '0'));
  zbar_image_set_size(z, static_cast<unsigned>(grey.cols), static_cast<unsigned>(grey.rows));
  zbar_image_set_data(z, grey.data, grey.total(), nullptr);  // borrowed: grey outlives z
  std::optional<std::string> out;
  if (zbar_scan_image(impl_->scanner, z) > 0) {
    for (const zbar_symbol_t* s = zbar_image_first_symbol(z); s != nullptr; s = zbar_symbol_next(s)) {
      if (zbar_symbol_get_type(s) == ZBAR_QRCODE) {
        out = std::string(zbar_symbol_get_data(s), zbar_symbol_get_data_length(s));
        break;
      }
    }
  }
  zbar_image_destroy(z);
  return out;
}

#else

struct QrReader::Impl {
  cv::QRCodeDetector detector;
};

QrReader::QrReader() : impl_(new Impl) {}
QrReader::~QrReader() { delete impl_; }

bool QrReader::available() {
  static const bool decodes = opencv_decodes();  // asked once: the build does not change
  return decodes;
}

std::string QrReader::backend() {
  return available() ? "opencv" : "none: OpenCV was built without quirc and ZBar is not installed (install libzbar-dev and rebuild)";
}

std::optional<std::string> QrReader::read(const cv::Mat& image) {
  if (image.empty() || !available()) return std::nullopt;
  const std::string text = impl_->detector.detectAndDecode(image);
  if (text.empty() || is_opencv_placeholder(text)) return std::nullopt;
  return text;
}

#endif

}  // namespace runform::station
