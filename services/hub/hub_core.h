// HubCore: what the hub's services share — the store, the committer, the session registry,
// the live broadcaster and the limits — plus the set of running stream reactors.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "services/hub/athlete_reference.h"
#include "services/hub/auth_gate.h"
#include "services/hub/group_committer.h"
#include "services/hub/live_broadcaster.h"
#include "services/hub/session_registry.h"

namespace runform::services {

/// Limits that protect the hub from any one client.
struct HubLimits {
  std::size_t max_message_bytes = 4 << 20;     ///< largest request; bigger gets RESOURCE_EXHAUSTED
  std::size_t max_chunk_frames = 1024;         ///< frames in one FrameChunk
  std::size_t max_open_sessions_per_kiosk = 4;
  std::size_t max_watchers = 64;               ///< concurrent WatchLive streams
  std::size_t watcher_queue_frames = 4096;     ///< per watcher; beyond it the oldest are dropped
  /// A watcher whose update has waited this long for it to read is ended (RESOURCE_EXHAUSTED),
  /// freeing its slot: 64 watchers that never read used to lock every coach out (issue 11).
  std::chrono::milliseconds watcher_stall_timeout{30'000};
  std::chrono::milliseconds live_linger{10};   ///< frames wait this long to go to watchers together
  std::size_t max_page_size = 500;
  /// An ingest stream that sends nothing for this long is ended (DEADLINE_EXCEEDED), so a hung
  /// kiosk app does not hold its sessions forever; kiosks send 30 frames a second.
  std::chrono::milliseconds stream_idle_timeout{60'000};
  /// Concurrent calls on one connection (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS): a kiosk needs
  /// one, a coach tool a handful; one connection cannot take the hub's whole capacity.
  int max_streams_per_connection = 32;
  /// A connection must finish its TLS and HTTP/2 handshake this soon, or it is closed: idle
  /// half-open sockets do not pile up (gRPC's default is two minutes).
  std::chrono::milliseconds handshake_timeout{10'000};
  /// A connection with no call for this long is closed (clients reconnect by themselves).
  std::chrono::milliseconds connection_idle_timeout{300'000};
  /// Memory gRPC may use for connections and calls (its resource quota); under pressure it reads
  /// less and refuses new calls instead of growing without bound.
  std::size_t grpc_memory_quota_bytes = std::size_t{1} << 30;
};

/// Owns running stream reactors. gRPC hands out raw pointers and tells us when a stream is
/// done; this set is what keeps each reactor alive until then (and a little longer, for any
/// commit callback still holding it), and what shutdown walks to drain streams.
template <typename Reactor>
class ReactorSet {
 public:
  Reactor* add(std::shared_ptr<Reactor> reactor) {
    const std::lock_guard lock(mutex_);
    Reactor* raw = reactor.get();
    reactors_.emplace(raw, std::move(reactor));
    return raw;
  }
  /// Drops the set's reference; callbacks that still hold a shared_ptr keep it alive.
  void remove(const Reactor* reactor) {
    std::shared_ptr<Reactor> last;
    const std::lock_guard lock(mutex_);
    if (const auto it = reactors_.find(reactor); it != reactors_.end()) {
      last = std::move(it->second);
      reactors_.erase(it);
    }
  }
  void for_each(const std::function<void(Reactor&)>& fn) {
    std::vector<std::shared_ptr<Reactor>> all;
    {
      const std::lock_guard lock(mutex_);
      for (const auto& [raw, owned] : reactors_) all.push_back(owned);
    }
    for (const auto& r : all) fn(*r);
  }
  [[nodiscard]] std::size_t size() const {
    const std::lock_guard lock(mutex_);
    return reactors_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<const Reactor*, std::shared_ptr<Reactor>> reactors_;
};

/// Shared by the ingest and coach services.
struct HubCore {
  SessionStore& store;
  GroupCommitter& committer;
  SessionRegistry& registry;
  LiveBroadcaster& live;
  AuthGate& gate;  ///< every handler's first call: who is calling, and may they
  HubLimits limits;
  std::atomic<bool> draining{false};  ///< shutting down: no new sessions
  /// Opaque athlete references (erasure and audit); set by HubServer, null in bare tests.
  const AthleteReferences* athlete_refs = nullptr;
};

}  // namespace runform::services
