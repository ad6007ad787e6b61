#include "camera/video_capture_source.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

namespace runform::camera {
namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::string size_text(const cv::Mat& m) { return std::to_string(m.cols) + "x" + std::to_string(m.rows); }

// A recording's timestamp: the container's position of the frame just read, else index ÷ fps.
double file_time_s(cv::VideoCapture& capture, std::uint64_t index, double fps) {
  const double pos_ms = capture.get(cv::CAP_PROP_POS_MSEC);
  if (pos_ms > 0.0 || index == 0) return pos_ms / 1000.0;
  return fps > 0.0 ? static_cast<double>(index) / fps : 0.0;
}

}  // namespace

VideoCaptureSource::VideoCaptureSource(cv::VideoCapture capture, std::string description, bool live, ClockFn clock)
    : capture_(std::move(capture)), description_(std::move(description)), live_(live), clock_(std::move(clock)) {
  fps_ = capture_.get(cv::CAP_PROP_FPS);
  if (!(fps_ > 0.0 && fps_ < 1000.0)) fps_ = 0.0;
}

std::unique_ptr<VideoCaptureSource> VideoCaptureSource::open_camera(const CameraOptions& o, ClockFn clock) {
  cv::VideoCapture capture;
  const bool opened = all_digits(o.device) ? capture.open(std::stoi(o.device), cv::CAP_V4L2)
                                           : capture.open(o.device, cv::CAP_V4L2);
  if (!opened) {
    throw SourceError("camera " + o.device + " could not be opened: check that it is plugged in, that " +
                      (all_digits(o.device) ? "/dev/video" + o.device : o.device) +
                      " exists and that this user may read it (group 'video')");
  }
  capture.set(cv::CAP_PROP_FRAME_WIDTH, o.width_px);
  capture.set(cv::CAP_PROP_FRAME_HEIGHT, o.height_px);
  capture.set(cv::CAP_PROP_FPS, o.fps);
  capture.set(cv::CAP_PROP_BUFFERSIZE, 1);  // newest frame, not a backlog
  if (o.lock_exposure) {
    capture.set(cv::CAP_PROP_AUTO_EXPOSURE, 1);  // V4L2: 1 = manual, 3 = aperture priority
    if (o.exposure > 0.0) capture.set(cv::CAP_PROP_EXPOSURE, o.exposure);
  }
  std::ostringstream d;
  d << "camera " << o.device << " " << capture.get(cv::CAP_PROP_FRAME_WIDTH) << "x"
    << capture.get(cv::CAP_PROP_FRAME_HEIGHT) << "@" << capture.get(cv::CAP_PROP_FPS);
  auto source = std::unique_ptr<VideoCaptureSource>(new VideoCaptureSource(std::move(capture), d.str(), true, std::move(clock)));
  if (!source->capture_.read(source->first_frame_) || source->first_frame_.empty()) {
    throw SourceError("camera " + o.device + " opened but delivers no frames: is another program using it?");
  }
  source->first_t_s_ = source->clock_();
  return source;
}

std::unique_ptr<VideoCaptureSource> VideoCaptureSource::open_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw SourceError("video file " + path + " does not exist (check the path)");
  if (std::filesystem::is_directory(path, ec)) throw SourceError(path + " is a folder, not a video file");
  cv::VideoCapture capture;
  // FFmpeg only: letting OpenCV try every backend on a bad file would probe cameras (gphoto2, libdc1394).
  if (!capture.open(path, cv::CAP_FFMPEG)) {
    throw SourceError("video file " + path + " could not be opened: it is corrupt or not a video format FFmpeg reads");
  }
  auto source = std::unique_ptr<VideoCaptureSource>(new VideoCaptureSource(std::move(capture), "video " + path, false, {}));
  if (!source->capture_.read(source->first_frame_) || source->first_frame_.empty()) {
    throw SourceError("video file " + path + " has no decodable frames: it is corrupt or truncated");
  }
  source->first_t_s_ = file_time_s(source->capture_, 0, source->fps_);
  source->description_ += " " + size_text(source->first_frame_);
  return source;
}

std::unique_ptr<VideoCaptureSource> VideoCaptureSource::open_stream(const std::string& url, ClockFn clock) {
  cv::VideoCapture capture;
  if (!capture.open(url, cv::CAP_FFMPEG)) {
    throw SourceError("stream " + url + " could not be opened: check the URL, the network and the camera's credentials");
  }
  auto source = std::unique_ptr<VideoCaptureSource>(new VideoCaptureSource(std::move(capture), "stream " + url, true, std::move(clock)));
  if (!source->capture_.read(source->first_frame_) || source->first_frame_.empty()) {
    throw SourceError("stream " + url + " opened but delivers no frames");
  }
  source->first_t_s_ = source->clock_();
  return source;
}

std::optional<long> VideoCaptureSource::frame_count() const {
  if (live_) return std::nullopt;
  const double n = capture_.get(cv::CAP_PROP_FRAME_COUNT);
  return n > 0.0 ? std::optional<long>(static_cast<long>(n)) : std::nullopt;
}

ReadStatus VideoCaptureSource::read(CapturedFrame& out) {
  out.truth.reset();
  if (!first_frame_.empty()) {
    out.bgr = first_frame_;
    first_frame_ = cv::Mat();
    out.t_s = first_t_s_;
    out.index = next_index_++;
    return ReadStatus::kFrame;
  }
  cv::Mat frame;
  if (!capture_.read(frame) || frame.empty()) return live_ ? ReadStatus::kLost : ReadStatus::kEnd;
  out.bgr = frame;
  out.index = next_index_;
  out.t_s = live_ ? clock_() : file_time_s(capture_, next_index_, fps_);
  ++next_index_;
  return ReadStatus::kFrame;
}

}  // namespace runform::camera
