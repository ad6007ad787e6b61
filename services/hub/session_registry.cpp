#include "services/hub/session_registry.h"

namespace runform::services {

namespace {

grpc::Status status(grpc::StatusCode code, const std::string& message) { return {code, message}; }

grpc::Status erased_status(const std::string& session_id) {
  return status(grpc::StatusCode::ABORTED, "session '" + session_id +
                                               "' was erased with its athlete's data while it streamed; reconnect "
                                               "(the hub will tell this kiosk to drop it)");
}

}  // namespace

SessionRegistry::SessionRegistry(SessionStore& store, std::size_t max_open_sessions_per_kiosk)
    : store_(store), max_open_per_kiosk_(max_open_sessions_per_kiosk) {}

grpc::Status SessionRegistry::claim(const v1::SessionStart& start, Owner owner) {
  const std::string& id = start.session_id();
  std::unique_lock lock(mutex_);
  if (!start.athlete_id().empty() && erasing_.contains(start.athlete_id())) {
    return status(grpc::StatusCode::UNAVAILABLE,
                  "the hub is erasing this athlete's data right now; retry session '" + id + "' in a moment");
  }
  auto it = entries_.find(id);
  if (it == entries_.end()) {
    lock.unlock();
    // Outside the lock: database round trips must not stall every other stream. With hubs
    // sharing the store, this hub first takes the session club-wide, then reads it: whatever
    // another hub committed before letting go is in what we read.
    const bool shared = store_.shared_by_hubs();
    std::optional<StoredSession> stored;
    bool acquired = false;
    try {
      if (shared) {
        acquired = store_.acquire_ownership(id);
        if (!acquired) {
          return status(grpc::StatusCode::ABORTED, "session '" + id +
                                                       "' is already streaming through another hub of this club; "
                                                       "retry after that stream ends");
        }
      }
      stored = store_.session(id);
    } catch (const StoreError& error) {
      if (acquired) give_back({id});
      return status(grpc::StatusCode::UNAVAILABLE,
                    "cannot open session '" + id + "': " + error.what() + "; retry shortly");
    }
    lock.lock();
    it = entries_.find(id);
    if (it != entries_.end()) {
      // Another stream of this hub created the entry meanwhile, holding ownership already.
      if (shared) to_give_back_.push_back(id);
    } else {
      Entry e;
      e.start = std::make_shared<const v1::SessionStart>(start);
      e.club_owned = shared;
      if (stored) {
        if (stored->kiosk_id != start.kiosk_id()) {
          if (shared) to_give_back_.push_back(id);
          return finish_claim(lock, status(grpc::StatusCode::ALREADY_EXISTS,
                                           "session '" + id + "' belongs to kiosk '" + stored->kiosk_id +
                                               "'; choose a new session id"));
        }
        v1::SessionStart original;
        if (original.ParseFromString(stored->start_payload)) e.start = std::make_shared<const v1::SessionStart>(original);
        e.stored_seq = e.received_seq = stored->stored_seq;
        e.stored_t_us = e.received_t_us = stored->last_t_us;
        e.closed = stored->closed;
      }
      it = entries_.emplace(id, std::move(e)).first;
    }
  }
  Entry& e = it->second;
  if (e.erased) return finish_claim(lock, erased_status(id));
  if (e.start->kiosk_id() != start.kiosk_id()) {
    forget_if_idle(it);
    return finish_claim(lock, status(grpc::StatusCode::ALREADY_EXISTS,
                                     "session '" + id + "' belongs to kiosk '" + e.start->kiosk_id() +
                                         "'; choose a new session id"));
  }
  if (e.owner != nullptr && e.owner != owner) {
    return finish_claim(lock, status(grpc::StatusCode::ABORTED,
                                     "session '" + id + "' is already streaming on another connection; retry after "
                                                        "it ends"));
  }
  if (e.owner == nullptr && !e.closed) {
    std::size_t open_for_kiosk = 0;
    for (const auto& [other_id, other] : entries_) {
      if (other.owner != nullptr && !other.closed && other.start->kiosk_id() == start.kiosk_id()) ++open_for_kiosk;
    }
    if (open_for_kiosk >= max_open_per_kiosk_) {
      forget_if_idle(it);
      return finish_claim(lock, status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                       "kiosk '" + start.kiosk_id() + "' already has " +
                                           std::to_string(open_for_kiosk) + " open sessions (the limit); close one "
                                                                            "first"));
    }
  }
  e.owner = owner;
  e.resumed = false;
  e.duplicates = 0;
  ++e.pending;  // the open itself is now queued for commit
  return finish_claim(lock, grpc::Status::OK);
}

