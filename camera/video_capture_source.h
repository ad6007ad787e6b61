// Frame sources on cv::VideoCapture: a V4L2 camera, a video file, an RTSP or HTTP stream.
#pragma once

#include <memory>
#include <opencv2/videoio.hpp>
#include <string>

#include "camera/frame_source.h"
#include "camera/steady_clock.h"

namespace runform::camera {

/// How to open a V4L2 camera.
struct CameraOptions {
  std::string device = "0";    ///< an index ("0") or a device path ("/dev/video0")
  int width_px = 640;
  int height_px = 480;
  double fps = 30.0;
  bool lock_exposure = false;  ///< manual exposure, so the frame rate does not sag in dim light
  double exposure = 0.0;       ///< driver units, used when lock_exposure (0 keeps the driver's value)
};

/// True when a camera is named by its index ("0", "2") rather than a path.
bool is_device_index(const std::string& device);

/// A cv::VideoCapture as a FrameSource.
class VideoCaptureSource final : public FrameSource {
 public:
  /// Opens a camera. Throws SourceError when it is absent or refuses the settings.
  static std::unique_ptr<VideoCaptureSource> open_camera(const CameraOptions& options, ClockFn clock = steady_now_s);
  /// Opens a video file. Throws SourceError for a missing, unreadable or undecodable file.
  static std::unique_ptr<VideoCaptureSource> open_file(const std::string& path);
  /// Opens an RTSP/HTTP stream URL. Throws SourceError when it cannot be reached or decoded.
  static std::unique_ptr<VideoCaptureSource> open_stream(const std::string& url, ClockFn clock = steady_now_s);

  ReadStatus read(CapturedFrame& out) override;
  [[nodiscard]] std::string describe() const override { return description_; }
  [[nodiscard]] double fps() const override { return fps_; }
  [[nodiscard]] bool live() const override { return live_; }
  [[nodiscard]] std::optional<long> frame_count() const override;

 private:
  VideoCaptureSource(cv::VideoCapture capture, std::string description, bool live, ClockFn clock);
  /// Reads the first frame now, to prove the source decodes; throws SourceError(`no_frames`).
  void read_first_frame(const std::string& no_frames);

  cv::VideoCapture capture_;
  std::string description_;
  bool live_;
  ClockFn clock_;                // live sources: capture time from this clock
  double fps_ = 0.0;
  std::uint64_t next_index_ = 0;
  cv::Mat first_frame_;          // read while opening, to prove the source decodes
  double first_t_s_ = 0.0;
};

}  // namespace runform::camera
