#include "services/hub/club_feed.h"

#include <algorithm>
#include <limits>

#include "services/hub/hub_log.h"
#include "services/hub/wire_codec.h"
#include "services/store/unix_time.h"

namespace runform::services {

namespace {

/// How long one wait for notices lasts: bounds how quickly the feed notices it should stop.
constexpr std::chrono::milliseconds kWaitSlice{200};
/// Frames read from the store per query while forwarding.
constexpr std::size_t kReadPageFrames = 1024;
/// Sessions remembered at once; live sessions of a club are far fewer (stations × 4).
constexpr std::size_t kMaxTrackedSessions = 4096;

}  // namespace

ClubFeed::ClubFeed(SessionStore& store, std::unique_ptr<CommitListener> listener, LiveBroadcaster& live)
    : store_(store), listener_(std::move(listener)), live_(live), thread_([this] { run(); }) {}

ClubFeed::~ClubFeed() {
  stopping_ = true;
  thread_.join();
}

void ClubFeed::run() {
  while (!stopping_) {
    try {
      bool reconnected = false;
      const std::vector<CommitNotice> notices = listener_->wait(kWaitSlice, reconnected);
      if (reconnected) {
        reconnected_unix_ms_ = now_unix_ms();
        catch_up_pending_ = true;
        log_event(spdlog::level::warn, "club_feed_reconnected", {{"catching_up_sessions", sessions_.size()}});
      }
      if (catch_up_pending_) catch_up();
      for (const CommitNotice& notice : notices) handle(notice);
    } catch (const StoreError& error) {
      // A read failed (the database went away): nothing forwarded moved, so catching up once it
      // is back resends nothing and skips nothing.
      catch_up_pending_ = true;
      log_event(spdlog::level::warn, "club_feed_read_failed", {{"error", error.what()}});
      std::this_thread::sleep_for(kWaitSlice);
    }
  }
}

ClubFeed::Tracked* ClubFeed::track(const CommitNotice& notice) {
  if (const auto it = sessions_.find(notice.session_id); it != sessions_.end()) return &it->second;
  Tracked t;
  if (notice.from_this_store) {
    t.forwarded_seq = notice.last_seq;
  } else {
    const auto stored = store_.session(notice.session_id);
    if (!stored) return nullptr;
    v1::SessionStart start;
    if (!start.ParseFromString(stored->start_payload)) return nullptr;
    t.start = std::make_shared<const v1::SessionStart>(std::move(start));
    t.started_unix_ms = stored->started_unix_ms;
    // Live starts with this notice, unless the session began before a reconnect of ours: then
    // notices may have been lost, and it is forwarded from its first frame.
    const bool may_have_missed = reconnected_unix_ms_ != 0 && stored->started_unix_ms <= reconnected_unix_ms_;
    t.forwarded_seq = may_have_missed || notice.first_seq == 0 ? 0 : notice.first_seq - 1;
  }
  evict_if_full();
  return &sessions_.emplace(notice.session_id, std::move(t)).first->second;
}

void ClubFeed::handle(const CommitNotice& notice) {
  Tracked* t = track(notice);
  if (t == nullptr) return;
  t->last_used = ++use_counter_;
  t->ours = notice.from_this_store;
  if (notice.from_this_store) {
    // Our own commit: the ingest service already gave these frames to our watchers.
    t->forwarded_seq = std::max(t->forwarded_seq, notice.last_seq);
  } else if (notice.last_seq > t->forwarded_seq) {
    forward(notice.session_id, *t, notice.last_seq);
  }
  if (notice.closed) {
    if (!notice.from_this_store && t->start != nullptr && live_.size() > 0) {
      auto batch = std::make_shared<LiveBatch>();
      batch->session = t->start;
      batch->closed = true;
      live_.publish(batch);
    }
    sessions_.erase(notice.session_id);
  }
}

void ClubFeed::forward(const std::string& session_id, Tracked& t, std::uint64_t up_to_seq) {
  if (live_.size() == 0) {
    t.forwarded_seq = std::max(t.forwarded_seq, up_to_seq);  // nobody watching: nothing to read
    return;
  }
  if (t.start == nullptr) {
    const auto stored = store_.session(session_id);
    v1::SessionStart start;
    if (!stored || !start.ParseFromString(stored->start_payload)) return;
    t.start = std::make_shared<const v1::SessionStart>(std::move(start));
  }
  while (t.forwarded_seq < up_to_seq) {
    const std::vector<StoredFrame> frames =
        store_.read_frames(session_id, t.forwarded_seq, std::numeric_limits<std::int64_t>::min(),
                           std::numeric_limits<std::int64_t>::max(), kReadPageFrames);
    if (frames.empty()) return;  // not visible yet: the next notice or catch-up goes on from here
    auto batch = std::make_shared<LiveBatch>();
    batch->session = t.start;
    batch->frames.reserve(frames.size());
    for (const StoredFrame& f : frames) batch->frames.push_back(to_wire(f));
    live_.publish(batch);
    t.forwarded_seq = frames.back().seq;
    forwarded_frames_ += frames.size();
  }
}

void ClubFeed::catch_up() {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    const auto stored = store_.session(it->first);
    if (!stored) {
      it = sessions_.erase(it);
      continue;
    }
    CommitNotice notice;
    notice.session_id = it->first;
    notice.first_seq = it->second.forwarded_seq + 1;
    notice.last_seq = stored->stored_seq;
    notice.closed = stored->closed;
    notice.from_this_store = it->second.ours;
    ++it;  // handle() may erase the session (closed)
    handle(notice);
  }
  catch_up_pending_ = false;
}

void ClubFeed::evict_if_full() {
  if (sessions_.size() < kMaxTrackedSessions) return;
  const auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
    return a.second.last_used < b.second.last_used;
  });
  sessions_.erase(oldest);
}

}  // namespace runform::services