grpc::Status SessionRegistry::finish_claim(std::unique_lock<std::mutex>& lock, grpc::Status result) {
  const auto unowned = take_unowned();
  lock.unlock();
  give_back(unowned);
  return result;
}

void SessionRegistry::give_back(const std::vector<std::string>& session_ids) {
  for (const std::string& id : session_ids) {
    try {
      store_.release_ownership(id);
    } catch (const StoreError&) {
      // Unlocking only fails with the connection gone, and the lock went with it.
    }
  }
}

std::vector<std::string> SessionRegistry::take_unowned() {
  std::vector<std::string> ids;
  ids.swap(to_give_back_);
  return ids;
}

ResumePoint SessionRegistry::opened(const std::string& session_id, Owner owner) {
  std::unique_lock lock(mutex_);
  const auto it = entries_.find(session_id);
  if (it == entries_.end()) return {};
  Entry& e = it->second;
  --e.pending;
  // Everything queued before the open has committed by now (batches commit in order), so the
  // stored sequence is exact; anything received but not stored was lost with a failed batch.
  e.received_seq = e.stored_seq;
  e.received_t_us = e.stored_t_us;
  if (e.owner == owner) e.resumed = true;
  const ResumePoint point{e.stored_seq + 1, e.closed};
  forget_if_idle(it);
  const auto unowned = take_unowned();
  lock.unlock();
  give_back(unowned);
  return point;
}

void SessionRegistry::release(Owner owner) {
  std::unique_lock lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto next = std::next(it);
    if (it->second.owner == owner) {
      it->second.owner = nullptr;
      it->second.resumed = false;
      forget_if_idle(it);
    }
    it = next;
  }
  const auto unowned = take_unowned();
  lock.unlock();
  give_back(unowned);
}

grpc::Status SessionRegistry::missing(const std::string& session_id) const {
  if (store_.session(session_id)) {
    return status(grpc::StatusCode::FAILED_PRECONDITION,
                  "frames for session '" + session_id + "' before its OpenSession on this stream");
  }
  return status(grpc::StatusCode::NOT_FOUND, "unknown session '" + session_id + "'; send OpenSession first");
}

std::shared_ptr<const v1::SessionStart> SessionRegistry::start_of(const std::string& session_id, Owner owner) const {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(session_id);
  if (it == entries_.end() || it->second.owner != owner || !it->second.resumed) return nullptr;
  return it->second.start;
}

grpc::Status SessionRegistry::accept_chunk(const std::string& session_id, Owner owner,
                                           const google::protobuf::RepeatedPtrField<v1::FrameRecord>& frames,
                                           ChunkVerdict& verdict) {
  std::unique_lock lock(mutex_);
  const auto it = entries_.find(session_id);
  if (it == entries_.end() || it->second.owner != owner) {
    lock.unlock();
    return missing(session_id);
  }
  Entry& e = it->second;
  if (e.erased) return erased_status(session_id);
  if (!e.resumed) {
    return status(grpc::StatusCode::FAILED_PRECONDITION,
                  "frames for session '" + session_id + "' before the hub's Resume; wait for it");
  }
  if (e.closed || e.close_pending) {
    return status(grpc::StatusCode::FAILED_PRECONDITION, "session '" + session_id + "' is closed");
  }
  const std::uint64_t expected = e.received_seq + 1;
  const std::uint64_t first = frames.Get(0).seq();
  if (first > expected) {
    return status(grpc::StatusCode::OUT_OF_RANGE, "gap in session '" + session_id + "': expected seq " +
                                                      std::to_string(expected) + ", got " + std::to_string(first) +
                                                      "; resume from " + std::to_string(expected));
  }
  const std::uint64_t skip = std::min<std::uint64_t>(expected - first, static_cast<std::uint64_t>(frames.size()));
  std::int64_t previous_t = e.received_t_us;
  for (int i = static_cast<int>(skip); i < frames.size(); ++i) {
    if (frames.Get(i).t_us() < previous_t) {
      return status(grpc::StatusCode::INVALID_ARGUMENT, "frame " + std::to_string(frames.Get(i).seq()) +
                                                            ": t_us goes backwards (" +
                                                            std::to_string(frames.Get(i).t_us()) + " after " +
                                                            std::to_string(previous_t) + ")");
    }
    previous_t = frames.Get(i).t_us();
  }
  e.duplicates += skip;
  verdict.first_new = static_cast<int>(skip);
  verdict.duplicates = skip;
  verdict.total_duplicates = e.duplicates;
  verdict.start = e.start;
  verdict.stored_seq = e.stored_seq;
  if (static_cast<int>(skip) < frames.size()) {
    e.received_seq = frames.Get(frames.size() - 1).seq();
    e.received_t_us = previous_t;
    ++e.pending;
  }
  return grpc::Status::OK;
}

