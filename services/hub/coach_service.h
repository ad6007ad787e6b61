// CoachService: the coach-facing reads (athletes, sessions, frames, series, trends), notes and
// bookmarks, and WatchLive. Unary calls run on gRPC's callback threads against the store's
// reader connection; streams are one small reactor each.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "runform/v1/coach.grpc.pb.h"
#include "services/hub/hub_core.h"

namespace runform::services {

class WatchLiveReactor;
class ReadFramesReactor;

class CoachService final : public v1::CoachService::CallbackService {
 public:
  explicit CoachService(HubCore& core) : core_(core) {}
  ~CoachService() override;

  grpc::ServerUnaryReactor* ListAthletes(grpc::CallbackServerContext* context, const v1::ListAthletesRequest* request,
                                         v1::ListAthletesResponse* response) override;
  grpc::ServerUnaryReactor* ListSessions(grpc::CallbackServerContext* context, const v1::ListSessionsRequest* request,
                                         v1::ListSessionsResponse* response) override;
  grpc::ServerUnaryReactor* GetSession(grpc::CallbackServerContext* context, const v1::GetSessionRequest* request,
                                       v1::SessionInfo* response) override;
  grpc::ServerWriteReactor<v1::FrameBatch>* ReadFrames(grpc::CallbackServerContext* context,
                                                       const v1::ReadFramesRequest* request) override;
  grpc::ServerUnaryReactor* GetMetricSeries(grpc::CallbackServerContext* context,
                                            const v1::MetricSeriesRequest* request,
                                            v1::MetricSeries* response) override;
  grpc::ServerUnaryReactor* GetMetricTrend(grpc::CallbackServerContext* context, const v1::MetricTrendRequest* request,
                                           v1::MetricTrend* response) override;
  grpc::ServerUnaryReactor* AddAnnotation(grpc::CallbackServerContext* context,
                                          const v1::AddAnnotationRequest* request,
                                          v1::Annotation* response) override;
  grpc::ServerUnaryReactor* ListAnnotations(grpc::CallbackServerContext* context,
                                            const v1::ListAnnotationsRequest* request,
                                            v1::ListAnnotationsResponse* response) override;
  grpc::ServerWriteReactor<v1::LiveUpdate>* WatchLive(grpc::CallbackServerContext* context,
                                                      const v1::WatchLiveRequest* request) override;

  /// Shutdown: ends every live watch.
  void end_watches();
  /// Ends live watches whose update has waited for the watcher to read longer than the stall
  /// timeout as of `now`; returns how many.
  std::size_t evict_stalled_watchers(std::chrono::steady_clock::time_point now);

 private:
  /// Watcher slots per account (the total is the broadcaster's): one account cannot take every
  /// slot, so one stuck dashboard does not lock every other coach out.
  bool take_watcher_slot(const std::string& account);
  void give_back_watcher_slot(const std::string& account);

  HubCore& core_;
  std::mutex slots_mutex_;
  std::unordered_map<std::string, std::size_t> watches_by_account_;
  std::shared_ptr<ReactorSet<WatchLiveReactor>> watchers_ = std::make_shared<ReactorSet<WatchLiveReactor>>();
  std::shared_ptr<ReactorSet<ReadFramesReactor>> readers_ = std::make_shared<ReactorSet<ReadFramesReactor>>();
};

}  // namespace runform::services
