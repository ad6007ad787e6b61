#include "station/qr_reader.h"

#include <opencv2/wechat_qrcode.hpp>

namespace runform::station {

struct QrReader::Impl {
  cv::wechat_qrcode::WeChatQRCode decoder;  // no model files: the classic detector + ZXing
};

QrReader::QrReader() : impl_(std::make_unique<Impl>()) {}
QrReader::~QrReader() = default;

std::optional<std::string> QrReader::read(const cv::Mat& image) {
  if (image.empty()) return std::nullopt;
  const std::vector<std::string> codes = impl_->decoder.detectAndDecode(image);
  if (codes.empty() || codes.front().empty()) return std::nullopt;
  return codes.front();
}

}  // namespace runform::station
