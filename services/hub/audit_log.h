// AuditLog: what happened to who may see what — logins, denials, enrolments, revocations,
// exports and erasures — written to the store's audit table. It stores no personal data: the
// actor's account name or kiosk id, the role, the RPC, the outcome and an opaque reference,
// never an athlete's name or id, a password or a token (a test greps the database for them).
#pragma once

#include <grpcpp/support/status.h>

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "services/hub/caller.h"
#include "services/store/access_store.h"

namespace runform::services {

/// What an audit event records. Values are stored: append, never renumber.
enum class AuditKind : int {
  kLoginSucceeded = 1,
  kLoginFailed = 2,
  kLoginThrottled = 3,
  kLogout = 4,
  kDenied = 5,           ///< a call refused by the authorization table or a resource rule
  kKioskEnrolled = 6,
  kEnrolmentRefused = 7,
  kKioskRevoked = 8,
  kEnrolmentCodeIssued = 9,
  kAccountCreated = 10,
  kAthleteAssigned = 11,
  kExport = 12,          ///< an athlete's data exported (issue-11-data)
  kErasure = 13,         ///< an athlete's data erased (issue-11-data)
  kRetentionPurge = 14,  ///< frames past the retention period purged (issue-11-data)
};

/// Stable name of a kind for listings ("login_failed").
std::string_view audit_kind_name(AuditKind kind);

class AuditLog {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;
  AuditLog(AccessStore& store, Clock now) : store_(store), now_(std::move(now)) {}

  /// Records one event. A failure to store it is logged, never thrown: an audit write must not
  /// turn an answered call into a failed one. `reference` must not be personal: use
  /// opaque_reference() for something that needs correlating.
  void record(AuditKind kind, const Caller& actor, std::string_view rpc, grpc::StatusCode status,
              std::string_view reference = {});
  /// The same for an actor known only by name (the admin command line, a login by name).
  void record(AuditKind kind, std::string_view actor, int role, std::string_view rpc, grpc::StatusCode status,
              std::string_view reference = {});
  /// A new random reference ("ref-" + 16 hex): ties events together without saying whom they
  /// concern (e.g. an erasure's events), and cannot be turned back into an athlete id.
  static std::string opaque_reference();
  /// Events after an id, oldest first.
  std::vector<AuditRow> list(std::int64_t after_id, std::size_t limit) { return store_.list_audit(after_id, limit); }

 private:
  AccessStore& store_;
  Clock now_;
};

}  // namespace runform::services
