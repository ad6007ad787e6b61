// LiveQueue: one live watcher's bounded queue of frame batches. When the watcher reads too
// slowly the oldest batches are dropped (a live view wants the newest frames) and counted.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "runform/v1/frames.pb.h"

namespace runform::services {

/// Frames of one session that arrived together, shared by every watcher that gets them.
struct LiveBatch {
  std::shared_ptr<const v1::SessionStart> session;
  std::vector<v1::FrameRecord> frames;
  bool closed = false;  ///< the session ended (no frames)
};

class LiveQueue {
 public:
  explicit LiveQueue(std::size_t max_frames) : max_frames_(max_frames) {}

  /// Adds a batch, dropping the oldest batches while the queue holds more than max_frames.
  void push(std::shared_ptr<const LiveBatch> batch) {
    frames_ += weight(*batch);
    batches_.push_back(std::move(batch));
    while (frames_ > max_frames_ && batches_.size() > 1) {
      const std::size_t w = weight(*batches_.front());
      frames_ -= w;
      dropped_frames_ += batches_.front()->frames.size();
      batches_.pop_front();
    }
  }
  /// The oldest batch, if any.
  std::optional<std::shared_ptr<const LiveBatch>> pop() {
    if (batches_.empty()) return std::nullopt;
    auto batch = std::move(batches_.front());
    batches_.pop_front();
    frames_ -= weight(*batch);
    return batch;
  }
  /// Removes the batches of the given sessions (their data was erased); not counted as dropped.
  template <typename SessionIdSet>
  void remove_sessions(const SessionIdSet& session_ids) {
    std::erase_if(batches_, [&](const std::shared_ptr<const LiveBatch>& b) {
      if (!session_ids.contains(b->session->session_id())) return false;
      frames_ -= weight(*b);
      return true;
    });
  }
  [[nodiscard]] std::uint64_t dropped_frames() const { return dropped_frames_; }
  [[nodiscard]] std::size_t queued_frames() const { return frames_; }
  [[nodiscard]] bool empty() const { return batches_.empty(); }

 private:
  // A close notice weighs one frame so that a flood of them is bounded too.
  static std::size_t weight(const LiveBatch& b) { return b.frames.empty() ? 1 : b.frames.size(); }

  std::size_t max_frames_;
  std::size_t frames_ = 0;
  std::uint64_t dropped_frames_ = 0;
  std::deque<std::shared_ptr<const LiveBatch>> batches_;
};

}  // namespace runform::services