std::uint64_t SessionRegistry::append_committed(const std::string& session_id, std::uint64_t last_seq, bool ok) {
  std::unique_lock lock(mutex_);
  const auto it = entries_.find(session_id);
  if (it == entries_.end()) return 0;
  Entry& e = it->second;
  --e.pending;
  if (ok) {
    e.stored_seq = std::max(e.stored_seq, last_seq);
  } else {
    // The batch is gone: the next open will resume from what is really stored.
    e.received_seq = e.stored_seq;
    e.received_t_us = e.stored_t_us;
  }
  const std::uint64_t stored = e.stored_seq;
  forget_if_idle(it);
  const auto unowned = take_unowned();
  lock.unlock();
  give_back(unowned);
  return stored;
}

grpc::Status SessionRegistry::accept_close(const std::string& session_id, Owner owner, std::uint64_t last_seq,
                                           bool& already_closed, std::shared_ptr<const v1::SessionStart>& start) {
  std::unique_lock lock(mutex_);
  const auto it = entries_.find(session_id);
  if (it == entries_.end() || it->second.owner != owner || !it->second.resumed) {
    lock.unlock();
    return missing(session_id);
  }
  Entry& e = it->second;
  if (e.erased) return erased_status(session_id);
  start = e.start;
  already_closed = e.closed;
  if (e.closed) return grpc::Status::OK;
  // A close already on its way to storage (sent on a stream that broke before its answer) is a
  // moment's wait, not a fault of the session: the kiosk retries and then finds it closed. As a
  // refusal it would set an intact session aside on the kiosk.
  if (e.close_pending) {
    return status(grpc::StatusCode::UNAVAILABLE, "session '" + session_id + "' is closing; send the close again shortly");
  }
  if (last_seq != e.received_seq) {
    return status(grpc::StatusCode::FAILED_PRECONDITION,
                  "close of session '" + session_id + "' at seq " + std::to_string(last_seq) + " but the hub has " +
                      std::to_string(e.received_seq) + " frames; send the missing frames first");
  }
  e.close_pending = true;
  ++e.pending;
  return grpc::Status::OK;
}

void SessionRegistry::close_committed(const std::string& session_id, bool ok) {
  std::unique_lock lock(mutex_);
  const auto it = entries_.find(session_id);
  if (it == entries_.end()) return;
  --it->second.pending;
  it->second.close_pending = false;
  if (ok) it->second.closed = true;
  forget_if_idle(it);
  const auto unowned = take_unowned();
  lock.unlock();
  give_back(unowned);
}

SessionRegistry::ErasurePlan SessionRegistry::begin_erasure(const std::string& athlete_id) {
  const std::lock_guard lock(mutex_);
  erasing_.insert(athlete_id);
  ErasurePlan plan;
  for (auto& [id, e] : entries_) {
    if (e.start->athlete_id() != athlete_id) continue;
    e.erased = true;
    plan.session_ids.push_back(id);
    if (e.owner != nullptr && !e.closed) plan.streams.push_back(e.owner);
  }
  return plan;
}

void SessionRegistry::end_erasure(const std::string& athlete_id) {
  std::unique_lock lock(mutex_);
  erasing_.erase(athlete_id);
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto next = std::next(it);
    if (it->second.erased) forget_if_idle(it);
    it = next;
  }
  const auto unowned = take_unowned();
  lock.unlock();
  give_back(unowned);
}

std::size_t SessionRegistry::size() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

void SessionRegistry::forget_if_idle(std::unordered_map<std::string, Entry>::iterator it) {
  if (it->second.owner != nullptr || it->second.pending != 0) return;
  // The club-wide ownership is given back only now, with nothing of the session left to commit:
  // another hub that takes it over then reads a stored sequence no late commit of ours changes.
  if (it->second.club_owned) to_give_back_.push_back(it->first);
  entries_.erase(it);
}

}  // namespace runform::services
