// AthleteDataService: an athlete's data exported in full (a server stream of bounded chunks, one
// store page in memory at a time) or erased in full (AthleteEraser). Both are logged with a
// random reference only, never the athlete's id or name.
#pragma once

#include "runform/v1/athlete_data.grpc.pb.h"
#include "services/hub/athlete_eraser.h"
#include "services/hub/hub_core.h"

namespace runform::services {

class ExportAthleteReactor;

class AthleteDataService final : public v1::AthleteDataService::CallbackService {
 public:
  AthleteDataService(HubCore& core, AthleteEraser& eraser) : core_(core), eraser_(eraser) {}
  ~AthleteDataService() override;

  grpc::ServerWriteReactor<v1::ExportChunk>* ExportAthlete(grpc::CallbackServerContext* context,
                                                           const v1::ExportAthleteRequest* request) override;
  grpc::ServerUnaryReactor* EraseAthlete(grpc::CallbackServerContext* context, const v1::EraseAthleteRequest* request,
                                         v1::EraseAthleteResponse* response) override;

 private:
  HubCore& core_;
  AthleteEraser& eraser_;
  std::shared_ptr<ReactorSet<ExportAthleteReactor>> exports_ = std::make_shared<ReactorSet<ExportAthleteReactor>>();
};

}  // namespace runform::services
