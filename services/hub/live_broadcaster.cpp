#include "services/hub/live_broadcaster.h"

#include <algorithm>
#include <mutex>

namespace runform::services {

LiveBroadcaster::LiveBroadcaster(std::size_t max_subscribers, std::chrono::milliseconds linger)
    : max_subscribers_(max_subscribers), linger_(linger), ticker_([this] { tick_loop(); }) {}

LiveBroadcaster::~LiveBroadcaster() {
  {
    const std::lock_guard lock(tick_mutex_);
    stopping_ = true;
  }
  tick_stop_.notify_all();
  ticker_.join();
}

void LiveBroadcaster::tick_loop() {
  std::unique_lock lock(tick_mutex_);
  while (!tick_stop_.wait_for(lock, linger_, [this] { return stopping_; })) {
    flush_now();
  }
}

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

void LiveBroadcaster::forget_sessions(const std::unordered_set<std::string>& session_ids) const {
  if (session_ids.empty()) return;
  std::vector<std::shared_ptr<LiveSubscriber>> all;
  {
    const std::shared_lock lock(mutex_);
    all = subscribers_;
  }
  for (const auto& s : all) s->forget(session_ids);
}

void LiveBroadcaster::flush_now() const {
  std::vector<std::shared_ptr<LiveSubscriber>> all;
  {
    const std::shared_lock read(mutex_);
    all = subscribers_;
  }
  for (const auto& s : all) s->flush();
}

std::size_t LiveBroadcaster::size() const {
  const std::shared_lock lock(mutex_);
  return subscribers_.size();
}

}  // namespace runform::services
