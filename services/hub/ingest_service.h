// IngestService: the KioskIngest bidirectional stream, one IngestReactor per kiosk connection.
// The method is registered raw (bytes in, bytes out) so that the hub decodes requests itself
// and can answer a malformed one with INVALID_ARGUMENT instead of gRPC's silent end of stream.
#pragma once

#include "runform/v1/ingest.grpc.pb.h"
#include "services/hub/hub_core.h"

namespace runform::services {

class IngestReactor;

class IngestService final : public v1::KioskIngest::WithRawCallbackMethod_Ingest<v1::KioskIngest::Service> {
 public:
  explicit IngestService(HubCore& core) : core_(core) {}
  ~IngestService() override;

  grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* Ingest(grpc::CallbackServerContext* context) override;

  /// Shutdown: every stream finishes with UNAVAILABLE once its queued commits are acknowledged.
  void drain();
  /// Ends streams that have sent nothing for the idle timeout as of `now` (called periodically;
  /// the time is a parameter so tests need not wait). Returns how many were ended.
  std::size_t expire_idle(std::chrono::steady_clock::time_point now);
  /// Ends the given streams (owners as the session registry knows them) with `status`; returns
  /// how many were running. The athlete eraser uses it for streams of an erased athlete.
  std::size_t end_streams(const std::vector<const void*>& owners, const grpc::Status& status);
  /// Running streams.
  [[nodiscard]] std::size_t streams() const;

 private:
  HubCore& core_;
  std::shared_ptr<ReactorSet<IngestReactor>> reactors_ = std::make_shared<ReactorSet<IngestReactor>>();
};

}  // namespace runform::services
