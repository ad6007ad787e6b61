// FrameSpool: where a kiosk keeps what it recorded until the hub has it. The uploader reads
// from it and tells it what the hub acknowledged; the recorder appends to it. Two backends:
// MemoryFrameSpool (tests, load generation) and SqliteFrameSpool (the kiosk's disk spool, which
// survives a restart). Every method is safe from any thread.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "runform/v1/ingest.pb.h"

namespace runform::services {

/// The hub refused a session's data (an id another kiosk used, a frame its validation rejects):
/// the session is set aside — kept, never resent on its own — until staff retry it.
struct SessionRefusal {
  std::string hub_message;       ///< the hub's words
  std::int64_t refused_unix_ms = 0;  ///< when (wall clock)
};

/// One session as the spool holds it.
struct SpooledSession {
  v1::SessionStart start;
  std::uint64_t last_seq = 0;   ///< highest sequence number recorded
  std::uint64_t acked_seq = 0;  ///< highest sequence number the hub acknowledged
  /// Ready to upload: its start (baseline, view) is final. A session still calibrating is not.
  bool ready = true;
  std::optional<v1::CloseSession> close;  ///< set once the session ended on the kiosk
  std::optional<SessionRefusal> refusal;  ///< set while the session is set aside as refused
};

/// Outcome of an append.
enum class AppendResult { kAppended, kFull };

class FrameSpool {
 public:
  virtual ~FrameSpool() = default;
  /// Adds a session (its id must be new to the spool).
  virtual void add_session(const v1::SessionStart& start, bool ready) = 0;
  /// Replaces a session's start (the baseline arrived) and marks it ready.
  virtual void mark_ready(const v1::SessionStart& start) = 0;
  /// Gives the frame the session's next sequence number and keeps it; kFull (nothing stored)
  /// when the spool is at its bound. Never waits.
  virtual AppendResult append(const std::string& session_id, v1::FrameRecord& frame) = 0;
  /// Records the session's end.
  virtual void set_close(const v1::CloseSession& close) = 0;
  /// Up to `max_count` frames of a session from `from_seq` on, in order (fewer when the spool
  /// holds fewer). Frames at or below the acknowledged seq may already be gone.
  virtual std::vector<v1::FrameRecord> read(const std::string& session_id, std::uint64_t from_seq,
                                            std::size_t max_count) const = 0;
  /// Every frame still held for a session (for rebuilding an interrupted session's summary).
  virtual std::vector<v1::FrameRecord> read_all(const std::string& session_id) const = 0;
  /// The hub acknowledged frames up to `acked_seq`.
  virtual void set_acked(const std::string& session_id, std::uint64_t acked_seq) = 0;
  /// The hub confirmed the close: the session and its frames leave the spool.
  virtual void remove(const std::string& session_id) = 0;
  /// Sets a session aside as refused by the hub (nothing is dropped); false if no such session.
  virtual bool set_refused(const std::string& session_id, const SessionRefusal& refusal) = 0;
  /// Takes a refused session back into the upload (staff retry); false if no such session.
  virtual bool clear_refused(const std::string& session_id) = 0;
  /// Every session held, oldest first.
  [[nodiscard]] virtual std::vector<SpooledSession> sessions() const = 0;
  /// Frames held (acknowledged or not) — what counts against the bound.
  [[nodiscard]] virtual std::uint64_t stored_frames() const = 0;
  /// Frames not yet acknowledged by the hub.
  [[nodiscard]] virtual std::uint64_t backlog_frames() const = 0;
  /// The bound on stored frames.
  [[nodiscard]] virtual std::uint64_t capacity_frames() const = 0;
};

/// A spool in memory: frames at or below the acknowledged seq are dropped at once.
class MemoryFrameSpool final : public FrameSpool {
 public:
  explicit MemoryFrameSpool(std::uint64_t capacity_frames) : capacity_(capacity_frames) {}
  void add_session(const v1::SessionStart& start, bool ready) override;
  void mark_ready(const v1::SessionStart& start) override;
  AppendResult append(const std::string& session_id, v1::FrameRecord& frame) override;
  void set_close(const v1::CloseSession& close) override;
  std::vector<v1::FrameRecord> read(const std::string& session_id, std::uint64_t from_seq,
                                    std::size_t max_count) const override;
  std::vector<v1::FrameRecord> read_all(const std::string& session_id) const override;
  void set_acked(const std::string& session_id, std::uint64_t acked_seq) override;
  void remove(const std::string& session_id) override;
  bool set_refused(const std::string& session_id, const SessionRefusal& refusal) override;
  bool clear_refused(const std::string& session_id) override;
  [[nodiscard]] std::vector<SpooledSession> sessions() const override;
  [[nodiscard]] std::uint64_t stored_frames() const override;
  [[nodiscard]] std::uint64_t backlog_frames() const override;
  [[nodiscard]] std::uint64_t capacity_frames() const override { return capacity_; }

 private:
  struct Entry {
    SpooledSession session;
    std::deque<v1::FrameRecord> frames;  // unacknowledged, in seq order
    std::uint64_t order = 0;
  };
  const std::uint64_t capacity_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::uint64_t stored_ = 0;
  std::uint64_t next_order_ = 0;
};

}  // namespace runform::services
