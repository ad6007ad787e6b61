#include "camera/video_capture_source.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

namespace runform::camera {
namespace {

std::string size_text(const cv::Mat& m) { return std::to_string(m.cols) + "x" + std::to_string(m.rows); }

// A recording's timestamp: the container's position of the frame just read, else index ÷ fps.
double file_time_s(cv::VideoCapture& capture, std::uint64_t index, double fps) {
  const double pos_ms = capture.get(cv::CAP_PROP_POS_MSEC);
  if (pos_ms > 0.0 || index == 0) return pos_ms / 1000.0;
  return fps > 0.0 ? static_cast<double>(index) / fps : 0.0;
}

}  // namespace

bool is_device_index(const std::string& device) {
  return !device.empty() && std::all_of(device.begin(), device.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

VideoCaptureSource::VideoCaptureSource(cv::VideoCapture capture, std::string description, bool live, ClockFn clock)
    : capture_(std::move(capture)), description_(std::move(description)), live_(live), clock_(std::move(clock)) {
  fps_ = capture_.get(cv::CAP_PROP_FPS);
  if (!(fps_ > 0.0 && fps_ < 1000.0)) fps_ = 0.0;
}

void VideoCaptureSource::read_first_frame(const std::string& no_frames) {
  if (!capture_.read(first_frame_) || first_frame_.empty()) throw SourceError(no_frames);
  first_t_s_ = live_ ? clock_() : file_time_s(capture_, 0, fps_);
}

std::unique_ptr<VideoCaptureSource> VideoCaptureSource::open_camera(const CameraOptions& o, ClockFn clock) {
  cv::VideoCapture capture;
  const bool opened = is_device_index(o.device) ? capture.open(std::stoi(o.device), cv::CAP_V4L2)
                                           : capture.open(o.device, cv::CAP_V4L2);
  if (!opened) {
    throw SourceError("camera " + o.device + " could not be opened: check that it is plugged in, that " +
                      (is_device_index(o.device) ? "/dev/video" + o.device : o.device) +
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
  source->read_first_frame("camera " + o.device + " opened but delivers no frames: is another program using it?");
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
  source->read_first_frame("video file " + path + " has no decodable frames: it is corrupt or truncated");
  source->description_ += " " + size_text(source->first_frame_);
  return source;
}

std::unique_ptr<VideoCaptureSource> VideoCaptureSource::open_stream(const std::string& url, ClockFn clock) {
  cv::VideoCapture capture;
  if (!capture.open(url, cv::CAP_FFMPEG)) {
    throw SourceError("stream " + url + " could not be opened: check the URL, the network and the camera's credentials");
  }
  auto source = std::unique_ptr<VideoCaptureSource>(new VideoCaptureSource(std::move(capture), "stream " + url, true, std::move(clock)));
  source->read_first_frame("stream " + url + " opened but delivers no frames");
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
