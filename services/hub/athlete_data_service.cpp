#include "services/hub/call_status.h"
#include "services/hub/athlete_data_service.h"

#include "services/hub/athlete_export_stream.h"
#include "services/hub/free_memory.h"
#include "services/hub/hub_log.h"
#include "services/hub/wire_codec.h"
#include "services/hub/wire_limits.h"
#include "services/store/unix_time.h"

namespace runform::services {

namespace {

constexpr std::size_t kTrimAfterExportBytes = 1 << 20;  // exports this large give their memory back

// The request's athlete id is one the hub could hold: wire limits, then not empty.
constexpr std::string_view kExportMethod = "/runform.v1.AthleteDataService/ExportAthlete";
constexpr std::string_view kEraseMethod = "/runform.v1.AthleteDataService/EraseAthlete";

grpc::Status check_athlete_request(const google::protobuf::Message& request, const std::string& athlete_id) {
  if (auto s = check_wire_limits(request); !s.ok()) return s;
  if (athlete_id.empty()) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "choose an athlete: athlete_id is empty (guest sessions have none)"};
  }
  return grpc::Status::OK;
}

}  // namespace

/// Streams one athlete's export (AthleteExportStream): one chunk in memory at a time, however
/// much the athlete has.
class ExportAthleteReactor final : public grpc::ServerWriteReactor<v1::ExportChunk> {
 public:
  ExportAthleteReactor(HubCore& core, std::string athlete_id, std::weak_ptr<ReactorSet<ExportAthleteReactor>> set)
      : core_(core), athlete_id_(std::move(athlete_id)), stream_(core.store, athlete_id_, now_unix_ms()),
        set_(std::move(set)) {}

  /// Who asked (set before begin()).
  void set_caller(Caller caller) { caller_ = std::move(caller); }

  void begin() {
    try {
      if (!stream_.found()) {
        return Finish({grpc::StatusCode::NOT_FOUND, "the hub holds no data about athlete '" + athlete_id_ + "'"});
      }
    } catch (...) {
      return Finish(status_of_current_exception());
    }
    next();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) return Finish({grpc::StatusCode::CANCELLED, "the reader went away"});
    next();
  }

  void OnDone() override {
    if (bytes_sent_ >= kTrimAfterExportBytes) return_free_memory();
    if (const auto set = set_.lock()) set->remove(this);
  }

 private:
  void next() {
    std::optional<v1::ExportChunk> chunk;
    try {
      chunk = stream_.next();
    } catch (...) {
      return Finish(status_of_current_exception());
    }
    if (!chunk) {
      const auto& t = stream_.totals();
      const std::string reference = new_event_reference();
      log_event(spdlog::level::info, "athlete_exported",
                {{"ref", reference}, {"sessions", t.sessions()}, {"frames", t.frames()},
                 {"annotations", t.annotations()}});
      // The audit log gets the actor, the outcome and a random reference: never whom it concerned.
      core_.gate.audit().record(AuditKind::kExport, caller_, kExportMethod, grpc::StatusCode::OK, reference);
      return Finish(grpc::Status::OK);
    }
    chunk_ = std::move(*chunk);
    bytes_sent_ += chunk_.ByteSizeLong();
    StartWrite(&chunk_);
  }

  HubCore& core_;
  Caller caller_;
  const std::string athlete_id_;
  AthleteExportStream stream_;
  std::weak_ptr<ReactorSet<ExportAthleteReactor>> set_;
  v1::ExportChunk chunk_;
  std::size_t bytes_sent_ = 0;
};

AthleteDataService::~AthleteDataService() = default;

grpc::ServerWriteReactor<v1::ExportChunk>* AthleteDataService::ExportAthlete(grpc::CallbackServerContext* context,
                                                                             const v1::ExportAthleteRequest* request) {
  auto reactor = std::make_shared<ExportAthleteReactor>(core_, request->athlete_id(), exports_);
  ExportAthleteReactor* raw = exports_->add(reactor);
  Caller caller;
  grpc::Status status = core_.gate.admit(*context, kExportMethod, caller);
  if (status.ok()) status = check_athlete_request(*request, request->athlete_id());
  if (!status.ok()) {
    reactor->Finish(status);
  } else {
    reactor->set_caller(caller);
    reactor->begin();
  }
  return raw;
}

grpc::ServerUnaryReactor* AthleteDataService::EraseAthlete(grpc::CallbackServerContext* context,
                                                           const v1::EraseAthleteRequest* request,
                                                           v1::EraseAthleteResponse* response) {
  auto* reactor = context->DefaultReactor();
  grpc::Status status;
  Caller caller;
  try {
    status = core_.gate.admit(*context, kEraseMethod, caller);
    if (status.ok()) status = check_athlete_request(*request, request->athlete_id());
    ErasureResult result;
    if (status.ok()) status = eraser_.erase(request->athlete_id(), now_unix_ms(), result);
    if (status.ok()) {
      response->set_sessions_erased(static_cast<std::uint32_t>(result.counts.sessions));
      response->set_frames_erased(result.counts.frames);
      response->set_annotations_erased(static_cast<std::uint32_t>(result.counts.annotations));
      response->set_streams_ended(result.streams_ended);
      response->set_erasure_ref(result.erasure_ref);
      response->set_erased_unix_ms(result.erased_unix_ms);
      log_event(spdlog::level::info, "athlete_erased",
                {{"ref", result.erasure_ref}, {"sessions", result.counts.sessions},
                 {"frames", result.counts.frames}, {"annotations", result.counts.annotations},
                 {"streams_ended", result.streams_ended}});
      // The audit log gets the actor, the outcome and the random reference: never whom it concerned.
      core_.gate.audit().record(AuditKind::kErasure, caller, kEraseMethod, grpc::StatusCode::OK, result.erasure_ref);
    }
  } catch (...) {
    status = status_of_current_exception();
  }
  reactor->Finish(status);
  return reactor;
}

}  // namespace runform::services
