// GroupCommitter: the single writer in front of the SessionStore. Operations from all ingest
// streams queue here and are committed together, every `interval` or every `max_batch_frames`
// frames, whichever comes first; each operation's callback runs after its batch is durable
// (or has failed). A bounded queue gives back-pressure: submit() says when to stop reading.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "services/store/session_store.h"

namespace runform::services {

/// Commit batching and queue limits.
struct CommitterOptions {
  std::chrono::milliseconds interval{100};  ///< a batch waits at most this long for company
  std::size_t max_batch_frames = 8192;      ///< a batch this large commits at once
  std::size_t max_pending_frames = 65536;   ///< above this, producers are asked to pause
};

/// Counters for logs, the load generator and tests.
struct CommitterStats {
  std::uint64_t batches = 0;
  std::uint64_t frames = 0;
  std::uint64_t failures = 0;
  std::uint64_t unexpected_failures = 0;  ///< failures that were not StoreError
  std::uint64_t callback_failures = 0;    ///< callbacks or space waiters that threw
  std::size_t pending_frames = 0;
  double last_commit_ms = 0.0;
  double max_commit_ms = 0.0;
};

/// Why a batch did not commit. A StoreError is the store refusing or losing the batch (disk
/// full, connection lost, a gap): the kiosk may retry. Anything else (std::bad_alloc, a libpq
/// surprise, a bug) is unexpected: the hub reports it as an internal error.
struct CommitFailure {
  bool unexpected = false;
  std::string message;
};

/// Runs after an operation's batch commits: nullopt on success, else why it failed. Runs on
/// the committer thread; an exception escaping it is logged there and goes no further.
using CommitCallback = std::function<void(const std::optional<CommitFailure>& failure)>;

class GroupCommitter {
 public:
  GroupCommitter(SessionStore& store, CommitterOptions options);
  /// Commits everything still queued, then stops the thread.
  ~GroupCommitter();
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  /// Queues an operation. Returns false when the queue is over its limit: the caller should
  /// stop producing and wait for when_space().
  bool submit(WriteOp op, CommitCallback done);
  /// Calls fn once (on the committer thread) when the queue drops below its limit; at once if
  /// it already is.
  void when_space(std::function<void()> fn);
  /// Commits what is queued now and returns after its callbacks have run.
  void flush();
  [[nodiscard]] CommitterStats stats() const;

 private:
  struct Pending {
    WriteOp op;
    CommitCallback done;
    std::size_t frames;
    std::chrono::steady_clock::time_point queued_at;
  };

  void run();
  void commit(std::vector<Pending>& batch);
  /// Runs fn, logging (and counting) anything it throws instead of letting it end the thread.
  void run_guarded(const char* what, const std::function<void()>& fn);

  SessionStore& store_;
  const CommitterOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable flushed_;
  std::deque<Pending> queue_;
  std::size_t queued_frames_ = 0;
  std::vector<std::function<void()>> space_waiters_;
  std::uint64_t flush_requested_ = 0;
  std::uint64_t flush_done_ = 0;
  bool stopping_ = false;
  CommitterStats stats_;
  std::thread thread_;
};

}  // namespace runform::services
