#include "services/client/frame_spool.h"

#include <algorithm>
#include <stdexcept>

namespace runform::services {

void MemoryFrameSpool::add_session(const v1::SessionStart& start, bool ready) {
  const std::lock_guard lock(mutex_);
  Entry& e = entries_[start.session_id()];
  e.session.start = start;
  e.session.ready = ready;
  e.order = next_order_++;
}

void MemoryFrameSpool::mark_ready(const v1::SessionStart& start) {
  const std::lock_guard lock(mutex_);
  Entry& e = entries_.at(start.session_id());
  e.session.start = start;
  e.session.ready = true;
}

AppendResult MemoryFrameSpool::append(const std::string& session_id, v1::FrameRecord& frame) {
  const std::lock_guard lock(mutex_);
  if (stored_ >= capacity_) return AppendResult::kFull;
  Entry& e = entries_.at(session_id);
  frame.set_seq(++e.session.last_seq);
  e.frames.push_back(frame);
  ++stored_;
  return AppendResult::kAppended;
}

void MemoryFrameSpool::set_close(const v1::CloseSession& close) {
  const std::lock_guard lock(mutex_);
  entries_.at(close.session_id()).session.close = close;
}

std::vector<v1::FrameRecord> MemoryFrameSpool::read(const std::string& session_id, std::uint64_t from_seq,
                                                    std::size_t max_count) const {
  const std::lock_guard lock(mutex_);
  std::vector<v1::FrameRecord> out;
  const auto it = entries_.find(session_id);
  if (it == entries_.end() || it->second.frames.empty()) return out;
  const auto& frames = it->second.frames;
  const std::uint64_t front = frames.front().seq();
  // Asking below the front (frames already acknowledged and dropped) starts at the front.
  const std::size_t offset = from_seq <= front ? 0 : static_cast<std::size_t>(std::min<std::uint64_t>(from_seq - front, frames.size()));
  for (std::size_t i = offset; i < frames.size() && out.size() < max_count; ++i) out.push_back(frames[i]);
  return out;
}

std::vector<v1::FrameRecord> MemoryFrameSpool::read_all(const std::string& session_id) const {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(session_id);
  if (it == entries_.end()) return {};
  return {it->second.frames.begin(), it->second.frames.end()};
}

void MemoryFrameSpool::set_acked(const std::string& session_id, std::uint64_t acked_seq) {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(session_id);
  if (it == entries_.end()) return;
  Entry& e = it->second;
  e.session.acked_seq = std::max(e.session.acked_seq, std::min(acked_seq, e.session.last_seq));
  while (!e.frames.empty() && e.frames.front().seq() <= e.session.acked_seq) {
    e.frames.pop_front();
    --stored_;
  }
}

void MemoryFrameSpool::remove(const std::string& session_id) {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(session_id);
  if (it == entries_.end()) return;
  stored_ -= it->second.frames.size();
  entries_.erase(it);
}

bool MemoryFrameSpool::set_refused(const std::string& session_id, const SessionRefusal& refusal) {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(session_id);
  if (it == entries_.end()) return false;
  it->second.session.refusal = refusal;
  return true;
}

bool MemoryFrameSpool::clear_refused(const std::string& session_id) {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(session_id);
  if (it == entries_.end()) return false;
  it->second.session.refusal.reset();
  return true;
}

std::vector<SpooledSession> MemoryFrameSpool::sessions() const {
  const std::lock_guard lock(mutex_);
  std::vector<const Entry*> order;
  for (const auto& [id, e] : entries_) order.push_back(&e);
  std::sort(order.begin(), order.end(), [](const Entry* a, const Entry* b) { return a->order < b->order; });
  std::vector<SpooledSession> out;
  for (const Entry* e : order) out.push_back(e->session);
  return out;
}

std::uint64_t MemoryFrameSpool::stored_frames() const {
  const std::lock_guard lock(mutex_);
  return stored_;
}

std::uint64_t MemoryFrameSpool::backlog_frames() const { return stored_frames(); }

}  // namespace runform::services
