// SessionStore: durable storage of sessions, their frames, summaries and annotations.
// The store sees frames and summaries as opaque encoded payloads plus the columns it indexes;
// encoding to and from the wire types happens in services/hub/wire_codec.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace runform::services {

/// A session as stored: indexed columns, the encoded start, progress and the encoded summary.
struct StoredSession {
  std::string session_id;
  std::string kiosk_id;
  std::string station_id;
  std::string athlete_id;  ///< empty for a guest
  std::string athlete_name;
  std::int64_t started_unix_ms = 0;
  std::string start_payload;     ///< encoded SessionStart
  std::uint64_t stored_seq = 0;  ///< highest contiguous stored sequence number (0: none)
  std::int64_t last_t_us = 0;    ///< t_us of the frame at stored_seq
  bool closed = false;
  std::int64_t ended_unix_ms = 0;
  std::string summary_payload;   ///< encoded SessionSummary, empty until closed
  /// When the retention policy purged this session's frames (0: its frames are kept). The
  /// session, its start and summary stay; only the frames go.
  std::int64_t frames_purged_unix_ms = 0;
};

/// One stored frame: its sequence number, capture time and the encoded FrameRecord.
struct StoredFrame {
  std::uint64_t seq = 0;
  std::int64_t t_us = 0;
  std::string payload;
  friend bool operator==(const StoredFrame&, const StoredFrame&) = default;
};

/// Frames of one session wanted by a batched read: after_seq < seq ≤ up_to_seq.
struct FrameRange {
  std::string session_id;
  std::uint64_t after_seq = 0;
  std::uint64_t up_to_seq = 0;
};

/// Creates the session if it does not exist; an existing session is left unchanged.
struct OpenOp {
  StoredSession session;
};

/// Appends frames whose sequence numbers continue the session's stored_seq without a gap.
struct AppendOp {
  std::string session_id;
  std::vector<StoredFrame> frames;
};

/// Marks a session closed with its summary.
struct CloseOp {
  std::string session_id;
  std::int64_t ended_unix_ms = 0;
  std::string summary_payload;
};

/// One write of a batch, applied in order.
using WriteOp = std::variant<OpenOp, AppendOp, CloseOp>;

/// Filters for listing sessions; empty strings and zero bounds mean "any".
struct SessionFilter {
  std::string athlete_id;
  std::string station_id;
  std::string kiosk_id;
  std::int64_t started_after_unix_ms = 0;
  std::int64_t started_before_unix_ms = 0;
};

/// Position after the last session of a page, newest first: (started_unix_ms, session_id).
struct SessionCursor {
  std::int64_t started_unix_ms = 0;
  std::string session_id;
};

/// An athlete as seen through their sessions.
struct AthleteRow {
  std::string athlete_id;
  std::string name;  ///< the most recent non-empty display name
  std::uint32_t session_count = 0;
  std::int64_t last_session_unix_ms = 0;
};

/// A note or bookmark at a timestamp of a session.
struct AnnotationRow {
  std::int64_t annotation_id = 0;  ///< set by the store
  std::string session_id;
  std::int64_t t_us = 0;
  int kind = 0;  ///< wire enum value
  std::string author;
  std::string text;
  std::int64_t created_unix_ms = 0;
};

/// What one athlete's erasure removed.
struct ErasureCounts {
  std::uint64_t sessions = 0;
  std::uint64_t frames = 0;
  std::uint64_t annotations = 0;
  std::uint64_t coach_assignments = 0;
};

/// What one retention pass purged.
struct PurgeCounts {
  std::uint64_t sessions = 0;  ///< sessions whose frames went (their summaries stay)
  std::uint64_t frames = 0;
};

/// A storage failure (connection lost, disk full, bad schema). The message says what failed.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A hub sharing the store committed frames of a session (first_seq…last_seq) or closed it.
struct CommitNotice {
  std::string session_id;
  std::uint64_t first_seq = 0;
  std::uint64_t last_seq = 0;
  bool closed = false;
  bool from_this_store = false;  ///< committed through this very store object (this hub)
};

/// Hears the commits of every hub sharing a store, as PostgreSQL LISTEN/NOTIFY delivers them.
class CommitListener {
 public:
  virtual ~CommitListener() = default;
  /// Waits up to timeout and returns the notices that arrived (none on timeout). When the
  /// connection was lost and has been made again, `reconnected` is set: notices sent in
  /// between are lost, and the caller catches up from the stored sequence numbers.
  virtual std::vector<CommitNotice> wait(std::chrono::milliseconds timeout, bool& reconnected) = 0;
};

/// Durable session storage. Implementations are safe to call from several threads; writes are
/// expected from one committer thread at a time.
class SessionStore {
 public:
  virtual ~SessionStore() = default;

