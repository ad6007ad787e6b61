#include "services/client/kiosk_uploader.h"

#include <grpcpp/client_context.h>

#include <algorithm>
#include <random>

namespace runform::services {

namespace {

// Errors that a retry cannot fix: the hub judged our data itself, not the connection.
bool is_fatal(grpc::StatusCode code) {
  return code == grpc::StatusCode::INVALID_ARGUMENT || code == grpc::StatusCode::ALREADY_EXISTS ||
         code == grpc::StatusCode::PERMISSION_DENIED || code == grpc::StatusCode::UNAUTHENTICATED ||
         code == grpc::StatusCode::UNIMPLEMENTED;
}

}  // namespace

KioskUploader::KioskUploader(std::shared_ptr<grpc::Channel> channel, UploaderOptions options)
    : stub_(v1::KioskIngest::NewStub(std::move(channel))), options_(std::move(options)), worker_([this] { run(); }) {}

KioskUploader::~KioskUploader() { stop(); }

void KioskUploader::stop() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
    if (active_context_ != nullptr) active_context_->TryCancel();  // unblocks a Write in progress
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void KioskUploader::open(const v1::SessionStart& start) {
  {
    const std::lock_guard lock(mutex_);
    Session& s = sessions_[start.session_id()];
    s.start = start;
  }
  changed_.notify_all();
}

std::uint64_t KioskUploader::add_frame(const std::string& session_id, v1::FrameRecord frame) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return spooled_ < options_.max_spool_frames || stop_ || !stats_.fatal_error.empty(); });
  Session& s = sessions_.at(session_id);
  frame.set_seq(++s.last_seq);
  s.spool.push_back(std::move(frame));
  ++spooled_;
  const std::uint64_t seq = s.last_seq;
  lock.unlock();
  changed_.notify_all();
  return seq;
}

void KioskUploader::close(const std::string& session_id, const v1::SessionSummary& summary,
                          std::int64_t ended_unix_ms) {
  {
    const std::lock_guard lock(mutex_);
    Session& s = sessions_.at(session_id);
    s.close_requested = true;
    s.close.set_session_id(session_id);
    s.close.set_last_seq(s.last_seq);
    *s.close.mutable_summary() = summary;
    s.close.set_ended_unix_ms(ended_unix_ms);
  }
  changed_.notify_all();
}

bool KioskUploader::wait_closed(const std::string& session_id, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] {
    const auto it = sessions_.find(session_id);
    return !stats_.fatal_error.empty() || (it != sessions_.end() && it->second.phase == Phase::kClosed);
  }) && stats_.fatal_error.empty();
}

std::uint64_t KioskUploader::acked_seq(const std::string& session_id) const {
  const std::lock_guard lock(mutex_);
  const auto it = sessions_.find(session_id);
  return it == sessions_.end() ? 0 : it->second.acked;
}

UploaderStats KioskUploader::stats() const {
  const std::lock_guard lock(mutex_);
  UploaderStats s = stats_;
  s.spooled_frames = spooled_;
  return s;
}

bool KioskUploader::has_work_locked() const {
  for (const auto& [id, s] : sessions_) {
    if (s.phase == Phase::kNeedsOpen) return true;
    if (s.phase != Phase::kStreaming) continue;
    if (s.next_send <= s.last_seq) return true;
    if (s.close_requested && !s.close_sent) return true;
  }
  return false;
}

std::vector<v1::IngestRequest> KioskUploader::take_work_locked() {
  std::vector<v1::IngestRequest> out;
  const auto now = std::chrono::steady_clock::now();
  for (auto& [id, s] : sessions_) {
    if (s.phase == Phase::kNeedsOpen) {
      *out.emplace_back().mutable_open()->mutable_start() = s.start;
      s.phase = Phase::kAwaitingResume;
      continue;
    }
    if (s.phase != Phase::kStreaming) continue;
    if (s.next_send <= s.last_seq && !s.spool.empty()) {
      // The spool starts at the oldest unacknowledged frame; next_send is at or after it.
      const std::uint64_t offset = s.next_send - s.spool.front().seq();
      const std::size_t count = std::min<std::size_t>(options_.max_chunk_frames, s.spool.size() - offset);
      auto* chunk = out.emplace_back().mutable_chunk();
      chunk->set_session_id(id);
      for (std::size_t i = 0; i < count; ++i) *chunk->add_frames() = s.spool[offset + i];
      s.next_send += count;
      s.in_flight.emplace_back(s.next_send - 1, now);
      stats_.frames_sent += count;
    }
    if (s.close_requested && !s.close_sent && s.next_send > s.last_seq) {
      *out.emplace_back().mutable_close() = s.close;
      s.close_sent = true;
    }
  }
  return out;
}

