// KioskUploader: the kiosk's side of KioskIngest. It keeps every frame in a FrameSpool until the
// hub has acknowledged it, reconnects with exponential backoff when the stream breaks, reopens
// its sessions, and resumes from the hub's resume point — so nothing is lost or stored twice.
// It never trusts the hub: a resume point or acknowledgement the spool cannot honour ends that
// session's upload with a clear error (the frames stay in the spool), never a crash. A kiosk that
// knows several hubs (one channel each, host names or IPs, TLS) stays on one until it cannot be
// reached, then moves to the next and resumes there: the hubs share their store.
// A refusal never stops the kiosk's uploads (hub_refusal.h): a session whose data the hub
// refuses is set aside in the spool (kept, marked with the hub's words, never resent on its own
// until retry_refused) and the others go on; a refused credential, an older hub, or a refusal
// naming no session pause every upload and are retried every refused_retry_interval.
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "runform/v1/ingest.grpc.pb.h"
#include "services/client/frame_spool.h"

namespace runform::services {

/// Upload behaviour.
struct UploaderOptions {
  std::size_t max_chunk_frames = 64;       ///< frames per FrameChunk
  std::size_t max_spool_frames = 1 << 16;  ///< the in-memory spool's bound; add_frame waits beyond
  std::chrono::milliseconds backoff_initial{50};
  std::chrono::milliseconds backoff_max{2000};
  /// The slow retry while the hub refuses this kiosk's credential or lacks the ingest service:
  /// a re-enrolled credential or an upgraded hub is picked up within this, without a restart.
  std::chrono::milliseconds refused_retry_interval{30'000};
  /// Wall-clock time in ms since the epoch, for the time a refused session is marked with.
  std::function<std::int64_t()> wall_clock_ms;
  /// Called with the time from sending a chunk to its acknowledgement (from the worker threads).
  std::function<void(std::chrono::nanoseconds)> on_ack_latency;
  /// Called with each acknowledgement as it arrives: the session and its highest durable seq.
  std::function<void(const std::string& session_id, std::uint64_t acked_seq)> on_acked;
};

/// Figures for the kiosk's status bar and the load generator.
struct UploaderStats {
  std::uint64_t frames_sent = 0;   ///< including re-sends after a reconnect
  std::uint64_t frames_acked = 0;
  std::uint64_t connections = 0;   ///< streams opened (1 + reconnects)
  std::uint64_t spooled_frames = 0;  ///< not yet acknowledged
  bool online = false;             ///< the hub answered on the current stream, or the channel is connected
  std::string last_error;          ///< the latest stream or session error, for the status bar
  /// Set while every upload waits on the hub (it refused this kiosk's credential, is an older
  /// release, or refused data without naming the session): what is wrong and what to do.
  std::string paused_reason;
  bool credential_refused = false;  ///< the pause is the hub refusing this kiosk's credential (re-enrol)
  std::uint64_t sessions_refused = 0;  ///< sessions set aside because the hub refused their data
  std::string last_refusal;        ///< the latest such refusal: the session and the hub's words
  std::size_t hub_index = 0;       ///< which of the hubs it is using (index into the channels given)
  std::uint64_t hub_moves = 0;     ///< times it moved to the next hub because its hub was unreachable
};

/// Where one session's upload stands.
struct SessionUploadState {
  bool known = false;              ///< the uploader has (or had) this session
  std::uint64_t recorded = 0;      ///< highest seq recorded
  std::uint64_t acked = 0;         ///< highest seq the hub acknowledged
  bool closed = false;             ///< the hub confirmed the close
  std::string error;               ///< the upload of this session stopped, and why
  bool refused = false;            ///< the hub refused its data: set aside in the spool (error says why)
};

class KioskUploader {
 public:
  /// An uploader with its own in-memory spool (bounded by options.max_spool_frames).
  KioskUploader(std::shared_ptr<grpc::Channel> channel, UploaderOptions options = {});
  /// An uploader over a spool it does not own (a kiosk's disk spool); every session the spool
  /// holds is uploaded, the ones left by an earlier run included.
  KioskUploader(std::shared_ptr<grpc::Channel> channel, FrameSpool& spool, UploaderOptions options = {});
  /// Several hubs of one club, in order of preference (one channel each): the uploader uses the
  /// first and moves to the next when a stream to its hub ends without the hub having answered.
  KioskUploader(std::vector<std::shared_ptr<grpc::Channel>> hubs, FrameSpool& spool, UploaderOptions options = {});
  /// The same with its own in-memory spool.
  KioskUploader(std::vector<std::shared_ptr<grpc::Channel>> hubs, UploaderOptions options = {});
  /// Stops at once; unacknowledged frames stay in the spool (gone with an in-memory one).
  ~KioskUploader();
  KioskUploader(const KioskUploader&) = delete;
  KioskUploader& operator=(const KioskUploader&) = delete;

