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

class ReconnectingSource final : public FrameSource {
 public:
  /// Does not open anything yet: the first read does.
  ReconnectingSource(std::string name, SourceOpener opener, ReconnectPolicy policy = {}, ClockFn clock = steady_now_s);

  /// A frame, or kLost while the source is away (returns at once between attempts). kEnd only
  /// when the underlying source itself ends (a file behind a URL).
  ReadStatus read(CapturedFrame& out) override;
  /// The underlying source's description once open, else the name. Safe from any thread.
  [[nodiscard]] std::string describe() const override;
  /// The underlying source's rate once open, else 0. Safe from any thread.
  [[nodiscard]] double fps() const override;
  [[nodiscard]] bool live() const override { return true; }
  /// A snapshot of the state; never nullopt.
  [[nodiscard]] std::optional<SourceStatus> status() const override;

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
  // Read by other threads (status bar, sinks) while read() swaps source_: guarded copies.
  mutable std::mutex status_mutex_;
  SourceStatus status_;
  std::string description_;
  double fps_ = 0.0;
};

}  // namespace runform::camera
