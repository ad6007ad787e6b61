// A live source that survives being unplugged: when reads fail it reports kLost, drops the
// device and tries to open it again with exponential backoff, never blocking the caller for
// longer than one open attempt. Its status is what the kiosk's status bar shows.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "camera/frame_source.h"
#include "camera/steady_clock.h"

namespace runform::camera {

/// Opens the underlying source; throws SourceError when it is not there (yet).
using SourceOpener = std::function<std::unique_ptr<FrameSource>()>;

/// When to try again.
struct ReconnectPolicy {
  double first_retry_s = 0.5;
  double max_retry_s = 5.0;
  double multiplier = 2.0;
};

/// The camera's state, for status lines.
struct SourceStatus {
  enum class State { kConnecting, kStreaming, kLost, kEnded } state = State::kConnecting;
  std::string detail;        ///< the source's description, or why it is lost
  int failed_attempts = 0;   ///< reconnect attempts since it was lost
  double retry_in_s = 0.0;   ///< until the next attempt (kLost)
  std::uint64_t frames = 0;  ///< frames delivered since start
};

/// "connecting", "streaming", "lost", "ended".
std::string_view to_string(SourceStatus::State state);

class ReconnectingSource final : public FrameSource {
 public:
  /// Does not open anything yet: the first read does.
  ReconnectingSource(std::string name, SourceOpener opener, ReconnectPolicy policy = {}, ClockFn clock = steady_now_s);

  /// A frame, or kLost while the source is away (returns at once between attempts). kEnd only
  /// when the underlying source itself ends (a file behind a URL).
  ReadStatus read(CapturedFrame& out) override;
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] double fps() const override;
  [[nodiscard]] bool live() const override { return true; }
  /// A snapshot of the state; safe from any thread.
  [[nodiscard]] SourceStatus status() const;

 private:
  void lose(const std::string& why, double now_s);

  std::string name_;
  SourceOpener opener_;
  ReconnectPolicy policy_;
  ClockFn clock_;
  std::unique_ptr<FrameSource> source_;
  double next_attempt_s_ = 0.0;
  double backoff_s_ = 0.0;
  std::uint64_t next_index_ = 0;
  bool ended_ = false;
  mutable std::mutex status_mutex_;
  SourceStatus status_;
};

}  // namespace runform::camera
