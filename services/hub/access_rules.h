// The authorization table: one row per RPC of the hub, saying who may call it and which resource
// rule narrows what they see. Deny by default: a method without a row is refused for everyone,
// the hub refuses to start if a registered service has a method without a row, and the
// authorization matrix test (tests/services/hub_authorization_matrix_test.cpp) walks every
// service descriptor so a new RPC without a row fails the build's tests.
//
// Adding an RPC is one line in access_rules.cpp, plus its column in the matrix test.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "services/hub/caller.h"

namespace runform::services {

/// Who may call: a set of these bits.
enum CallerBits : unsigned {
  kAnonymous = 1u << 0,  ///< no credential needed (a credential, if sent, is not required to be valid)
  kKiosks = 1u << 1,
  kCoaches = 1u << 2,
  kStaff = 1u << 3,
  kAdmins = 1u << 4,
  kPeople = kCoaches | kStaff | kAdmins,
  kAnyone = kAnonymous | kKiosks | kPeople,
};

/// What narrows a permitted call further; the handler applies it with the caller it was given.
enum class ResourceRule {
  kNone,              ///< the role is enough
  kAssignedAthletes,  ///< a coach sees and annotates only athletes assigned to them (staff, admins: all)
  kOwnKiosk,          ///< a kiosk acts only as the kiosk and station of its credential
  kSelf,              ///< the caller's own token or identity
};

/// One row.
struct AccessRule {
  std::string_view method;  ///< full method name, "/runform.v1.CoachService/ListAthletes"
  unsigned callers;         ///< CallerBits
  ResourceRule resource;
  std::string_view why;
};

/// Every row.
std::span<const AccessRule> access_rules();
/// The row of a full method name, if any.
std::optional<AccessRule> access_rule(std::string_view method);
/// Whether this (authenticated or anonymous) caller's kind and role are in the row.
bool rule_admits(const AccessRule& rule, const Caller& caller);

}  // namespace runform::services
