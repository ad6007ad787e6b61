#include "services/client/kiosk_uploader.h"

#include <grpcpp/client_context.h>

#include "services/client/hub_refusal.h"

#include <algorithm>
#include <random>
#include <stdexcept>

namespace runform::services {

namespace {

std::int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// What every upload waits on, in words for the status bar: what is wrong and what to do.
std::string paused_words(RefusalKind kind, const std::string& hub_message) {
  switch (kind) {
    case RefusalKind::kCredential:
      return "the hub refused this station's credential: re-enrol the kiosk (hub said: " + hub_message +
             "); everything stays spooled";
    case RefusalKind::kHubTooOld:
      return "the hub does not take uploads (an older release?): upgrade the hub (hub said: " + hub_message +
             "); everything stays spooled";
    default:
      return "the hub refused an upload without naming the session: check the hub's log (hub said: " +
             hub_message + "); everything stays spooled";
  }
}

std::vector<std::unique_ptr<v1::KioskIngest::Stub>> stubs_for(const std::vector<std::shared_ptr<grpc::Channel>>& hubs) {
  if (hubs.empty()) throw std::invalid_argument("the kiosk uploader needs at least one hub");
  std::vector<std::unique_ptr<v1::KioskIngest::Stub>> stubs;
  for (const auto& channel : hubs) stubs.push_back(v1::KioskIngest::NewStub(channel));
  return stubs;
}

}  // namespace

KioskUploader::KioskUploader(std::shared_ptr<grpc::Channel> channel, UploaderOptions options)
    : KioskUploader(std::vector{std::move(channel)}, options) {}

KioskUploader::KioskUploader(std::shared_ptr<grpc::Channel> channel, FrameSpool& spool, UploaderOptions options)
    : KioskUploader(std::vector{std::move(channel)}, spool, options) {}

KioskUploader::KioskUploader(std::vector<std::shared_ptr<grpc::Channel>> hubs, UploaderOptions options)
    : hubs_(std::move(hubs)),
      stubs_(stubs_for(hubs_)),
      options_(std::move(options)),
      owned_spool_(std::make_unique<MemoryFrameSpool>(options_.max_spool_frames)),
      spool_(*owned_spool_),
      worker_([this] { run(); }) {}

KioskUploader::KioskUploader(std::vector<std::shared_ptr<grpc::Channel>> hubs, FrameSpool& spool,
                             UploaderOptions options)
    : hubs_(std::move(hubs)), stubs_(stubs_for(hubs_)), options_(std::move(options)), spool_(spool) {
  load_spool();
  worker_ = std::thread([this] { run(); });
}

KioskUploader::~KioskUploader() { stop(); }

void KioskUploader::load_spool() {
  const std::lock_guard lock(mutex_);
  for (const SpooledSession& held : spool_.sessions()) {
    Session& s = sessions_[held.start.session_id()];
    s.start = held.start;
    s.ready = held.ready;
    s.last_seq = held.last_seq;
    s.acked = held.acked_seq;
    s.next_send = held.acked_seq + 1;
    if (held.close) {
      s.close_requested = true;
      s.close = *held.close;
    }
    if (held.refusal) {
      // Set aside by an earlier run: it stays aside after a restart until staff retry it.
      s.phase = Phase::kRefused;
      s.error = "the hub refused session " + s.start.session_id() + ": " + held.refusal->hub_message;
    }
  }
}

void KioskUploader::stop() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
    if (active_context_ != nullptr) active_context_->TryCancel();  // unblocks a Write in progress
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void KioskUploader::open(const v1::SessionStart& start, bool ready) {
  spool_.add_session(start, ready);
  {
    const std::lock_guard lock(mutex_);
    Session& s = sessions_[start.session_id()];
    s.start = start;
    s.ready = ready;
  }
  changed_.notify_all();
}

void KioskUploader::mark_ready(const v1::SessionStart& start) {
  spool_.mark_ready(start);
  {
    const std::lock_guard lock(mutex_);
    Session& s = sessions_.at(start.session_id());
    s.start = start;
    s.ready = true;
  }
  changed_.notify_all();
}

bool KioskUploader::spool_has_room() const { return spool_.stored_frames() < spool_.capacity_frames(); }

std::uint64_t KioskUploader::add_frame(const std::string& session_id, v1::FrameRecord frame) {
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return spool_has_room() || stop_; });
  }
  // Only this caller appends to the session, so room seen above is still there (unless stopped).
  return try_add_frame(session_id, std::move(frame)).value_or(0);
}

