// FrameSource: where camera frames come from — a V4L2 camera, a video file, an RTSP/HTTP
// stream, a folder of images or the synthetic runner renderer. Every frame carries its capture
// time. A live source that stops delivering reports kLost instead of blocking or throwing.
#pragma once

#include <cstdint>
#include <opencv2/core.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "form/landmarks.h"

namespace runform::camera {

/// One captured frame.
struct CapturedFrame {
  cv::Mat bgr;                            ///< 8-bit BGR
  double t_s = 0.0;                       ///< capture time, seconds on the source's clock
  std::uint64_t index = 0;                ///< frame number from this source, from 0
  std::optional<form::PoseFrame> truth;   ///< the true landmarks (synthetic source only)
};

/// The outcome of one read.
enum class ReadStatus {
  kFrame,  ///< `out` holds a new frame
  kEnd,    ///< a finite source (file, folder) is finished
  kLost,   ///< a live source stopped delivering (unplugged, stream dropped); it may come back
};

/// A live source's state, for status lines.
struct SourceStatus {
  enum class State { kConnecting, kStreaming, kLost, kEnded } state = State::kConnecting;
  std::string detail;        ///< the source's description, or why it is lost
  int failed_attempts = 0;   ///< reconnect attempts since it was lost
  double retry_in_s = 0.0;   ///< until the next attempt (kLost)
  std::uint64_t frames = 0;  ///< frames delivered since start
};

/// "connecting", "streaming", "lost", "ended".
std::string_view to_string(SourceStatus::State state);

/// A source that cannot be opened; the message says what was wrong and what to do.
class SourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  /// Waits for the next frame.
  virtual ReadStatus read(CapturedFrame& out) = 0;
  /// What this source is, for status lines ("camera /dev/video0 640×480@30").
  [[nodiscard]] virtual std::string describe() const = 0;
  /// Nominal frames per second (0 when unknown).
  [[nodiscard]] virtual double fps() const = 0;
  /// True for real-time sources (cameras, streams): a pipeline drops stale frames from them.
  /// False for recordings, whose every frame should be processed.
  [[nodiscard]] virtual bool live() const = 0;
  /// Frames in a finite source, when known (for progress bars).
  [[nodiscard]] virtual std::optional<long> frame_count() const { return std::nullopt; }
  /// The state of a source that can be lost and come back; nullopt for one that cannot (its
  /// reader knows whether it is streaming or ended). Safe from any thread.
  [[nodiscard]] virtual std::optional<SourceStatus> status() const { return std::nullopt; }
};

}  // namespace runform::camera
