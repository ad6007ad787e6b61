// SessionRegistry: the hub's in-memory state of the sessions that ingest streams are working on.
// It decides, under one lock, what each chunk means: new frames, duplicates (ignored and
// counted), a gap, or a frame with no open session. Entries leave when no stream owns them
// and nothing of theirs is waiting to commit, so memory follows the active sessions only.
#pragma once

#include <grpcpp/support/status.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runform/v1/frames.pb.h"
#include "services/store/session_store.h"

namespace runform::services {

/// Which part of a chunk is new.
struct ChunkVerdict {
  int first_new = 0;                 ///< index of the first frame not stored before
  std::uint64_t duplicates = 0;      ///< frames of this chunk at or below the received sequence
  std::uint64_t total_duplicates = 0;  ///< for the session since it was opened on this stream
  std::uint64_t stored_seq = 0;      ///< durably stored before this chunk
  std::shared_ptr<const v1::SessionStart> start;
};

/// Where the kiosk resumes after an open.
struct ResumePoint {
  std::uint64_t next_seq = 1;
  bool closed = false;
};

class SessionRegistry {
 public:
  /// owner identifies a stream; it is only compared, never dereferenced.
  using Owner = const void*;

  SessionRegistry(SessionStore& store, std::size_t max_open_sessions_per_kiosk);

  /// Claims a session for a stream. ALREADY_EXISTS if the id belongs to another kiosk,
  /// ABORTED if another stream is streaming it (on this hub, or on another hub sharing the
  /// store), RESOURCE_EXHAUSTED over the kiosk's limit, UNAVAILABLE if the store cannot say.
  grpc::Status claim(const v1::SessionStart& start, Owner owner);
  /// After the open committed: the resume point, and the stream may now send frames.
  ResumePoint opened(const std::string& session_id, Owner owner);
  /// Releases every session the stream owns (the stream ended).
  void release(Owner owner);

  /// The start of a session this stream has opened and been told to resume, or null.
  std::shared_ptr<const v1::SessionStart> start_of(const std::string& session_id, Owner owner) const;
  /// Judges a chunk. OK with the verdict, or NOT_FOUND (unknown session), FAILED_PRECONDITION
  /// (not opened on this stream, or closed), OUT_OF_RANGE (gap), INVALID_ARGUMENT (time going
  /// backwards). On OK with new frames, the session's received sequence advances.
  grpc::Status accept_chunk(const std::string& session_id, Owner owner,
                            const google::protobuf::RepeatedPtrField<v1::FrameRecord>& frames, ChunkVerdict& verdict);
  /// After the frames up to last_seq committed (or failed): returns the stored sequence.
  std::uint64_t append_committed(const std::string& session_id, std::uint64_t last_seq, bool ok);

  /// Judges a close. already_closed is set when the session was closed before (idempotent); a
  /// close sent again while the first is being committed is UNAVAILABLE (retry shortly).
  grpc::Status accept_close(const std::string& session_id, Owner owner, std::uint64_t last_seq, bool& already_closed,
                            std::shared_ptr<const v1::SessionStart>& start);
  /// After the close committed (or failed).
  void close_committed(const std::string& session_id, bool ok);

  /// An athlete's sessions held in memory when their erasure began, and the streams owning them.
  struct ErasurePlan {
    std::vector<std::string> session_ids;
    std::vector<Owner> streams;  ///< to be ended (their next chunk or close is ABORTED anyway)
  };
  /// The erasure of an athlete begins: new claims of their sessions are refused (UNAVAILABLE,
  /// retry shortly) and the sessions held in memory are marked erased, so their streams'
  /// next chunk or close is ABORTED. Returns those sessions and the streams that own them.
  ErasurePlan begin_erasure(const std::string& athlete_id);
  /// The erasure is over (done or failed): claims of the athlete are judged again, and erased
  /// entries no stream holds are forgotten.
  void end_erasure(const std::string& athlete_id);

  /// Sessions currently held in memory (for tests and stats).
  [[nodiscard]] std::size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<const v1::SessionStart> start;
    std::uint64_t received_seq = 0;  ///< accepted into the commit queue
    std::int64_t received_t_us = 0;
    std::uint64_t stored_seq = 0;    ///< durably committed
    std::int64_t stored_t_us = 0;
    bool closed = false;
    bool close_pending = false;
    bool resumed = false;            ///< the owner has been told where to resume
    std::uint64_t duplicates = 0;
    Owner owner = nullptr;
    int pending = 0;                 ///< operations queued for commit
    bool club_owned = false;         ///< this hub holds the store's club-wide ownership
    bool erased = false;             ///< the athlete's data was erased: nothing more is accepted
  };

  grpc::Status missing(const std::string& session_id) const;
  void forget_if_idle(std::unordered_map<std::string, Entry>::iterator it);
  /// Gives back what the claim let go of, then returns result.
  grpc::Status finish_claim(std::unique_lock<std::mutex>& lock, grpc::Status result);
  /// Ids whose club-wide ownership forget_if_idle let go of; call under the lock.
  std::vector<std::string> take_unowned();
  /// Gives club-wide ownership back to the store; call without the lock (a database round trip).
  void give_back(const std::vector<std::string>& session_ids);

  SessionStore& store_;
  const std::size_t max_open_per_kiosk_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::vector<std::string> to_give_back_;  ///< filled by forget_if_idle, emptied by take_unowned
  std::unordered_set<std::string> erasing_;  ///< athletes whose erasure is under way
};

}  // namespace runform::services
