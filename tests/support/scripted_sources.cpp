#include "support/scripted_sources.h"

#include <algorithm>

namespace runform::testing {

class UnpluggableCamera::Handle final : public camera::FrameSource {
 public:
  explicit Handle(UnpluggableCamera& camera) : camera_(camera) {}
  camera::ReadStatus read(camera::CapturedFrame& out) override {
    if (!camera_.plugged_) return camera::ReadStatus::kLost;
    const auto n = camera_.delivered_++;
    out.bgr = cv::Mat(camera_.size_, CV_8UC3, cv::Scalar(0, 0, 0));
    out.bgr.at<cv::Vec3b>(0, 0) = cv::Vec3b(static_cast<uchar>(n & 0xFF), static_cast<uchar>((n >> 8) & 0xFF), 0);
    out.t_s = static_cast<double>(n) / 30.0;
    out.index = n;
    return camera::ReadStatus::kFrame;
  }
  [[nodiscard]] std::string describe() const override { return "scripted camera"; }
  [[nodiscard]] double fps() const override { return 30.0; }
  [[nodiscard]] bool live() const override { return true; }

 private:
  UnpluggableCamera& camera_;
};

std::unique_ptr<camera::FrameSource> UnpluggableCamera::open() {
  if (!plugged_) throw camera::SourceError("scripted camera is unplugged");
  return std::make_unique<Handle>(*this);
}

CountingSource::CountingSource(int count, double fps, bool live, std::function<void(int)> on_read)
    : count_(count), fps_(fps), live_(live), on_read_(std::move(on_read)) {}

camera::ReadStatus CountingSource::read(camera::CapturedFrame& out) {
  if (next_ >= count_) return camera::ReadStatus::kEnd;
  if (on_read_) on_read_(next_);
  out.bgr = cv::Mat(48, 64, CV_8UC3, cv::Scalar(0, 0, 0));
  out.bgr.at<cv::Vec3b>(0, 0) = cv::Vec3b(static_cast<uchar>(next_ & 0xFF), static_cast<uchar>((next_ >> 8) & 0xFF), 0);
  out.t_s = next_ / fps_;
  out.index = static_cast<std::uint64_t>(next_);
  ++next_;
  return camera::ReadStatus::kFrame;
}

int frame_number(const cv::Mat& bgr) {
  const cv::Vec3b p = bgr.at<cv::Vec3b>(0, 0);
  return p[0] | (p[1] << 8);
}

form::PoseFrame ScriptedEstimator::estimate(const cv::Mat& bgr, const cv::Rect2d& crop, double t_s) {
  ++calls_;
  const int now = ++running_;
  int seen = max_concurrent_.load();
  while (now > seen && !max_concurrent_.compare_exchange_weak(seen, now)) {
  }
  form::PoseFrame pose = fn_(bgr, crop, t_s);
  --running_;
  return pose;
}

form::PoseFrame person_in_box(const cv::Rect2d& box, double t_s, double confidence) {
  // Fractions of the box for each COCO-17 joint (x across, y down), a standing person facing the camera.
  static constexpr std::array<std::array<double, 2>, 17> kLayout{{
      {0.50, 0.06}, {0.53, 0.04}, {0.47, 0.04}, {0.57, 0.05}, {0.43, 0.05}, {0.70, 0.20}, {0.30, 0.20},
      {0.75, 0.35}, {0.25, 0.35}, {0.77, 0.48}, {0.23, 0.48}, {0.62, 0.52}, {0.38, 0.52},
      {0.62, 0.75}, {0.38, 0.75}, {0.62, 0.98}, {0.38, 0.98},
  }};
  form::PoseFrame p;
  p.t_s = t_s;
  for (std::size_t k = 0; k < 17; ++k) {
    p.keypoints[k] = {box.x + kLayout[k][0] * box.width, box.y + kLayout[k][1] * box.height, confidence};
  }
  return p;
}

}  // namespace runform::testing
