// AssessmentService: group assessments on the hub — protocols, assessments, rosters, station
// check-ins and step records, and the board and results derived from them (all unary calls on
// gRPC's callback threads, against the assessment store and the session store).
#pragma once

#include "runform/v1/assessment.grpc.pb.h"
#include "services/hub/hub_core.h"
#include "services/store/assessment_store.h"

namespace runform::services {

class AssessmentService final : public v1::AssessmentService::CallbackService {
 public:
  AssessmentService(HubCore& core, AssessmentStore& store) : core_(core), store_(store) {}

  grpc::ServerUnaryReactor* SaveProtocol(grpc::CallbackServerContext* context, const v1::Protocol* request,
                                         v1::Protocol* response) override;
  grpc::ServerUnaryReactor* ListProtocols(grpc::CallbackServerContext* context, const v1::ListProtocolsRequest* request,
                                          v1::ListProtocolsResponse* response) override;
  grpc::ServerUnaryReactor* CreateAssessment(grpc::CallbackServerContext* context,
                                             const v1::CreateAssessmentRequest* request,
                                             v1::Assessment* response) override;
  grpc::ServerUnaryReactor* ListAssessments(grpc::CallbackServerContext* context,
                                            const v1::ListAssessmentsRequest* request,
                                            v1::ListAssessmentsResponse* response) override;
  grpc::ServerUnaryReactor* GetAssessment(grpc::CallbackServerContext* context, const v1::GetAssessmentRequest* request,
                                          v1::Assessment* response) override;
  grpc::ServerUnaryReactor* ImportRoster(grpc::CallbackServerContext* context, const v1::ImportRosterRequest* request,
                                         v1::ImportRosterResponse* response) override;
  grpc::ServerUnaryReactor* ListRoster(grpc::CallbackServerContext* context, const v1::ListRosterRequest* request,
                                       v1::ListRosterResponse* response) override;
  grpc::ServerUnaryReactor* CheckIn(grpc::CallbackServerContext* context, const v1::CheckInRequest* request,
                                    v1::CheckInResponse* response) override;
  grpc::ServerUnaryReactor* RecordStep(grpc::CallbackServerContext* context, const v1::RecordStepRequest* request,
                                       v1::RecordStepResponse* response) override;
  grpc::ServerUnaryReactor* GetBoard(grpc::CallbackServerContext* context, const v1::GetBoardRequest* request,
                                     v1::Board* response) override;
  grpc::ServerUnaryReactor* GetResults(grpc::CallbackServerContext* context, const v1::GetResultsRequest* request,
                                       v1::Results* response) override;

 private:
  /// The assessment, or NOT_FOUND.
  AssessmentRow existing_assessment(const std::string& assessment_id);

  HubCore& core_;
  AssessmentStore& store_;
};

}  // namespace runform::services
