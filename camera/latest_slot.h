// A one-item mailbox between two threads, MediaPipe's FlowLimiter idea: the producer either
// replaces an item nobody took yet (the stale one is dropped and counted — live cameras) or
// waits for the slot to empty (recordings, where every frame counts). Never more than one item.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

namespace runform::camera {

template <class T>
class LatestSlot {
 public:
  /// Puts an item, dropping (and counting) an untaken one. False once closed.
  bool put_replacing(T item) {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    if (item_) ++dropped_;
    item_ = std::move(item);
    changed_.notify_all();
    return true;
  }
  /// Puts an item once the slot is empty. False once closed.
  bool put_waiting(T item) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || !item_; });
    if (closed_) return false;
    item_ = std::move(item);
    changed_.notify_all();
    return true;
  }
  /// Takes the item, waiting for one; nullopt once closed and empty.
  std::optional<T> take() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || item_; });
    std::optional<T> out = std::move(item_);
    item_.reset();
    changed_.notify_all();
    return out;
  }
  /// No more puts; a waiting take() returns what is left, then nullopt.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }
  /// Items replaced before anyone took them.
  [[nodiscard]] std::uint64_t dropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::optional<T> item_;
  bool closed_ = false;
  std::uint64_t dropped_ = 0;
};

}  // namespace runform::camera
