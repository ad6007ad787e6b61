// KioskUploader: the kiosk's side of KioskIngest. It keeps every frame until the hub has
// acknowledged it, reconnects with exponential backoff when the stream breaks, reopens its
// sessions, and resumes from the hub's resume point — so nothing is lost or stored twice.
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "runform/v1/ingest.grpc.pb.h"

namespace runform::services {

/// Upload behaviour.
struct UploaderOptions {
  std::size_t max_chunk_frames = 64;       ///< frames per FrameChunk
  std::size_t max_spool_frames = 1 << 16;  ///< unacknowledged frames kept; add_frame waits beyond
  std::chrono::milliseconds backoff_initial{50};
  std::chrono::milliseconds backoff_max{2000};
  /// Called with the time from sending a chunk to its acknowledgement (from the worker threads).
  std::function<void(std::chrono::nanoseconds)> on_ack_latency;
};

/// Figures for the kiosk's status bar and the load generator.
struct UploaderStats {
  std::uint64_t frames_sent = 0;   ///< including re-sends after a reconnect
  std::uint64_t frames_acked = 0;
  std::uint64_t connections = 0;   ///< streams opened (1 + reconnects)
  std::uint64_t spooled_frames = 0;
  std::string last_error;          ///< the latest stream error, for the status bar
  std::string fatal_error;         ///< set when the hub rejected our data; uploading stopped
};

class KioskUploader {
 public:
  KioskUploader(std::shared_ptr<grpc::Channel> channel, UploaderOptions options = {});
  /// Stops at once; unacknowledged frames are dropped from memory (a kiosk spools them to disk).
  ~KioskUploader();
  KioskUploader(const KioskUploader&) = delete;
  KioskUploader& operator=(const KioskUploader&) = delete;

  /// Stops uploading at once: cancels the stream and wakes any add_frame that waits for room.
  void stop();
  /// Starts a session (its id must be new or one this kiosk owns).
  void open(const v1::SessionStart& start);
  /// Queues a frame and returns the sequence number it was given. Waits while the spool is full.
  std::uint64_t add_frame(const std::string& session_id, v1::FrameRecord frame);
  /// Ends a session after its frames.
  void close(const std::string& session_id, const v1::SessionSummary& summary, std::int64_t ended_unix_ms);
  /// Waits until the hub confirms the close; false on timeout or a fatal error.
  bool wait_closed(const std::string& session_id, std::chrono::milliseconds timeout);
  /// The highest sequence number the hub has acknowledged for a session.
  [[nodiscard]] std::uint64_t acked_seq(const std::string& session_id) const;
  [[nodiscard]] UploaderStats stats() const;

 private:
  enum class Phase { kNeedsOpen, kAwaitingResume, kStreaming, kClosed };
  struct Session {
    v1::SessionStart start;
    Phase phase = Phase::kNeedsOpen;
    std::deque<v1::FrameRecord> spool;  ///< unacknowledged frames, by seq
    std::uint64_t last_seq = 0;         ///< highest seq given out
    std::uint64_t next_send = 1;
    std::uint64_t acked = 0;
    bool close_requested = false;
    bool close_sent = false;
    v1::CloseSession close;
    std::deque<std::pair<std::uint64_t, std::chrono::steady_clock::time_point>> in_flight;  ///< chunk end → sent
  };

  void run();
  bool has_work_locked() const;
  std::vector<v1::IngestRequest> take_work_locked();
  void handle(const v1::IngestResponse& response);
  void trim_locked(Session& s, std::uint64_t acked);

  std::unique_ptr<v1::KioskIngest::Stub> stub_;
  const UploaderOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, Session> sessions_;
  std::size_t spooled_ = 0;
  bool stop_ = false;
  bool broken_ = false;
  grpc::ClientContext* active_context_ = nullptr;  ///< the stream in progress, for stop()
  UploaderStats stats_;
  std::thread worker_;
};

}  // namespace runform::services
