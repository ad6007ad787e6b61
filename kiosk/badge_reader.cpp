#include "kiosk/badge_reader.h"

#include <opencv2/wechat_qrcode.hpp>

namespace runform::kiosk {

std::string decode_qr(const cv::Mat& bgr) {
  if (bgr.empty()) return {};
  cv::wechat_qrcode::WeChatQRCode decoder;  // no model files: the classic detector + ZXing
  const std::vector<std::string> codes = decoder.detectAndDecode(bgr);
  return codes.empty() ? std::string() : codes.front();
}

BadgeReader::BadgeReader(double interval_s) : interval_s_(interval_s), worker_([this] { run(); }) {}

BadgeReader::~BadgeReader() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

void BadgeReader::offer(const cv::Mat& bgr, double t_s) {
  {
    std::lock_guard lock(mutex_);
    if (scanning_ || !pending_.empty() || bgr.empty()) return;  // one scan at a time; the rest are dropped
    if (last_scan_t_s_ && t_s - *last_scan_t_s_ < interval_s_ && t_s >= *last_scan_t_s_) return;
    last_scan_t_s_ = t_s;
    pending_ = bgr;  // shared, read-only: the station publishes a fresh Mat per frame
  }
  changed_.notify_all();
}

std::optional<std::string> BadgeReader::take() {
  std::lock_guard lock(mutex_);
  std::optional<std::string> code = std::move(found_);
  found_.reset();
  return code;
}

void BadgeReader::wait_idle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return pending_.empty() && !scanning_; });
}

void BadgeReader::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stop_ || !pending_.empty(); });
    if (stop_) return;
    const cv::Mat image = pending_;
    pending_.release();
    scanning_ = true;
    lock.unlock();
    std::string code = decode_qr(image);
    lock.lock();
    scanning_ = false;
    if (!code.empty()) found_ = std::move(code);
    changed_.notify_all();
  }
}

}  // namespace runform::kiosk
