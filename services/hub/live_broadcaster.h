// LiveBroadcaster: fans live frames out to watchers. Publishing never blocks on a watcher:
// each has its own bounded queue (LiveQueue), so a slow dashboard only loses its own frames.
#pragma once

#include <memory>
#include <shared_mutex>
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
};

class LiveBroadcaster {
 public:
  explicit LiveBroadcaster(std::size_t max_subscribers) : max_subscribers_(max_subscribers) {}

  /// Adds a watcher; false when the hub already has max_subscribers.
  bool add(const std::shared_ptr<LiveSubscriber>& subscriber);
  /// Removes a watcher.
  void remove(const LiveSubscriber* subscriber);
  /// Offers a batch to every watcher that wants its session.
  void publish(const std::shared_ptr<const LiveBatch>& batch) const;
  [[nodiscard]] std::size_t size() const;

 private:
  const std::size_t max_subscribers_;
  mutable std::shared_mutex mutex_;
  std::vector<std::shared_ptr<LiveSubscriber>> subscribers_;
};

}  // namespace runform::services
