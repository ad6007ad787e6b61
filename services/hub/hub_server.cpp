#include "services/hub/hub_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <google/protobuf/descriptor.h>

#include <stdexcept>

#include "services/hub/assessment_service.h"
#include "services/hub/access_rules.h"
#include "services/hub/access_service.h"
#include "services/hub/athlete_data_service.h"
#include "services/hub/athlete_eraser.h"
#include "services/hub/coach_service.h"
#include "services/hub/free_memory.h"
#include "services/hub/ingest_service.h"
#include "services/hub/club_feed.h"
#include "services/hub/hub_log.h"
#include "services/store/open_store.h"
#include "services/store/unix_time.h"

namespace runform::services {

namespace {
constexpr int kTrimEverySeconds = 60;  // memory freed by many small reads goes back once a minute
// The audit log's names for the hub's own retention purge (no person or kiosk acts in it).
constexpr std::string_view kRetentionActor = "hub-retention";
constexpr std::string_view kRetentionRpc = "retention-purge";

// Deny by default, checked before listening: every method of every service the hub serves must
// have a row in the authorization table, or the hub does not start.
void require_access_rules(std::initializer_list<const google::protobuf::ServiceDescriptor*> services) {
  for (const auto* service : services) {
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string name = "/" + service->full_name() + "/" + service->method(i)->name();
      if (!access_rule(name)) {
        throw std::logic_error("no authorization rule for " + name + ": add its row to services/hub/access_rules.cpp");
      }
    }
  }
}

const google::protobuf::ServiceDescriptor* service_named(const std::string& name) {
  const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
  if (service == nullptr) throw std::logic_error("service " + name + " is not linked in");
  return service;
}
}  // namespace

HubServer::HubServer(const HubOptions& options) : HubServer(options, open_store(options.store)) {}

HubServer::HubServer(const HubOptions& options, std::unique_ptr<SessionStore> store) : store_(std::move(store)) {
  require_access_rules({service_named("runform.v1.AccessService"), service_named("runform.v1.KioskIngest"),
                        service_named("runform.v1.CoachService")});
  access_ = open_access_store(options.store);
  audit_ = std::make_unique<AuditLog>(*access_, options.auth.now);
  gate_ = std::make_unique<AuthGate>(*access_, *audit_, options.auth);
  committer_ = std::make_unique<GroupCommitter>(*store_, options.commit);
  registry_ = std::make_unique<SessionRegistry>(*store_, options.limits.max_open_sessions_per_kiosk);
  live_ = std::make_unique<LiveBroadcaster>(options.limits.max_watchers, options.limits.live_linger);
  core_ = std::unique_ptr<HubCore>(new HubCore{*store_, *committer_, *registry_, *live_, *gate_, options.limits, {}});
  if (auto listener = store_->listen_commits()) {
    club_feed_ = std::make_unique<ClubFeed>(*store_, std::move(listener), *live_);
  }
  ingest_ = std::make_unique<IngestService>(*core_);
  coach_ = std::make_unique<CoachService>(*core_);
  assessment_store_ = open_assessment_store(options.store);
  assessments_ = std::make_unique<AssessmentService>(*core_, *assessment_store_);
  access_service_ = std::make_unique<AccessService>(*gate_);
  athlete_refs_ = std::make_unique<AthleteReferences>(*store_);
  core_->athlete_refs = athlete_refs_.get();
  eraser_ = std::make_unique<AthleteEraser>(*core_, *ingest_, *athlete_refs_);
  athlete_data_ = std::make_unique<AthleteDataService>(*core_, *eraser_);
  retention_ = std::make_unique<FrameRetention>(*store_, options.retention);
  // Once at start, before anything listens: no one reads frames the policy says are gone.
  run_retention(now_unix_ms());

  // Checked before anything listens: a hub never falls back to plaintext on its own.
  const auto credentials = hub_listener_credentials(options.address, options.tls, options.insecure_loopback);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.address, credentials, &port_);
  builder.RegisterService(ingest_.get());
  builder.RegisterService(coach_.get());
  builder.RegisterService(assessments_.get());
  builder.RegisterService(access_service_.get());
  builder.RegisterService(athlete_data_.get());
  builder.SetMaxReceiveMessageSize(static_cast<int>(options.limits.max_message_bytes));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, static_cast<int>(options.keepalive_time.count()));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, static_cast<int>(options.keepalive_timeout.count()));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // Kiosks ping every few seconds too; allow it rather than answer with GOAWAY.
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 1000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 0);
  // Exhaustion is refused at the door: few calls per connection, short handshakes, idle
  // connections closed, and a memory quota for everything gRPC buffers.
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, options.limits.max_streams_per_connection);
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS,
                             static_cast<int>(options.limits.handshake_timeout.count()));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS,
                             static_cast<int>(options.limits.connection_idle_timeout.count()));
  grpc::ResourceQuota quota("runform-hub");
  quota.Resize(options.limits.grpc_memory_quota_bytes);
  builder.SetResourceQuota(quota);
  server_ = builder.BuildAndStart();
  if (!server_ || port_ == 0) {
    throw std::runtime_error("cannot listen on '" + options.address +
                             "': the address is in use or invalid (use host:port, e.g. 0.0.0.0:50051)");
  }
  maintenance_ = std::thread([this, now = options.auth.now] {
    std::unique_lock lock(maintenance_mutex_);
    int ticks = 0;
    auto next_retention = std::chrono::steady_clock::now() + retention_->options().run_every;
    while (true) {
      if (retention_->enabled() && std::chrono::steady_clock::now() >= next_retention) {
        lock.unlock();
        run_retention(now_unix_ms());
        lock.lock();
        next_retention = std::chrono::steady_clock::now() + retention_->options().run_every;
      }
      if (maintenance_stop_.wait_for(lock, std::chrono::seconds(1), [this] { return maintenance_stopping_; })) break;
      expire_idle_streams(std::chrono::steady_clock::now());
      if (++ticks % kTrimEverySeconds == 0) {
        return_free_memory();
        purge_expired_tokens(now());
      }
    }
  });
}

