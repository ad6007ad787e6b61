// HubServer: the assembled hub — store, committer, registry, live fan-out and the two gRPC
// services, with health checking and reflection — listening on one address.
#pragma once

#include <grpcpp/server.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <memory>
#include <string>

#include "services/hub/audit_log.h"
#include "services/hub/auth_gate.h"
#include "services/hub/frame_retention.h"
#include "services/hub/hub_core.h"
#include "services/store/access_store.h"
#include "services/hub/hub_transport.h"

namespace runform::services {

class IngestService;
class ClubFeed;
class CoachService;
class AssessmentService;
class AssessmentStore;
class AccessService;
class AthleteEraser;
class AthleteDataService;

/// Everything the hub can be told.
struct HubOptions {
  std::string address = "127.0.0.1:50051";  ///< host:port; port 0 picks a free one
  std::string store = "sqlite:runform-hub.db";
  HubTls tls;                      ///< the listener's TLS files; required unless insecure_loopback
  bool insecure_loopback = false;  ///< plaintext, allowed only on a loopback address (tests, demos)
  CommitterOptions commit;
  HubLimits limits;
  AuthOptions auth;                ///< sign-in, credentials, throttling, watcher slots per account
  RetentionOptions retention;      ///< frames older than frame_days are purged (0: kept)
  std::chrono::milliseconds keepalive_time{10'000};    ///< ping an idle connection this often
  std::chrono::milliseconds keepalive_timeout{5'000};  ///< and drop it if the ping is not answered
};

/// Figures for logs and the load generator.
struct HubStats {
  CommitterStats commits;
  std::size_t ingest_streams = 0;
  std::size_t watchers = 0;
  std::size_t active_sessions = 0;
  std::uint64_t club_frames_forwarded = 0;  ///< frames other hubs committed, sent to our watchers
};

class HubServer {
 public:
  /// Opens the store and starts listening. Throws StoreError or std::runtime_error with a
  /// message saying what to fix.
  explicit HubServer(const HubOptions& options);
  /// The same with a store the caller opened (options.store is ignored); tests pass a store
  /// that fails on purpose.
  HubServer(const HubOptions& options, std::unique_ptr<SessionStore> store);
  ~HubServer();
  HubServer(const HubServer&) = delete;
  HubServer& operator=(const HubServer&) = delete;

  /// The port actually bound.
  [[nodiscard]] int port() const { return port_; }
  /// Graceful stop: refuses new sessions, commits and acknowledges what was received, ends
  /// every stream (kiosks are told to reconnect), then stops within the grace period.
  void shutdown(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));
  /// Blocks until the server has stopped.
  void wait();
  [[nodiscard]] HubStats stats() const;
  /// Ends ingest streams idle as of `now` and live watches stalled on a watcher that does not
  /// read (the hub calls this every second; tests call it with a time of their choosing).
  /// Returns how many were ended.
  std::size_t expire_idle_streams(std::chrono::steady_clock::time_point now);
  /// Deletes person tokens that expired before `now` (the hub calls this once a minute).
  void purge_expired_tokens(std::chrono::system_clock::time_point now);
  /// Runs the retention policy as of now_unix_ms (the hub runs it at start and every
  /// retention.run_every on the wall clock; tests call it with a time of their choosing).
  PurgeCounts run_retention(std::int64_t now_unix_ms);
  /// The opaque athlete references of this hub's database (erasure tombstones, audit).
  [[nodiscard]] const AthleteReferences& athlete_refs() const { return *athlete_refs_; }
  /// The store the hub writes to (tests read it back directly).
  [[nodiscard]] SessionStore& store() { return *store_; }
  /// Accounts, credentials and the audit log (tests and the in-process demo set them up here).
  [[nodiscard]] AccessStore& access() { return *access_; }
  /// Who may call what; tests revoke through it as an admin call would.
  [[nodiscard]] AuthGate& gate() { return *gate_; }

 private:
  std::unique_ptr<SessionStore> store_;
  std::unique_ptr<AccessStore> access_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<AuthGate> gate_;
  std::unique_ptr<GroupCommitter> committer_;
  std::unique_ptr<SessionRegistry> registry_;
  std::unique_ptr<LiveBroadcaster> live_;
  std::unique_ptr<HubCore> core_;
  std::unique_ptr<ClubFeed> club_feed_;  ///< frames other hubs committed (PostgreSQL only)
  std::unique_ptr<IngestService> ingest_;
  std::unique_ptr<CoachService> coach_;
  std::unique_ptr<AssessmentStore> assessment_store_;  ///< group assessments, on the same database
  std::unique_ptr<AssessmentService> assessments_;
  std::unique_ptr<AccessService> access_service_;
  std::unique_ptr<AthleteReferences> athlete_refs_;
  std::unique_ptr<AthleteEraser> eraser_;
  std::unique_ptr<AthleteDataService> athlete_data_;
  std::unique_ptr<FrameRetention> retention_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool stopped_ = false;
  std::mutex maintenance_mutex_;
  std::condition_variable maintenance_stop_;
  bool maintenance_stopping_ = false;
  std::thread maintenance_;  ///< expires idle streams once a second
};

}  // namespace runform::services
