#include "services/hub/club_feed.h"

#include <algorithm>

#include "services/hub/hub_log.h"
#include "services/hub/wire_codec.h"
#include "services/store/unix_time.h"

namespace runform::services {

namespace {

/// How long one wait for notices lasts: bounds how quickly the feed notices it should stop.
constexpr std::chrono::milliseconds kWaitSlice{200};
/// Frames read from the store in one query while forwarding, shared by the sessions it covers
/// (a catch-up over many sessions reads in several rounds rather than all at once).
constexpr std::size_t kReadBudgetFrames = 8192;
/// At least this many frames per session and query (a second of a kiosk's frames is 30).
constexpr std::size_t kMinReadFramesPerSession = 64;
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
      if (!notices.empty()) handle(notices);
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

void ClubFeed::handle(const std::vector<CommitNotice>& notices) {
  std::vector<std::string> to_forward;  // sessions other hubs committed to, in the order first named
  std::unordered_map<std::string, std::uint64_t> up_to;
  std::vector<CommitNotice> closes;
  for (const CommitNotice& notice : notices) {
    Tracked* t = track(notice);
    if (t == nullptr) continue;
    t->last_used = ++use_counter_;
    t->ours = notice.from_this_store;
    if (notice.from_this_store) {
      // Our own commit: the ingest service already gave these frames to our watchers.
      t->forwarded_seq = std::max(t->forwarded_seq, notice.last_seq);
    } else if (notice.last_seq > t->forwarded_seq) {
      const auto [it, added] = up_to.try_emplace(notice.session_id, notice.last_seq);
      if (added) to_forward.push_back(notice.session_id);
      it->second = std::max(it->second, notice.last_seq);
    }
    if (notice.closed) closes.push_back(notice);
  }
  forward(to_forward, up_to);
  for (const CommitNotice& notice : closes) {
    const auto it = sessions_.find(notice.session_id);
    if (it == sessions_.end()) continue;
    if (!notice.from_this_store && it->second.start != nullptr && live_.size() > 0) {
      auto batch = std::make_shared<LiveBatch>();
      batch->session = it->second.start;
      batch->closed = true;
      live_.publish(batch);
    }
    sessions_.erase(it);
  }
  live_.flush_now();
}

bool ClubFeed::load_start(const std::string& session_id, Tracked& t) {
  if (t.start != nullptr) return true;
  const auto stored = store_.session(session_id);
  v1::SessionStart start;
  if (!stored || !start.ParseFromString(stored->start_payload)) return false;
  t.start = std::make_shared<const v1::SessionStart>(std::move(start));
  return true;
}

void ClubFeed::forward(const std::vector<std::string>& session_ids,
                       const std::unordered_map<std::string, std::uint64_t>& up_to) {
  if (live_.size() == 0) {
    // Nobody watching: nothing to read.
    for (const std::string& id : session_ids) {
      if (const auto it = sessions_.find(id); it != sessions_.end()) {
        it->second.forwarded_seq = std::max(it->second.forwarded_seq, up_to.at(id));
      }
    }
    return;
  }
  std::vector<std::string> pending = session_ids;
  while (!pending.empty()) {
    std::vector<FrameRange> ranges;
    std::vector<Tracked*> tracked;
    for (const std::string& id : pending) {
      const auto it = sessions_.find(id);  // evicted meanwhile: its watchers start afresh
      if (it == sessions_.end() || !load_start(id, it->second) || it->second.forwarded_seq >= up_to.at(id)) continue;
      ranges.push_back({id, it->second.forwarded_seq, up_to.at(id)});
      tracked.push_back(&it->second);
    }
    if (ranges.empty()) return;
    const std::size_t per_session = std::max(kMinReadFramesPerSession, kReadBudgetFrames / ranges.size());
    const std::vector<std::vector<StoredFrame>> read = store_.read_frame_ranges(ranges, per_session);
    pending.clear();
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      const std::vector<StoredFrame>& frames = read.at(i);
      // None: not visible yet; the next notice or the catch-up goes on from here.
      if (frames.empty()) continue;
      auto batch = std::make_shared<LiveBatch>();
      batch->session = tracked[i]->start;
      batch->frames.reserve(frames.size());
      for (const StoredFrame& f : frames) batch->frames.push_back(to_wire(f));
      live_.publish(batch);
      tracked[i]->forwarded_seq = frames.back().seq;
      forwarded_frames_ += frames.size();
      if (frames.size() == per_session && tracked[i]->forwarded_seq < ranges[i].up_to_seq) {
        pending.push_back(ranges[i].session_id);  // more than one read's worth
      }
    }
  }
}

void ClubFeed::catch_up() {
  std::vector<CommitNotice> notices;
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
    notices.push_back(std::move(notice));
    ++it;
  }
  handle(notices);
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
