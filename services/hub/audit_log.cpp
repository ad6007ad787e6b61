#include "services/hub/audit_log.h"

#include <sodium.h>

#include <array>

#include "services/hub/auth_secrets.h"
#include "services/hub/hub_log.h"

namespace runform::services {

std::string_view audit_kind_name(AuditKind kind) {
  switch (kind) {
    case AuditKind::kLoginSucceeded: return "login_succeeded";
    case AuditKind::kLoginFailed: return "login_failed";
    case AuditKind::kLoginThrottled: return "login_throttled";
    case AuditKind::kLogout: return "logout";
    case AuditKind::kDenied: return "denied";
    case AuditKind::kKioskEnrolled: return "kiosk_enrolled";
    case AuditKind::kEnrolmentRefused: return "enrolment_refused";
    case AuditKind::kKioskRevoked: return "kiosk_revoked";
    case AuditKind::kEnrolmentCodeIssued: return "enrolment_code_issued";
    case AuditKind::kAccountCreated: return "account_created";
    case AuditKind::kAthleteAssigned: return "athlete_assigned";
    case AuditKind::kExport: return "export";
    case AuditKind::kErasure: return "erasure";
    case AuditKind::kRetentionPurge: return "retention_purge";
  }
  return "unknown";
}

void AuditLog::record(AuditKind kind, const Caller& actor, std::string_view rpc, grpc::StatusCode status,
                      std::string_view reference) {
  record(kind, actor.actor(), actor.is_person() ? actor.role : 0, rpc, status, reference);
}

void AuditLog::record(AuditKind kind, std::string_view actor, int role, std::string_view rpc, grpc::StatusCode status,
                      std::string_view reference) {
  const auto unix_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now_().time_since_epoch()).count();
  try {
    store_.append_audit({0, unix_ms, static_cast<int>(kind), std::string(actor), role, std::string(rpc),
                         static_cast<int>(status), std::string(reference)});
  } catch (const std::exception& e) {
    log_event(spdlog::level::err, "audit_write_failed", {{"kind", audit_kind_name(kind)}, {"error", e.what()}});
  }
}

std::string AuditLog::opaque_reference() {
  ensure_sodium_ready();
  std::array<unsigned char, 8> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 17> hex{};
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  return std::string("ref-") + hex.data();
}

}  // namespace runform::services