void KioskUploader::trim_locked(Session& s, std::uint64_t acked) {
  while (!s.spool.empty() && s.spool.front().seq() <= acked) {
    s.spool.pop_front();
    --spooled_;
  }
  if (acked > s.acked) {
    stats_.frames_acked += acked - s.acked;
    s.acked = acked;
  }
}

void KioskUploader::handle(const v1::IngestResponse& response) {
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::chrono::nanoseconds> latencies;
  {
    const std::lock_guard lock(mutex_);
    if (response.has_resume()) {
      const auto& r = response.resume();
      const auto it = sessions_.find(r.session_id());
      if (it == sessions_.end()) return;
      Session& s = it->second;
      trim_locked(s, r.next_seq() - 1);
      s.next_send = r.next_seq();
      s.in_flight.clear();
      s.phase = r.closed() ? Phase::kClosed : Phase::kStreaming;
    } else if (response.has_ack()) {
      const auto& a = response.ack();
      const auto it = sessions_.find(a.session_id());
      if (it == sessions_.end()) return;
      Session& s = it->second;
      trim_locked(s, a.acked_seq());
      while (!s.in_flight.empty() && s.in_flight.front().first <= a.acked_seq()) {
        latencies.push_back(now - s.in_flight.front().second);
        s.in_flight.pop_front();
      }
    } else if (response.has_closed()) {
      const auto it = sessions_.find(response.closed().session_id());
      if (it == sessions_.end()) return;
      trim_locked(it->second, it->second.last_seq);
      it->second.phase = Phase::kClosed;
    }
  }
  changed_.notify_all();
  if (options_.on_ack_latency) {
    for (const auto l : latencies) options_.on_ack_latency(l);
  }
}

void KioskUploader::run() {
  std::chrono::milliseconds backoff = options_.backoff_initial;
  std::mt19937 jitter(std::random_device{}());
  while (true) {
    grpc::ClientContext context;
    {
      std::unique_lock lock(mutex_);
      // Nothing to do until there is a session that is not closed.
      changed_.wait(lock, [&] {
        return stop_ || std::any_of(sessions_.begin(), sessions_.end(),
                                    [](const auto& kv) { return kv.second.phase != Phase::kClosed; });
      });
      if (stop_) return;
      broken_ = false;
      for (auto& [id, s] : sessions_) {
        if (s.phase == Phase::kClosed) continue;
        s.phase = Phase::kNeedsOpen;  // every (re)connection starts by reopening
        s.close_sent = false;
      }
      ++stats_.connections;
      active_context_ = &context;
    }
    auto stream = stub_->Ingest(&context);
    std::thread reader([&] {
      v1::IngestResponse response;
      bool any = false;
      while (stream->Read(&response)) {
        any = true;
        handle(response);
      }
      {
        const std::lock_guard lock(mutex_);
        broken_ = true;
        if (any) backoff = options_.backoff_initial;  // the connection worked: retry quickly
      }
      changed_.notify_all();
    });
    while (true) {
      std::vector<v1::IngestRequest> work;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stop_ || broken_ || has_work_locked(); });
        if (stop_ || broken_) break;
        work = take_work_locked();
      }
      bool written = true;
      for (const auto& request : work) {
        if (!stream->Write(request)) {
          written = false;
          break;
        }
      }
      if (!written) break;
    }
    context.TryCancel();
    reader.join();
    const grpc::Status status = stream->Finish();
    std::unique_lock lock(mutex_);
    active_context_ = nullptr;
    if (stop_) return;
    if (!status.ok()) {
      stats_.last_error = status.error_message();
      if (is_fatal(status.error_code())) {
        stats_.fatal_error = status.error_message();
        changed_.notify_all();
        return;
      }
    }
    // Exponential backoff with jitter so that a restarted hub is not hit by every kiosk at once.
    const auto wait = std::chrono::milliseconds(
        std::uniform_int_distribution<std::int64_t>(backoff.count() / 2, backoff.count())(jitter));
    changed_.wait_for(lock, wait, [&] { return stop_; });
    if (stop_) return;
    backoff = std::min(backoff * 2, options_.backoff_max);
  }
}

}  // namespace runform::services
