// AccessService (access.proto): sign-in with argon2id-checked passwords and throttled failures,
// person tokens with an expiry, kiosk enrolment with one-time codes, revocation and the audit
// log. Password hashes run on PasswordWorkers, never on gRPC's callback threads.
#pragma once

#include <memory>

#include "runform/v1/access.grpc.pb.h"
#include "services/hub/auth_gate.h"
#include "services/hub/login_throttle.h"
#include "services/hub/password_workers.h"

namespace runform::services {

class AccessService final : public v1::AccessService::CallbackService {
 public:
  explicit AccessService(AuthGate& gate);
  ~AccessService() override;

  grpc::ServerUnaryReactor* Login(grpc::CallbackServerContext* context, const v1::LoginRequest* request,
                                  v1::LoginResponse* response) override;
  grpc::ServerUnaryReactor* RefreshToken(grpc::CallbackServerContext* context, const v1::RefreshTokenRequest* request,
                                         v1::LoginResponse* response) override;
  grpc::ServerUnaryReactor* Logout(grpc::CallbackServerContext* context, const v1::LogoutRequest* request,
                                   v1::LogoutResponse* response) override;
  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* context, const v1::WhoAmIRequest* request,
                                   v1::WhoAmIResponse* response) override;
  grpc::ServerUnaryReactor* EnrollKiosk(grpc::CallbackServerContext* context, const v1::EnrollKioskRequest* request,
                                        v1::EnrollKioskResponse* response) override;
  grpc::ServerUnaryReactor* IssueEnrolmentCode(grpc::CallbackServerContext* context,
                                               const v1::IssueEnrolmentCodeRequest* request,
                                               v1::IssueEnrolmentCodeResponse* response) override;
  grpc::ServerUnaryReactor* RevokeKiosk(grpc::CallbackServerContext* context, const v1::RevokeKioskRequest* request,
                                        v1::RevokeKioskResponse* response) override;
  grpc::ServerUnaryReactor* ListAuditEvents(grpc::CallbackServerContext* context,
                                            const v1::ListAuditEventsRequest* request,
                                            v1::ListAuditEventsResponse* response) override;

 private:
  /// Issues a person token for an account and fills the response.
  void issue_person_token(const AccountRow& account, v1::LoginResponse& response);

  AuthGate& gate_;
  LoginThrottle throttle_;
  /// Computed once: an unknown user name is checked against it, so it costs what a known one does.
  std::string decoy_hash_;
  std::unique_ptr<PasswordWorkers> workers_;  ///< last: its threads end (finishing queued logins) first
};

}  // namespace runform::services