std::optional<std::uint64_t> KioskUploader::try_add_frame(const std::string& session_id, v1::FrameRecord frame) {
  // The spool is written outside the uploader's lock: the camera side never waits for a send.
  if (spool_.append(session_id, frame) == AppendResult::kFull) return std::nullopt;
  {
    const std::lock_guard lock(mutex_);
    Session& s = sessions_.at(session_id);
    s.last_seq = std::max(s.last_seq, frame.seq());
  }
  changed_.notify_all();
  return frame.seq();
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
    spool_.set_close(s.close);
  }
  changed_.notify_all();
}

bool KioskUploader::wait_closed(const std::string& session_id, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const auto done = [&] {
    const auto it = sessions_.find(session_id);
    return it != sessions_.end() && uploads_no_more(it->second.phase);
  };
  if (!changed_.wait_for(lock, timeout, done)) return false;
  return sessions_.at(session_id).phase == Phase::kClosed;
}

bool KioskUploader::retry_refused(const std::string& session_id) {
  {
    const std::lock_guard lock(mutex_);
    const auto it = sessions_.find(session_id);
    if (it == sessions_.end() || it->second.phase != Phase::kRefused) return false;
    spool_.clear_refused(session_id);
    Session& s = it->second;
    s.phase = Phase::kNeedsOpen;
    s.error.clear();
    s.next_send = s.acked + 1;
    s.close_sent = false;
    s.in_flight.clear();
  }
  changed_.notify_all();
  return true;
}

std::uint64_t KioskUploader::acked_seq(const std::string& session_id) const {
  const std::lock_guard lock(mutex_);
  const auto it = sessions_.find(session_id);
  return it == sessions_.end() ? 0 : it->second.acked;
}

SessionUploadState KioskUploader::session_state(const std::string& session_id) const {
  const std::lock_guard lock(mutex_);
  SessionUploadState out;
  const auto it = sessions_.find(session_id);
  if (it == sessions_.end()) return out;
  const Session& s = it->second;
  out.known = true;
  out.recorded = s.last_seq;
  out.acked = s.acked;
  out.closed = s.phase == Phase::kClosed;
  out.refused = s.phase == Phase::kRefused;
  out.error = s.phase == Phase::kFailed || s.phase == Phase::kRefused ? s.error : std::string{};
  return out;
}

std::size_t KioskUploader::pending_sessions() const {
  const std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      std::count_if(sessions_.begin(), sessions_.end(), [](const auto& kv) { return kv.second.phase != Phase::kClosed; }));
}

UploaderStats KioskUploader::stats() const {
  // An idle kiosk (no session to upload) still wants to know whether the hub is there: asking
  // the channel also makes it try to connect.
  std::shared_ptr<grpc::Channel> channel;
  {
    const std::lock_guard lock(mutex_);
    channel = channel_locked();
  }
  const bool connected = channel->GetState(/*try_to_connect=*/true) == GRPC_CHANNEL_READY;
  const std::lock_guard lock(mutex_);
  UploaderStats s = stats_;
  s.online = s.online || connected;
  s.spooled_frames = spool_.backlog_frames();
  s.sessions_refused = static_cast<std::uint64_t>(
      std::count_if(sessions_.begin(), sessions_.end(), [](const auto& kv) { return kv.second.phase == Phase::kRefused; }));
  return s;
}

