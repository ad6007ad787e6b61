// ClubFeed: live frames from the other hubs of a club. Hubs sharing a PostgreSQL store announce
// each commit (LISTEN/NOTIFY: session and sequence range); this hub's watchers get frames it
// ingested itself straight from memory (the ingest service publishes them), and the frames
// another hub committed read back from the database here. Per session it remembers the last
// sequence forwarded, so a lost notice is never a lost frame: the next notice, or the catch-up
// after a reconnect, reads everything after that point. The notices of one commit are handled
// together: one read for all their sessions, then the watchers are sent the frames at once
// (they were gathered by the commit already; waiting for the linger tick would add to it).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "runform/v1/frames.pb.h"
#include "services/hub/live_broadcaster.h"
#include "services/store/session_store.h"

namespace runform::services {

class ClubFeed {
 public:
  /// Starts listening on its own thread.
  ClubFeed(SessionStore& store, std::unique_ptr<CommitListener> listener, LiveBroadcaster& live);
  ~ClubFeed();
  ClubFeed(const ClubFeed&) = delete;
  ClubFeed& operator=(const ClubFeed&) = delete;

  /// Frames forwarded from other hubs so far (for stats and tests).
  [[nodiscard]] std::uint64_t forwarded_frames() const { return forwarded_frames_.load(); }

 private:
  struct Tracked {
    std::shared_ptr<const v1::SessionStart> start;  ///< loaded when first needed
    std::int64_t started_unix_ms = 0;
    std::uint64_t forwarded_seq = 0;  ///< frames up to here are with the watchers (or were ours)
    std::uint64_t last_used = 0;      ///< for evicting the longest-idle session
    bool ours = false;                ///< its latest commit was this hub's (ingested here)
  };

  void run();
  /// Handles the notices that arrived together (one commit's, or several).
  void handle(const std::vector<CommitNotice>& notices);
  /// After a reconnect: reads what every tracked session committed while we were not listening.
  void catch_up();
  /// Publishes the stored frames of each session after its forwarded_seq up to up_to[id].
  void forward(const std::vector<std::string>& session_ids, const std::unordered_map<std::string, std::uint64_t>& up_to);
  /// Loads a session's start for its live batches; false if the store does not know it.
  bool load_start(const std::string& session_id, Tracked& t);
  /// The tracked session, loading it from the store when new; null if the store does not know it.
  Tracked* track(const CommitNotice& notice);
  void evict_if_full();

  SessionStore& store_;
  std::unique_ptr<CommitListener> listener_;
  LiveBroadcaster& live_;
  std::unordered_map<std::string, Tracked> sessions_;
  std::uint64_t use_counter_ = 0;
  std::int64_t reconnected_unix_ms_ = 0;  ///< last reconnect (0: none); earlier sessions may have missed notices
  bool catch_up_pending_ = false;
  std::atomic<std::uint64_t> forwarded_frames_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace runform::services
