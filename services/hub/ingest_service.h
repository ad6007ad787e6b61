// IngestService: the KioskIngest bidirectional stream, one IngestReactor per kiosk connection.
#pragma once

#include "runform/v1/ingest.grpc.pb.h"
#include "services/hub/hub_core.h"

namespace runform::services {

class IngestReactor;

class IngestService final : public v1::KioskIngest::CallbackService {
 public:
  explicit IngestService(HubCore& core) : core_(core) {}
  ~IngestService() override;

  grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse>* Ingest(grpc::CallbackServerContext* context) override;

  /// Shutdown: every stream finishes with UNAVAILABLE once its queued commits are acknowledged.
  void drain();
  /// Running streams.
  [[nodiscard]] std::size_t streams() const;

 private:
  HubCore& core_;
  std::shared_ptr<ReactorSet<IngestReactor>> reactors_ = std::make_shared<ReactorSet<IngestReactor>>();
};

}  // namespace runform::services