  /// Backend name for logs: "sqlite" or "postgresql".
  [[nodiscard]] virtual std::string_view backend() const = 0;
  /// The schema version recorded in the database.
  virtual int schema_version() = 0;
  /// Applies all operations in one transaction; on return they are durable. Throws StoreError
  /// and leaves nothing of the batch behind on failure.
  virtual void write(const std::vector<WriteOp>& ops) = 0;
  /// One session, or nothing if unknown.
  virtual std::optional<StoredSession> session(std::string_view session_id) = 0;
  /// Sessions matching the filter, newest first, after the cursor, at most limit.
  virtual std::vector<StoredSession> list_sessions(const SessionFilter& filter,
                                                   const std::optional<SessionCursor>& after,
                                                   std::size_t limit) = 0;
  /// Closed sessions of one athlete, oldest first.
  virtual std::vector<StoredSession> athlete_sessions(std::string_view athlete_id) = 0;
  /// Athletes ordered by id, after the given id, at most limit.
  virtual std::vector<AthleteRow> list_athletes(std::string_view after_athlete_id, std::size_t limit) = 0;
  /// Frames of a session with seq > after_seq and from_t_us ≤ t_us < to_t_us, in seq order, at
  /// most limit.
  virtual std::vector<StoredFrame> read_frames(std::string_view session_id, std::uint64_t after_seq,
                                               std::int64_t from_t_us, std::int64_t to_t_us,
                                               std::size_t limit) = 0;
  /// The frames of several ranges at once (PostgreSQL: one round trip), one vector per range in
  /// the order given, each in seq order and at most limit_per_range long.
  virtual std::vector<std::vector<StoredFrame>> read_frame_ranges(const std::vector<FrameRange>& ranges,
                                                                  std::size_t limit_per_range) {
    std::vector<std::vector<StoredFrame>> out;
    for (const FrameRange& range : ranges) {
      auto frames = read_frames(range.session_id, range.after_seq, std::numeric_limits<std::int64_t>::min(),
                                std::numeric_limits<std::int64_t>::max(), limit_per_range);
      std::erase_if(frames, [&](const StoredFrame& f) { return f.seq > range.up_to_seq; });
      out.push_back(std::move(frames));
    }
    return out;
  }
  /// Number of stored frames of a session (a check that nothing is stored twice).
  virtual std::uint64_t count_frames(std::string_view session_id) = 0;
  /// Stores an annotation and returns it with its id.
  virtual AnnotationRow add_annotation(AnnotationRow row) = 0;
  /// A session's annotations ordered by t_us.
  virtual std::vector<AnnotationRow> list_annotations(std::string_view session_id) = 0;

  /// Erases everything stored about one athlete in one transaction: their sessions (starts,
  /// summaries, frames), the notes and bookmarks on those sessions and their coach assignments,
  /// and records that `athlete_ref` (an opaque keyed hash of the id, never the id) was erased
  /// at erased_unix_ms, so sessions of the athlete that started before it are never stored
  /// again. Returns what went. Throws StoreError and leaves everything in place on failure.
  virtual ErasureCounts erase_athlete(std::string_view /*athlete_id*/, std::string_view /*athlete_ref*/,
                                      std::int64_t /*erased_unix_ms*/) {
    throw StoreError(std::string(backend()) + ": this store cannot erase athletes");
  }
  /// The latest erasure recorded for athlete_ref, in Unix ms (0: never erased).
  virtual std::int64_t athlete_erased_unix_ms(std::string_view /*athlete_ref*/) { return 0; }
  /// Retention: deletes the frames of at most max_sessions sessions that started before
  /// started_before_unix_ms and still have frames, oldest first, and marks them purged at
  /// purged_unix_ms (their starts and summaries stay). One transaction per call; call again
  /// until it purges nothing.
  virtual PurgeCounts purge_frames(std::int64_t /*started_before_unix_ms*/, std::int64_t /*purged_unix_ms*/,
                                   std::size_t /*max_sessions*/) {
    throw StoreError(std::string(backend()) + ": this store cannot purge frames");
  }
  /// A named secret of this database (the key of athlete references): the stored value, or
  /// `candidate` stored under the name if there was none yet. Every hub sharing the store
  /// gets the same value.
  virtual std::string database_secret(std::string_view /*name*/, std::string_view /*candidate*/) {
    throw StoreError(std::string(backend()) + ": this store keeps no secrets");
  }

  /// True when several hubs may share this store (PostgreSQL); then sessions are owned
  /// club-wide through acquire_ownership. SQLite has one hub per file and needs none of it.
  [[nodiscard]] virtual bool shared_by_hubs() const { return false; }
  /// Club-wide ownership of a session by one of the hubs sharing this store. True when this
  /// hub now holds it (acquires nest: each needs its release), false when another hub holds
  /// it. Ownership between streams of one hub is the session registry's business. Throws
  /// StoreError when the ownership cannot be decided (database unreachable).
  virtual bool acquire_ownership(std::string_view /*session_id*/) { return true; }
  /// Gives back what acquire_ownership took (once per successful acquire). A hub that dies
  /// gives back everything it held without calling this.
  virtual void release_ownership(std::string_view /*session_id*/) {}
  /// Listens for the commits of all hubs sharing the store; null when there are no other hubs
  /// (SQLite). Throws StoreError if the listener cannot connect.
  virtual std::unique_ptr<CommitListener> listen_commits() { return nullptr; }
};

}  // namespace runform::services