  /// Stops uploading at once: cancels the stream and wakes any add_frame that waits for room.
  void stop();
  /// Starts a session (its id must be new or one this kiosk owns). A session that is not
  /// `ready` is recorded but not opened on the hub until mark_ready() gives its final start.
  void open(const v1::SessionStart& start, bool ready = true);
  /// Gives a session its final start (with the baseline) and lets it upload.
  void mark_ready(const v1::SessionStart& start);
  /// Queues a frame and returns the sequence number it was given. Waits while the spool is full.
  std::uint64_t add_frame(const std::string& session_id, v1::FrameRecord frame);
  /// Queues a frame without ever waiting: nullopt (nothing kept) when the spool is full.
  std::optional<std::uint64_t> try_add_frame(const std::string& session_id, v1::FrameRecord frame);
  /// Ends a session after its frames.
  void close(const std::string& session_id, const v1::SessionSummary& summary, std::int64_t ended_unix_ms);
  /// Waits until the hub confirms the close; false on timeout, a refusal or a session error.
  bool wait_closed(const std::string& session_id, std::chrono::milliseconds timeout);
  /// Takes a session the hub refused back into the upload (after staff fixed the cause);
  /// false if the uploader holds no refused session of that id.
  bool retry_refused(const std::string& session_id);
  /// The highest sequence number the hub has acknowledged for a session.
  [[nodiscard]] std::uint64_t acked_seq(const std::string& session_id) const;
  /// Where a session's upload stands.
  [[nodiscard]] SessionUploadState session_state(const std::string& session_id) const;
  /// Sessions not yet confirmed closed by the hub (failed ones included).
  [[nodiscard]] std::size_t pending_sessions() const;
  [[nodiscard]] UploaderStats stats() const;

 private:
  enum class Phase { kNeedsOpen, kAwaitingResume, kStreaming, kClosed, kFailed, kRefused };
  /// A session in such a phase sends nothing more: closed on the hub, failed, or set aside after
  /// the hub refused it.
  static bool uploads_no_more(Phase p);
  struct Session {
    v1::SessionStart start;
    bool ready = true;
    Phase phase = Phase::kNeedsOpen;
    std::uint64_t last_seq = 0;         ///< highest seq in the spool
    std::uint64_t next_send = 1;
    std::uint64_t acked = 0;
    bool close_requested = false;
    bool close_sent = false;
    v1::CloseSession close;
    std::string error;                  ///< why this session's upload stopped (kFailed)
    std::deque<std::pair<std::uint64_t, std::chrono::steady_clock::time_point>> in_flight;  ///< chunk end → sent
  };

  void load_spool();
  void run();
  bool has_work_locked() const;
  std::vector<v1::IngestRequest> take_work_locked();
  void handle(const v1::IngestResponse& response);
  void on_resume_locked(Session& s, const v1::Resume& resume);
  void fail_session_locked(Session& s, const std::string& message);
  void set_aside_locked(const std::string& id, Session& s, const std::string& hub_message);
  /// Whether the worker has a session to open or stream (not closed, failed or refused).
  [[nodiscard]] bool has_uploadable_locked() const;
  /// The session the hub named in its trailers, if this kiosk holds it (else empty).
  [[nodiscard]] std::string refused_session_of(const grpc::ClientContext& context) const;
  void trim_locked(const std::string& id, Session& s, std::uint64_t acked);
  [[nodiscard]] bool spool_has_room() const;

  /// The hub in use (under mutex_); moved to the next by the worker thread only.
  [[nodiscard]] const std::shared_ptr<grpc::Channel>& channel_locked() const { return hubs_[stats_.hub_index]; }

  const std::vector<std::shared_ptr<grpc::Channel>> hubs_;
  std::vector<std::unique_ptr<v1::KioskIngest::Stub>> stubs_;  ///< one per hub
  const UploaderOptions options_;
  std::unique_ptr<FrameSpool> owned_spool_;  ///< the in-memory spool, when none was given
  FrameSpool& spool_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, Session> sessions_;
  bool stop_ = false;
  bool broken_ = false;
  grpc::ClientContext* active_context_ = nullptr;  ///< the stream in progress, for stop()
  UploaderStats stats_;
  std::thread worker_;
};

}  // namespace runform::services
