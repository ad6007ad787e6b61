#include "services/hub/auth_gate.h"

namespace runform::services {

namespace {
constexpr std::size_t kMaxTokenChars = 200;         // our tokens are 47 characters
constexpr std::size_t kMaxCachedCredentials = 10'000;  // far above a club's kiosks and coaches
constexpr std::string_view kBearer = "Bearer ";
}  // namespace

AuthGate::AuthGate(AccessStore& store, AuditLog& audit, const AuthOptions& options)
    : store_(store), audit_(audit), options_(options) {}

std::string AuthGate::bearer_token(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  const auto it = metadata.find("authorization");
  if (it == metadata.end()) return {};
  const std::string_view value(it->second.data(), it->second.size());
  if (!value.starts_with(kBearer)) return {};
  return std::string(value.substr(kBearer.size()));
}

std::optional<Caller> AuthGate::identify(const std::string& token_hash) {
  const auto steady_now = std::chrono::steady_clock::now();
  const std::int64_t now_ms = unix_ms_of(options_.now());
  {
    const std::lock_guard lock(mutex_);
    if (const auto it = cache_.find(token_hash);
        it != cache_.end() && steady_now - it->second.checked < options_.credential_recheck) {
      const Caller& c = it->second.caller;
      if (!c.is_person() || c.expires_unix_ms > now_ms) return c;
      cache_.erase(it);
      return std::nullopt;
    }
  }
  std::optional<Caller> found;
  if (const auto token = store_.person_token(token_hash); token && token->expires_unix_ms > now_ms) {
    if (const auto account = store_.account(token->user_name)) {
      Caller c;
      c.kind = Caller::Kind::kPerson;
      c.user_name = account->user_name;
      c.role = static_cast<v1::Role>(account->role);
      c.token_hash = token_hash;
      c.expires_unix_ms = token->expires_unix_ms;
      found = c;
    }
  } else if (const auto kiosk = store_.kiosk_by_token(token_hash); kiosk && kiosk->revoked_unix_ms == 0) {
    Caller c;
    c.kind = Caller::Kind::kKiosk;
    c.kiosk_id = kiosk->kiosk_id;
    c.station_id = kiosk->station_id;
    c.token_hash = token_hash;
    found = c;
  }
  const std::lock_guard lock(mutex_);
  if (!found) {
    cache_.erase(token_hash);
    return std::nullopt;
  }
  if (cache_.size() >= kMaxCachedCredentials) cache_.clear();
  cache_[token_hash] = {*found, steady_now};
  return found;
}

grpc::Status AuthGate::admit(const grpc::ServerContextBase& context, std::string_view method, Caller& caller) {
  caller = Caller{};
  const auto rule = access_rule(method);
  if (!rule) {
    return {grpc::StatusCode::PERMISSION_DENIED,
            "this hub has no authorization rule for " + std::string(method) + ", so nobody may call it"};
  }
  const std::string token = bearer_token(context);
  if (!token.empty() && token.size() <= kMaxTokenChars) {
    if (auto who = identify(secret_hash(token))) caller = *who;
  }
  if (caller.kind == Caller::Kind::kAnonymous) {
    if ((rule->callers & kAnonymous) != 0) return grpc::Status::OK;
    return {grpc::StatusCode::UNAUTHENTICATED,
            token.empty() ? "sign in first: this call needs an account's token or an enrolled kiosk's credential, "
                            "sent as 'authorization: Bearer <token>'"
                          : "the token sent is unknown, expired or revoked: sign in again (a kiosk: enrol again "
                            "with a new code from an admin)"};
  }
  if (!rule_admits(*rule, caller)) {
    return deny(caller, method, caller.is_kiosk() ? "a kiosk may only upload sessions"
                                                  : "your role may not call " + std::string(method));
  }
  return grpc::Status::OK;
}

grpc::Status AuthGate::still_valid(const Caller& caller) {
  if (caller.kind == Caller::Kind::kAnonymous) return grpc::Status::OK;
  if (identify(caller.token_hash)) return grpc::Status::OK;
  return {grpc::StatusCode::UNAUTHENTICATED,
          caller.is_kiosk() ? "this kiosk's credential was revoked: ask an admin for a new enrolment code"
                            : "your sign-in expired or ended: sign in again"};
}

grpc::Status AuthGate::deny(const Caller& caller, std::string_view method, const std::string& message) {
  audit_.record(AuditKind::kDenied, caller, method, grpc::StatusCode::PERMISSION_DENIED);
  return {grpc::StatusCode::PERMISSION_DENIED, message};
}

std::optional<std::unordered_set<std::string>> AuthGate::athlete_scope(const Caller& caller) {
  if (caller.is_person() && (caller.role == v1::ROLE_STAFF || caller.role == v1::ROLE_ADMIN)) return std::nullopt;
  std::unordered_set<std::string> ids;
  if (caller.is_coach()) {
    for (auto& id : store_.assigned_athletes(caller.user_name)) ids.insert(std::move(id));
  }
  return ids;
}

bool AuthGate::may_see_athlete(const Caller& caller, std::string_view athlete_id) {
  const auto scope = athlete_scope(caller);
  return !scope || (!athlete_id.empty() && scope->contains(std::string(athlete_id)));
}

void AuthGate::forget(const std::string& token_hash) {
  const std::lock_guard lock(mutex_);
  cache_.erase(token_hash);
}

void AuthGate::forget_all() {
  const std::lock_guard lock(mutex_);
  cache_.clear();
}

}  // namespace runform::services