PurgeCounts HubServer::run_retention(std::int64_t now_unix_ms) {
  try {
    const PurgeCounts purged = retention_->run(now_unix_ms);
    if (purged.sessions > 0) {
      log_event(spdlog::level::info, "retention_purged",
                {{"sessions", purged.sessions}, {"frames", purged.frames},
                 {"frame_days", retention_->options().frame_days}});
      // Deleting athletes' frames is audited like an erasure; the reference holds counts only.
      audit_->record(AuditKind::kRetentionPurge, kRetentionActor, 0, kRetentionRpc, grpc::StatusCode::OK,
                     "sessions=" + std::to_string(purged.sessions) + " frames=" + std::to_string(purged.frames) +
                         " frame_days=" + std::to_string(retention_->options().frame_days));
    }
    return purged;
  } catch (const StoreError& e) {
    // The next run tries again; sessions already purged stay purged (one transaction each).
    log_event(spdlog::level::warn, "retention_failed", {{"error", e.what()}});
    return {};
  }
}

std::size_t HubServer::expire_idle_streams(std::chrono::steady_clock::time_point now) {
  return ingest_->expire_idle(now) + coach_->evict_stalled_watchers(now);
}

void HubServer::purge_expired_tokens(std::chrono::system_clock::time_point now) {
  try {
    access_->purge_expired_tokens(unix_ms_of(now));
  } catch (const StoreError&) {
    // The next minute's tick tries again; an expired token is refused whether or not it is purged.
  }
}

HubServer::~HubServer() { shutdown(std::chrono::milliseconds(2000)); }

void HubServer::shutdown(std::chrono::milliseconds grace) {
  if (stopped_) return;
  stopped_ = true;
  {
    const std::lock_guard lock(maintenance_mutex_);
    maintenance_stopping_ = true;
  }
  maintenance_stop_.notify_all();
  if (maintenance_.joinable()) maintenance_.join();
  core_->draining = true;
  // Commit what was received; the acknowledgements go out before each stream ends.
  committer_->flush();
  ingest_->drain();
  coach_->end_watches();
  server_->Shutdown(std::chrono::system_clock::now() + grace);
  server_->Wait();
  committer_->flush();
}

void HubServer::wait() { server_->Wait(); }

HubStats HubServer::stats() const {
  return {committer_->stats(), ingest_->streams(), live_->size(), registry_->size(),
          club_feed_ != nullptr ? club_feed_->forwarded_frames() : 0};
}

}  // namespace runform::services
