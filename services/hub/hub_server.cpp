#include "services/hub/hub_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <stdexcept>

#include "services/hub/assessment_service.h"
#include "services/hub/coach_service.h"
#include "services/hub/free_memory.h"
#include "services/hub/ingest_service.h"
#include "services/hub/club_feed.h"
#include "services/store/open_store.h"

namespace runform::services {

namespace {
constexpr int kTrimEverySeconds = 60;  // memory freed by many small reads goes back once a minute
}  // namespace

HubServer::HubServer(const HubOptions& options) : HubServer(options, open_store(options.store)) {}

HubServer::HubServer(const HubOptions& options, std::unique_ptr<SessionStore> store) : store_(std::move(store)) {
  committer_ = std::make_unique<GroupCommitter>(*store_, options.commit);
  registry_ = std::make_unique<SessionRegistry>(*store_, options.limits.max_open_sessions_per_kiosk);
  live_ = std::make_unique<LiveBroadcaster>(options.limits.max_watchers, options.limits.live_linger);
  core_ = std::unique_ptr<HubCore>(new HubCore{*store_, *committer_, *registry_, *live_, options.limits, {}});
  if (auto listener = store_->listen_commits()) {
    club_feed_ = std::make_unique<ClubFeed>(*store_, std::move(listener), *live_);
  }
  ingest_ = std::make_unique<IngestService>(*core_);
  coach_ = std::make_unique<CoachService>(*core_);
  assessment_store_ = open_assessment_store(options.store);
  assessments_ = std::make_unique<AssessmentService>(*core_, *assessment_store_);

  // Checked before anything listens: a hub never falls back to plaintext on its own.
  const auto credentials = hub_listener_credentials(options.address, options.tls, options.insecure_loopback);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.address, credentials, &port_);
  builder.RegisterService(ingest_.get());
  builder.RegisterService(coach_.get());
  builder.RegisterService(assessments_.get());
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
  maintenance_ = std::thread([this] {
    std::unique_lock lock(maintenance_mutex_);
    int ticks = 0;
    while (!maintenance_stop_.wait_for(lock, std::chrono::seconds(1), [this] { return maintenance_stopping_; })) {
      expire_idle_streams(std::chrono::steady_clock::now());
      if (++ticks % kTrimEverySeconds == 0) return_free_memory();
    }
  });
}

std::size_t HubServer::expire_idle_streams(std::chrono::steady_clock::time_point now) {
  return ingest_->expire_idle(now) + coach_->evict_stalled_watchers(now);
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