bool KioskUploader::has_work_locked() const {
  for (const auto& [id, s] : sessions_) {
    if (s.phase == Phase::kNeedsOpen && s.ready) return true;
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
    if (s.phase == Phase::kNeedsOpen && s.ready) {
      *out.emplace_back().mutable_open()->mutable_start() = s.start;
      s.phase = Phase::kAwaitingResume;
      continue;
    }
    if (s.phase != Phase::kStreaming) continue;
    if (s.next_send <= s.last_seq) {
      std::vector<v1::FrameRecord> frames = spool_.read(id, s.next_send, options_.max_chunk_frames);
      // The resume point was checked against the spool; a spool that still cannot deliver
      // (a damaged file) ends this session's upload rather than sending a gap.
      if (frames.empty() || frames.front().seq() != s.next_send) {
        fail_session_locked(s, "the spool no longer holds frame " + std::to_string(s.next_send) + " of session " + id);
        continue;
      }
      auto* chunk = out.emplace_back().mutable_chunk();
      chunk->set_session_id(id);
      for (auto& f : frames) *chunk->add_frames() = std::move(f);
      const auto count = static_cast<std::uint64_t>(chunk->frames_size());
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

void KioskUploader::fail_session_locked(Session& s, const std::string& message) {
  s.phase = Phase::kFailed;
  s.error = message;
  s.in_flight.clear();
  stats_.last_error = message;
}

bool KioskUploader::uploads_no_more(Phase p) {
  return p == Phase::kClosed || p == Phase::kFailed || p == Phase::kRefused;
}

void KioskUploader::set_aside_locked(const std::string& id, Session& s, const std::string& hub_message) {
  // Kept on disk with the hub's words and the time; what the hub acknowledged stays
  // acknowledged (it keeps those frames), the rest stays in the spool.
  const std::int64_t now_ms = options_.wall_clock_ms ? options_.wall_clock_ms() : system_now_ms();
  spool_.set_refused(id, SessionRefusal{hub_message, now_ms});
  s.phase = Phase::kRefused;
  s.error = "the hub refused session " + id + ": " + hub_message;
  s.in_flight.clear();
  stats_.last_refusal = s.error;
  stats_.last_error = s.error;
}

bool KioskUploader::has_uploadable_locked() const {
  return std::any_of(sessions_.begin(), sessions_.end(), [](const auto& kv) { return !uploads_no_more(kv.second.phase); });
}

std::string KioskUploader::refused_session_of(const grpc::ClientContext& context) const {
  const auto& trailers = context.GetServerTrailingMetadata();
  const auto it = trailers.find(grpc::string_ref(kRefusedSessionTrailer.data(), kRefusedSessionTrailer.size()));
  if (it == trailers.end()) return {};
  std::string id(it->second.data(), it->second.size());
  const auto held = sessions_.find(id);
  // A hub naming a session this kiosk does not upload (or no longer) names nothing.
  if (held == sessions_.end() || held->second.phase == Phase::kClosed || held->second.phase == Phase::kRefused) return {};
  return id;
}

void KioskUploader::trim_locked(const std::string& id, Session& s, std::uint64_t acked) {
  if (acked <= s.acked) return;
  spool_.set_acked(id, acked);
  stats_.frames_acked += acked - s.acked;
  s.acked = acked;
}

void KioskUploader::on_resume_locked(Session& s, const v1::Resume& resume) {
  const std::string& id = resume.session_id();
  if (resume.closed()) {
    trim_locked(id, s, s.last_seq);
    spool_.remove(id);
    s.phase = Phase::kClosed;
    return;
  }
  // The hub's resume point is only a claim: check it against what this kiosk recorded and
  // still holds before sending from it.
  const std::uint64_t next = resume.next_seq();
  if (next == 0) {
    fail_session_locked(s, "the hub answered session " + id + " with resume point 0 (sequence numbers start at 1); its upload stopped");
    return;
  }
  if (next - 1 > s.last_seq) {
    fail_session_locked(s, "the hub says it holds " + std::to_string(next - 1) + " frames of session " + id +
                               " but this kiosk recorded only " + std::to_string(s.last_seq) + "; its upload stopped");
    return;
  }
  if (next <= s.last_seq) {
    const std::vector<v1::FrameRecord> first = spool_.read(id, next, 1);
    if (first.empty() || first.front().seq() != next) {
      fail_session_locked(s, "the hub asks to resume session " + id + " at frame " + std::to_string(next) +
                                 ", which this kiosk no longer holds (the hub acknowledged up to " + std::to_string(s.acked) +
                                 "); its upload stopped");
      return;
    }
  }
  trim_locked(id, s, next - 1);
  s.next_send = next;
  s.in_flight.clear();
  s.phase = Phase::kStreaming;
}

void KioskUploader::handle(const v1::IngestResponse& response) {
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::chrono::nanoseconds> latencies;
  std::uint64_t acked = 0;  // an acknowledgement to report (0: none)
  {
    const std::lock_guard lock(mutex_);
    stats_.online = true;
    stats_.paused_reason.clear();  // the hub takes this kiosk's stream again
    stats_.credential_refused = false;
    if (response.has_resume()) {
      const auto it = sessions_.find(response.resume().session_id());
      if (it == sessions_.end() || it->second.phase != Phase::kAwaitingResume) return;
      on_resume_locked(it->second, response.resume());
    } else if (response.has_ack()) {
      const auto& a = response.ack();
      const auto it = sessions_.find(a.session_id());
      if (it == sessions_.end() || uploads_no_more(it->second.phase)) return;
      Session& s = it->second;
      if (a.acked_seq() >= s.next_send) {
        fail_session_locked(s, "the hub acknowledged frame " + std::to_string(a.acked_seq()) + " of session " + a.session_id() +
                                   ", which this kiosk has not sent; its upload stopped");
      } else {
        trim_locked(a.session_id(), s, a.acked_seq());
        acked = a.acked_seq();
        while (!s.in_flight.empty() && s.in_flight.front().first <= a.acked_seq()) {
          latencies.push_back(now - s.in_flight.front().second);
          s.in_flight.pop_front();
        }
      }
    } else if (response.has_closed()) {
      const std::string& id = response.closed().session_id();
      const auto it = sessions_.find(id);
      if (it == sessions_.end() || !it->second.close_sent) return;
      trim_locked(id, it->second, it->second.last_seq);
      spool_.remove(id);
      it->second.phase = Phase::kClosed;
    }
  }
  changed_.notify_all();
  if (options_.on_ack_latency) {
    for (const auto l : latencies) options_.on_ack_latency(l);
  }
  if (options_.on_acked && acked > 0) options_.on_acked(response.ack().session_id(), acked);
}

void KioskUploader::run() {
  std::chrono::milliseconds backoff = options_.backoff_initial;
  std::mt19937 jitter(std::random_device{}());
  std::size_t unanswered_hubs = 0;  // hubs tried in a row that never answered
  while (true) {
    grpc::ClientContext context;
    {
      std::unique_lock lock(mutex_);
      // Nothing to do until there is a session that is not closed.
      changed_.wait(lock, [&] { return stop_ || has_uploadable_locked(); });
      if (stop_) return;
      broken_ = false;
      for (auto& [id, s] : sessions_) {
        if (uploads_no_more(s.phase)) continue;
        s.phase = Phase::kNeedsOpen;  // every (re)connection starts by reopening
        s.close_sent = false;
      }
      ++stats_.connections;
      active_context_ = &context;
    }
    auto stream = stubs_[stats_.hub_index]->Ingest(&context);  // hub_index changes on this thread only
    bool answered = false;  // the hub said anything on this stream
    bool write_failed = false;  // the stream ended under a write (the hub finished it)
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
        stats_.online = false;
        if (any) backoff = options_.backoff_initial;  // the connection worked: retry quickly
        answered = any;
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
      for (const auto& request : work) {
        if (!stream->Write(request)) {
          write_failed = true;
          break;
        }
      }
      if (write_failed) break;
    }
    bool reader_done = false;
    {
      const std::lock_guard lock(mutex_);
      reader_done = broken_;
    }
    // Cancel only a stream still running: cancelling one the hub has ended would replace the
    // hub's status (why it ended: a refusal is answered by its kind) with CANCELLED. A failed
    // write means the hub ended it; the reader sees the end on its own.
    if (!reader_done && !write_failed) context.TryCancel();
    reader.join();
    const grpc::Status status = stream->Finish();
    std::unique_lock lock(mutex_);
    if (answered) unanswered_hubs = 0;
    active_context_ = nullptr;
    if (stop_) return;
    if (!status.ok()) {
      stats_.last_error = status.error_message();
      const std::string refused_id = refused_session_of(context);
      const RefusalKind kind = classify_refusal(status.error_code(), !refused_id.empty());
      if (kind == RefusalKind::kSession) {
        // Only that session goes aside; the others reconnect at once and carry on.
        set_aside_locked(refused_id, sessions_.at(refused_id), status.error_message());
        changed_.notify_all();
        continue;
      }
      if (waits_slowly(kind)) {
        // The hub will not change its mind soon: keep everything, ask again slowly (a re-enrolled
        // credential or an upgraded hub is taken up without a restart).
        stats_.paused_reason = paused_words(kind, status.error_message());
        stats_.credential_refused = kind == RefusalKind::kCredential;
        stats_.last_error = stats_.paused_reason;
        changed_.notify_all();
        changed_.wait_for(lock, options_.refused_retry_interval, [&] { return stop_; });
        if (stop_) return;
        continue;
      }
      // A hub that never answered is unreachable (down, or the network to it): the next hub
      // shares the club's store, so the sessions resume there. A hub that answered and then
      // failed (it was killed, it restarted) is tried again first: it may well be back.
      if (!answered && hubs_.size() > 1) {
        stats_.hub_index = (stats_.hub_index + 1) % hubs_.size();
        ++stats_.hub_moves;
        // At once while some hub is still untried; once every hub failed, back off as usual.
        if (++unanswered_hubs < hubs_.size()) continue;
        unanswered_hubs = 0;
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
