#include "services/hub/live_broadcaster.h"

#include <algorithm>
#include <mutex>

namespace runform::services {

bool LiveBroadcaster::add(const std::shared_ptr<LiveSubscriber>& subscriber) {
  const std::unique_lock lock(mutex_);
  if (subscribers_.size() >= max_subscribers_) return false;
  subscribers_.push_back(subscriber);
  return true;
}

void LiveBroadcaster::remove(const LiveSubscriber* subscriber) {
  const std::unique_lock lock(mutex_);
  std::erase_if(subscribers_, [&](const auto& s) { return s.get() == subscriber; });
}

void LiveBroadcaster::publish(const std::shared_ptr<const LiveBatch>& batch) const {
  const std::shared_lock lock(mutex_);
  for (const auto& s : subscribers_) {
    if (s->wants(*batch->session)) s->offer(batch);
  }
}

std::size_t LiveBroadcaster::size() const {
  const std::shared_lock lock(mutex_);
  return subscribers_.size();
}

}  // namespace runform::services
