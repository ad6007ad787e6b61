// AuthGate: the check every handler runs first. It reads the bearer token of the call, finds who
// it belongs to (a person's token or a kiosk's credential, by hash), and admits the call only if
// the method's row in the authorization table (access_rules.h) lets that caller in. Refusals
// that concern a known caller are written to the audit log. A short cache keeps ingest fast; a
// credential revoked on this hub is dropped from it at once, one revoked elsewhere (the admin
// command line, another hub) within credential_recheck.
#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "services/hub/access_rules.h"
#include "services/hub/audit_log.h"
#include "services/hub/auth_secrets.h"
#include "services/hub/caller.h"
#include "services/hub/login_throttle.h"
#include "services/store/access_store.h"

namespace runform::services {

/// Sign-in, credentials and authorization settings.
struct AuthOptions {
  /// A person's token lasts a working day; RefreshToken renews it before then.
  std::chrono::minutes person_token_lifetime{12 * 60};
  std::chrono::minutes default_enrolment_code_lifetime{60};
  std::chrono::minutes max_enrolment_code_lifetime{7 * 24 * 60};
  PasswordCost password_cost = PasswordCost::interactive();
  /// Concurrent argon2id hashes (64 MiB each at the interactive cost) and logins waiting for one.
  std::size_t password_workers = 2;
  std::size_t password_queue = 64;
  ThrottleLimits throttle;
  /// How long a credential checked against the store is trusted before it is checked again: the
  /// bound on how late a revocation made outside this hub takes effect.
  std::chrono::milliseconds credential_recheck{1000};
  /// Live watches one account may hold at once (the total is HubLimits::max_watchers).
  std::size_t max_watchers_per_account = 4;
  /// Wall clock for expiries and throttling; tests set their own.
  std::function<std::chrono::system_clock::time_point()> now = [] { return std::chrono::system_clock::now(); };
};

/// Milliseconds since the Unix epoch of a clock reading.
inline std::int64_t unix_ms_of(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

class AuthGate {
 public:
  AuthGate(AccessStore& store, AuditLog& audit, const AuthOptions& options);

  /// Admits a call of `method` or says why not: UNAUTHENTICATED without a valid credential
  /// (unless the row admits anonymous callers), PERMISSION_DENIED when the row does not list the
  /// caller (audited), and PERMISSION_DENIED for a method without a row.
  grpc::Status admit(const grpc::ServerContextBase& context, std::string_view method, Caller& caller);
  /// For a long stream: whether the caller's credential is still valid now (UNAUTHENTICATED if
  /// it was revoked or expired since the stream began).
  grpc::Status still_valid(const Caller& caller);
  /// PERMISSION_DENIED with the message, recorded in the audit log.
  grpc::Status deny(const Caller& caller, std::string_view method, const std::string& message);

  /// The athlete ids a caller may see; nullopt means every athlete (staff and admins).
  std::optional<std::unordered_set<std::string>> athlete_scope(const Caller& caller);
  /// Whether the caller may see this athlete ("" is a guest: staff and admins only).
  bool may_see_athlete(const Caller& caller, std::string_view athlete_id);

  /// Drops a credential from the cache (after a logout or a revocation on this hub).
  void forget(const std::string& token_hash);
  /// Empties the cache (after a kiosk was revoked by id on this hub).
  void forget_all();

  [[nodiscard]] const AuthOptions& options() const { return options_; }
  [[nodiscard]] AuditLog& audit() { return audit_; }
  [[nodiscard]] AccessStore& store() { return store_; }

  /// The bearer token of a call, or "" if none was sent.
  static std::string bearer_token(const grpc::ServerContextBase& context);

 private:
  /// The caller a token belongs to, if it is valid now.
  std::optional<Caller> identify(const std::string& token_hash);

  struct Cached {
    Caller caller;
    std::chrono::steady_clock::time_point checked;
  };
  AccessStore& store_;
  AuditLog& audit_;
  AuthOptions options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace runform::services
