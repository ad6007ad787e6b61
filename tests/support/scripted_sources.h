// Frame sources and estimators the camera tests control: a live camera that can be unplugged
// on command, and an estimator that "sees" scripted people.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

#include "camera/frame_source.h"
#include "camera/pose_estimator.h"

namespace runform::testing {

/// A camera the test unplugs and plugs back. While unplugged, reads report kLost and opening
/// it throws SourceError, as a vanished /dev/video device does.
class UnpluggableCamera {
 public:
  /// Frames are `size` grey images whose first pixel encodes the frame number.
  explicit UnpluggableCamera(cv::Size size = {64, 48}) : size_(size) {}
  void unplug() { plugged_ = false; }
  void plug() { plugged_ = true; }
  /// Opens a handle on the camera (what a SourceOpener does).
  std::unique_ptr<camera::FrameSource> open();
  /// Frames delivered so far over all handles.
  [[nodiscard]] std::uint64_t delivered() const { return delivered_; }

 private:
  class Handle;
  cv::Size size_;
  std::atomic<bool> plugged_{true};
  std::atomic<std::uint64_t> delivered_{0};
};

/// A finite source of `count` numbered frames at `fps`, optionally live; `on_read` runs before each.
class CountingSource final : public camera::FrameSource {
 public:
  CountingSource(int count, double fps, bool live, std::function<void(int)> on_read = {});
  camera::ReadStatus read(camera::CapturedFrame& out) override;
  [[nodiscard]] std::string describe() const override { return "counting source"; }
  [[nodiscard]] double fps() const override { return fps_; }
  [[nodiscard]] bool live() const override { return live_; }

 private:
  int count_;
  double fps_;
  bool live_;
  std::function<void(int)> on_read_;
  int next_ = 0;
};

/// The frame number a CountingSource or UnpluggableCamera wrote into a frame.
int frame_number(const cv::Mat& bgr);

/// An estimator that returns whatever `pose_for(crop, t_s)` says, counting calls and overlap.
class ScriptedEstimator final : public camera::PoseEstimator {
 public:
  using PoseFn = std::function<form::PoseFrame(const cv::Mat&, const cv::Rect2d&, double)>;
  explicit ScriptedEstimator(PoseFn fn) : fn_(std::move(fn)) {}
  form::PoseFrame estimate(const cv::Mat& bgr, const cv::Rect2d& crop, double t_s) override;
  /// Calls so far.
  [[nodiscard]] int calls() const { return calls_; }
  /// The most calls that ran at the same time.
  [[nodiscard]] int max_concurrent() const { return max_concurrent_; }

 private:
  PoseFn fn_;
  std::atomic<int> calls_{0};
  std::atomic<int> running_{0};
  std::atomic<int> max_concurrent_{0};
};

/// A standing person whose skeleton fills the box (head at the top, ankles at the bottom).
form::PoseFrame person_in_box(const cv::Rect2d& box, double t_s, double confidence = 0.9);

}  // namespace runform::testing
