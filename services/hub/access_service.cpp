#include "services/hub/access_service.h"

#include "services/hub/auth_secrets.h"
#include "services/hub/hub_log.h"
#include "services/hub/wire_limits.h"
#include "services/store/unix_time.h"

namespace runform::services {

namespace {

constexpr std::string_view kService = "/runform.v1.AccessService/";
constexpr std::uint32_t kDefaultAuditPage = 100;
constexpr std::uint32_t kMaxAuditPage = 500;  // ListAuditEventsResponse.events in wire_limits

std::string method(std::string_view name) { return std::string(kService) + std::string(name); }

// The address part of a gRPC peer ("ipv4:10.0.0.7:51234" → "ipv4:10.0.0.7"): the throttle keys
// on the machine, not the connection.
std::string peer_address(const grpc::CallbackServerContext& context) {
  const std::string peer = context.peer();
  const auto colon = peer.rfind(':');
  return colon == std::string::npos || colon < 5 ? peer : peer.substr(0, colon);
}

grpc::Status storage_failure(const std::exception& e) {
  return {grpc::StatusCode::UNAVAILABLE, std::string("storage: ") + e.what() + "; retry shortly"};
}

// Admits, checks the wire limits, runs the body and finishes the call once; exceptions become a
// status. The body gets the caller the gate established.
template <typename Fn>
grpc::ServerUnaryReactor* guarded(AuthGate& gate, grpc::CallbackServerContext* context,
                                  const google::protobuf::Message& request, std::string_view name, Fn&& body) {
  auto* reactor = context->DefaultReactor();
  grpc::Status status;
  try {
    Caller caller;
    status = gate.admit(*context, method(name), caller);
    if (status.ok()) status = check_wire_limits(request);
    if (status.ok()) status = body(caller);
  } catch (const StoreError& e) {
    status = storage_failure(e);
  } catch (const std::exception& e) {
    status = {grpc::StatusCode::INTERNAL, std::string("the hub failed on this request: ") + e.what()};
  }
  reactor->Finish(status);
  return reactor;
}

}  // namespace

AccessService::AccessService(AuthGate& gate)
    : gate_(gate),
      throttle_(gate.options().throttle),
      decoy_hash_(hash_password("not a password anyone has", gate.options().password_cost)),
      workers_(std::make_unique<PasswordWorkers>(gate.options().password_workers, gate.options().password_queue)) {}

AccessService::~AccessService() { workers_.reset(); }

void AccessService::issue_person_token(const AccountRow& account, v1::LoginResponse& response) {
  const std::string token = new_bearer_token(kPersonTokenPrefix);
  const auto expires = unix_ms_of(gate_.options().now() + gate_.options().person_token_lifetime);
  gate_.store().add_person_token({secret_hash(token), account.user_name, expires});
  response.set_token(token);
  response.set_expires_unix_ms(expires);
  response.set_user_name(account.user_name);
  response.set_role(static_cast<v1::Role>(account.role));
}

grpc::ServerUnaryReactor* AccessService::Login(grpc::CallbackServerContext* context, const v1::LoginRequest* request,
                                               v1::LoginResponse* response) {
  auto* reactor = context->DefaultReactor();
  const std::string name = method("Login");
  Caller ignored;
  grpc::Status status = gate_.admit(*context, name, ignored);
  if (status.ok()) status = check_wire_limits(*request);
  if (!status.ok()) {
    reactor->Finish(status);
    return reactor;
  }
  const std::string user = request->user_name();
  const std::string address = peer_address(*context);
  // Throttled before any hashing: a guesser costs the hub nothing once locked out.
  if (const auto wait = throttle_.wait_before_try(user, address, gate_.options().now())) {
    gate_.audit().record(AuditKind::kLoginThrottled, "anonymous", 0, name, grpc::StatusCode::RESOURCE_EXHAUSTED);
    reactor->Finish({grpc::StatusCode::RESOURCE_EXHAUSTED,
                     "too many failed sign-ins for this name or from this address; try again in " +
                         std::to_string(wait->count()) + " s"});
    return reactor;
  }
  std::optional<AccountRow> account;
  try {
    account = gate_.store().account(user);
  } catch (const StoreError& e) {
    reactor->Finish(storage_failure(e));
    return reactor;
  }
  // The request's password is copied into the job and wiped after the check.
  auto job = [this, reactor, response, account, user, address, name, password = request->password()]() mutable {
    const bool ok = verify_password(account ? account->password_hash : decoy_hash_, password) && account.has_value();
    std::fill(password.begin(), password.end(), '\0');
    grpc::Status result;
    try {
      if (ok) {
        throttle_.record_success(user);
        issue_person_token(*account, *response);
        gate_.audit().record(AuditKind::kLoginSucceeded, account->user_name, account->role, name, grpc::StatusCode::OK);
      } else {
        throttle_.record_failure(user, address, gate_.options().now());
        // The attempted name is recorded only if it is an account: people type passwords into
        // the name field, and the audit log must never hold one.
        gate_.audit().record(AuditKind::kLoginFailed, account ? account->user_name : "(unknown name)",
                             account ? account->role : 0, name, grpc::StatusCode::UNAUTHENTICATED);
        result = {grpc::StatusCode::UNAUTHENTICATED, "wrong user name or password"};
      }
    } catch (const StoreError& e) {
      result = storage_failure(e);
    }
    reactor->Finish(result);
  };
  if (!workers_->submit(std::move(job))) {
    reactor->Finish({grpc::StatusCode::RESOURCE_EXHAUSTED, "the hub is busy checking other sign-ins; retry in a moment"});
  }
  return reactor;
}

grpc::ServerUnaryReactor* AccessService::RefreshToken(grpc::CallbackServerContext* context,
                                                      const v1::RefreshTokenRequest* request,
                                                      v1::LoginResponse* response) {
  return guarded(gate_, context, *request, "RefreshToken", [&](const Caller& caller) -> grpc::Status {
    const auto account = gate_.store().account(caller.user_name);
    if (!account) return {grpc::StatusCode::UNAUTHENTICATED, "this account no longer exists"};
    issue_person_token(*account, *response);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AccessService::Logout(grpc::CallbackServerContext* context,
                                                const v1::LogoutRequest* request, v1::LogoutResponse* /*response*/) {
  return guarded(gate_, context, *request, "Logout", [&](const Caller& caller) -> grpc::Status {
    gate_.store().delete_person_token(caller.token_hash);
    gate_.forget(caller.token_hash);
    gate_.audit().record(AuditKind::kLogout, caller, method("Logout"), grpc::StatusCode::OK);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AccessService::WhoAmI(grpc::CallbackServerContext* context,
                                                const v1::WhoAmIRequest* request, v1::WhoAmIResponse* response) {
  return guarded(gate_, context, *request, "WhoAmI", [&](const Caller& caller) -> grpc::Status {
    if (caller.is_kiosk()) {
      response->mutable_kiosk()->set_kiosk_id(caller.kiosk_id);
      response->mutable_kiosk()->set_station_id(caller.station_id);
    } else {
      response->mutable_person()->set_user_name(caller.user_name);
      response->mutable_person()->set_role(caller.role);
      response->mutable_person()->set_token_expires_unix_ms(caller.expires_unix_ms);
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AccessService::EnrollKiosk(grpc::CallbackServerContext* context,
                                                     const v1::EnrollKioskRequest* request,
                                                     v1::EnrollKioskResponse* response) {
  return guarded(gate_, context, *request, "EnrollKiosk", [&](const Caller&) -> grpc::Status {
    const std::string name = method("EnrollKiosk");
    if (request->kiosk_id().empty()) return {grpc::StatusCode::INVALID_ARGUMENT, "choose a kiosk_id for this kiosk"};
    const std::string address = peer_address(*context);
    // Codes are guessed like passwords: wrong codes count against the address.
    if (const auto wait = throttle_.wait_before_try("enrolment:" + address, address, gate_.options().now())) {
      return {grpc::StatusCode::RESOURCE_EXHAUSTED,
              "too many wrong enrolment codes from this address; try again in " + std::to_string(wait->count()) + " s"};
    }
    const std::string token = new_bearer_token(kKioskTokenPrefix);
    KioskRow kiosk{request->kiosk_id(), "", secret_hash(token), 0, 0};
    const auto outcome = gate_.store().enrol_kiosk(secret_hash(normalise_enrolment_code(request->enrolment_code())),
                                                   unix_ms_of(gate_.options().now()), kiosk);
    if (outcome == EnrolOutcome::kBadCode) {
      throttle_.record_failure("enrolment:" + address, address, gate_.options().now());
      gate_.audit().record(AuditKind::kEnrolmentRefused, "kiosk:" + request->kiosk_id(), 0, name,
                           grpc::StatusCode::UNAUTHENTICATED);
      return {grpc::StatusCode::UNAUTHENTICATED,
              "this enrolment code is unknown, used or expired: ask an admin for a new one"};
    }
    if (outcome == EnrolOutcome::kKioskIdTaken) {
      return {grpc::StatusCode::ALREADY_EXISTS, "kiosk id '" + request->kiosk_id() +
                                                    "' belongs to another enrolled kiosk; choose another (the code "
                                                    "is still unused)"};
    }
    gate_.audit().record(AuditKind::kKioskEnrolled, "kiosk:" + kiosk.kiosk_id, 0, name, grpc::StatusCode::OK);
    log_event(spdlog::level::info, "kiosk_enrolled", {{"kiosk_id", kiosk.kiosk_id}, {"station_id", kiosk.station_id}});
    response->set_kiosk_token(token);
    response->set_kiosk_id(kiosk.kiosk_id);
    response->set_station_id(kiosk.station_id);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AccessService::IssueEnrolmentCode(grpc::CallbackServerContext* context,
                                                            const v1::IssueEnrolmentCodeRequest* request,
                                                            v1::IssueEnrolmentCodeResponse* response) {
  return guarded(gate_, context, *request, "IssueEnrolmentCode", [&](const Caller& caller) -> grpc::Status {
    const auto& options = gate_.options();
    if (request->station_id().empty()) return {grpc::StatusCode::INVALID_ARGUMENT, "choose a station_id"};
    const std::chrono::minutes valid =
        request->valid_minutes() == 0 ? options.default_enrolment_code_lifetime
                                      : std::chrono::minutes(request->valid_minutes());
    if (valid > options.max_enrolment_code_lifetime) {
      return {grpc::StatusCode::INVALID_ARGUMENT,
              "valid_minutes must be at most " + std::to_string(options.max_enrolment_code_lifetime.count())};
    }
    const std::string code = new_enrolment_code();
    const auto expires = unix_ms_of(options.now() + valid);
    gate_.store().add_enrolment_code({secret_hash(code), request->station_id(), expires});
    gate_.audit().record(AuditKind::kEnrolmentCodeIssued, caller, method("IssueEnrolmentCode"), grpc::StatusCode::OK);
    response->set_enrolment_code(code);
    response->set_expires_unix_ms(expires);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AccessService::RevokeKiosk(grpc::CallbackServerContext* context,
                                                     const v1::RevokeKioskRequest* request,
                                                     v1::RevokeKioskResponse* /*response*/) {
  return guarded(gate_, context, *request, "RevokeKiosk", [&](const Caller& caller) -> grpc::Status {
    if (!gate_.store().revoke_kiosk(request->kiosk_id(), unix_ms_of(gate_.options().now()))) {
      return {grpc::StatusCode::NOT_FOUND, "no kiosk '" + request->kiosk_id() + "' (see runform-hub admin list-kiosks)"};
    }
    gate_.forget_all();  // the revoked credential is refused from the next call or message on
    gate_.audit().record(AuditKind::kKioskRevoked, caller, method("RevokeKiosk"), grpc::StatusCode::OK,
                         "kiosk:" + request->kiosk_id());
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AccessService::ListAuditEvents(grpc::CallbackServerContext* context,
                                                         const v1::ListAuditEventsRequest* request,
                                                         v1::ListAuditEventsResponse* response) {
  return guarded(gate_, context, *request, "ListAuditEvents", [&](const Caller&) -> grpc::Status {
    const std::uint32_t size = request->page_size() == 0 ? kDefaultAuditPage : request->page_size();
    if (size > kMaxAuditPage) {
      return {grpc::StatusCode::INVALID_ARGUMENT, "page_size must be at most " + std::to_string(kMaxAuditPage)};
    }
    for (const AuditRow& row : gate_.audit().list(request->after_event_id(), size)) {
      auto* e = response->add_events();
      e->set_event_id(row.event_id);
      e->set_unix_ms(row.unix_ms);
      e->set_kind(std::string(audit_kind_name(static_cast<AuditKind>(row.kind))));
      e->set_actor(row.actor);
      e->set_role(static_cast<v1::Role>(row.role));
      e->set_rpc(row.rpc);
      e->set_status(row.status);
      e->set_reference(row.reference);
    }
    return grpc::Status::OK;
  });
}

}  // namespace runform::services
