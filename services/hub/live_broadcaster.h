// LiveBroadcaster: fans live frames out to watchers. Publishing never blocks on a watcher:
// each has its own bounded queue (LiveQueue), so a slow dashboard only loses its own frames.
// Watchers send on a short tick (the linger) rather than per frame: with hundreds of kiosks at
// 30 fps, one update per frame per watcher would cost more than everything else the hub does.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <shared_mutex>
#include <unordered_set>
#include <vector>

#include "services/hub/live_queue.h"

namespace runform::services {

/// A watcher of live sessions.
class LiveSubscriber {
 public:
  virtual ~LiveSubscriber() = default;
  /// Whether this watcher follows the session (by station or athlete).
  [[nodiscard]] virtual bool wants(const v1::SessionStart& session) const = 0;
  /// Takes a batch without blocking.
  virtual void offer(const std::shared_ptr<const LiveBatch>& batch) = 0;
  /// Sends what is queued, if nothing is being sent (called on every linger tick).
  virtual void flush() = 0;
  /// The sessions' data was erased: drop what is queued of them, and tell the watcher they
  /// ended if it knew them.
  virtual void forget(const std::unordered_set<std::string>& /*session_ids*/) {}
};

class LiveBroadcaster {
 public:
  /// linger: how long frames may wait to be sent together (bounded extra latency).
  LiveBroadcaster(std::size_t max_subscribers, std::chrono::milliseconds linger);
  ~LiveBroadcaster();
  LiveBroadcaster(const LiveBroadcaster&) = delete;
  LiveBroadcaster& operator=(const LiveBroadcaster&) = delete;

  /// Adds a watcher; false when the hub already has max_subscribers.
  bool add(const std::shared_ptr<LiveSubscriber>& subscriber);
  /// Removes a watcher.
  void remove(const LiveSubscriber* subscriber);
  /// Offers a batch to every watcher that wants its session.
  void publish(const std::shared_ptr<const LiveBatch>& batch) const;
  /// The sessions' data was erased: every watcher drops what it still holds of them.
  void forget_sessions(const std::unordered_set<std::string>& session_ids) const;
  /// Sends every watcher what it has queued now, without waiting for the linger tick (for
  /// frames that were gathered already, such as a commit read back from another hub).
  void flush_now() const;
  [[nodiscard]] std::size_t size() const;

 private:
  void tick_loop();

  const std::size_t max_subscribers_;
  const std::chrono::milliseconds linger_;
  mutable std::shared_mutex mutex_;
  std::vector<std::shared_ptr<LiveSubscriber>> subscribers_;
  std::mutex tick_mutex_;
  std::condition_variable tick_stop_;
  bool stopping_ = false;
  std::thread ticker_;
};

}  // namespace runform::services
