// Caller: who is calling the hub, as established from the call's credential on every call
// (services/hub/auth_gate.h). Every handler receives one; nothing a request says about itself
// (an author, a kiosk id, a station) is taken instead of it.
#pragma once

#include <cstdint>
#include <string>

#include "runform/v1/access.pb.h"

namespace runform::services {

struct Caller {
  enum class Kind { kAnonymous, kPerson, kKiosk };
  Kind kind = Kind::kAnonymous;
  std::string user_name;                   ///< a person's account name
  v1::Role role = v1::ROLE_UNSPECIFIED;    ///< a person's role
  std::string kiosk_id;                    ///< a kiosk's id, from its credential
  std::string station_id;                  ///< a kiosk's station, from its credential
  std::string token_hash;                  ///< the hash of the bearer token presented
  std::int64_t expires_unix_ms = 0;        ///< a person's token expiry

  [[nodiscard]] bool is_person() const { return kind == Kind::kPerson; }
  [[nodiscard]] bool is_kiosk() const { return kind == Kind::kKiosk; }
  [[nodiscard]] bool is_coach() const { return is_person() && role == v1::ROLE_COACH; }
  /// The actor's name for logs and the audit log: an account name or a kiosk id, never a token.
  [[nodiscard]] std::string actor() const {
    if (is_person()) return user_name;
    if (is_kiosk()) return "kiosk:" + kiosk_id;
    return "anonymous";
  }
};

}  // namespace runform::services
