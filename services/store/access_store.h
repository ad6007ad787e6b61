// AccessStore: who may call the hub — accounts, person tokens, coach↔athlete assignments,
// enrolled kiosks, enrolment codes — and the audit log. Secrets are never stored: an account
// keeps an argon2id hash string, tokens and codes are kept as hashes of the random value. The
// hub's services/hub/auth_* code decides; this layer only stores.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/store/session_store.h"

namespace runform::services {

/// A person's account. role is the wire enum value (runform.v1.Role).
struct AccountRow {
  std::string user_name;
  int role = 0;
  std::string password_hash;  ///< crypto_pwhash_str output (argon2id, salted, parameters inside)
  std::int64_t created_unix_ms = 0;
};

/// A signed-in person's token, by the hash of the token.
struct PersonTokenRow {
  std::string token_hash;
  std::string user_name;
  std::int64_t expires_unix_ms = 0;
};

/// An enrolled kiosk: its credential is the hash of a long random token.
struct KioskRow {
  std::string kiosk_id;
  std::string station_id;
  std::string token_hash;
  std::int64_t enrolled_unix_ms = 0;
  std::int64_t revoked_unix_ms = 0;  ///< 0 while the kiosk may call
};

/// A one-time enrolment code for a station, by the hash of the code.
struct EnrolmentCodeRow {
  std::string code_hash;
  std::string station_id;
  std::int64_t expires_unix_ms = 0;
};

/// What an enrolment attempt came to.
enum class EnrolOutcome {
  kEnrolled,
  kBadCode,       ///< unknown, used or expired (one answer for all three)
  kKioskIdTaken,  ///< another kiosk that is not revoked has this id; the code stays unused
};

/// One audit event. Holds no personal data: actor is an account name or a kiosk id, reference
/// an opaque id the caller made (never an athlete's id or name), rpc a method name.
struct AuditRow {
  std::int64_t event_id = 0;  ///< set by the store, rising
  std::int64_t unix_ms = 0;
  int kind = 0;    ///< AuditKind value (services/hub/audit_log.h)
  std::string actor;
  int role = 0;    ///< runform.v1.Role value of the actor; 0 for a kiosk or nobody
  std::string rpc;
  int status = 0;  ///< grpc::StatusCode of the outcome
  std::string reference;
};

/// Storage of accounts, credentials and the audit log. Safe to call from several threads.
/// Every method throws StoreError when the database fails.
class AccessStore {
 public:
  virtual ~AccessStore() = default;

  /// False if the user name is taken.
  virtual bool create_account(const AccountRow& row) = 0;
  virtual std::optional<AccountRow> account(std::string_view user_name) = 0;
  /// All accounts by name (the hub has tens, not thousands).
  virtual std::vector<AccountRow> list_accounts() = 0;
  /// True if an account has this role (e.g. whether a first admin exists).
  virtual bool any_account_with_role(int role) = 0;

  virtual void add_person_token(const PersonTokenRow& row) = 0;
  virtual std::optional<PersonTokenRow> person_token(std::string_view token_hash) = 0;
  virtual void delete_person_token(std::string_view token_hash) = 0;
  /// Deletes tokens that expired before now; returns how many.
  virtual std::size_t purge_expired_tokens(std::int64_t now_unix_ms) = 0;

  /// Idempotent.
  virtual void assign_athlete(std::string_view coach, std::string_view athlete_id) = 0;
  virtual void unassign_athlete(std::string_view coach, std::string_view athlete_id) = 0;
  /// The athlete ids assigned to a coach.
  virtual std::vector<std::string> assigned_athletes(std::string_view coach) = 0;

  virtual void add_enrolment_code(const EnrolmentCodeRow& row) = 0;
  /// In one transaction: takes an unused code that has not expired at now, marks it used and
  /// stores the kiosk (kiosk.station_id is set from the code). A revoked kiosk's id may be
  /// enrolled again (it gets the new credential).
  virtual EnrolOutcome enrol_kiosk(std::string_view code_hash, std::int64_t now_unix_ms, KioskRow& kiosk) = 0;
  virtual std::optional<KioskRow> kiosk_by_token(std::string_view token_hash) = 0;
  /// False if no such kiosk; revoking twice keeps the first time.
  virtual bool revoke_kiosk(std::string_view kiosk_id, std::int64_t now_unix_ms) = 0;
  virtual std::vector<KioskRow> list_kiosks() = 0;

  /// Stores the event; returns its id.
  virtual std::int64_t append_audit(const AuditRow& row) = 0;
  /// Events with event_id > after_id, oldest first, at most limit.
  virtual std::vector<AuditRow> list_audit(std::int64_t after_id, std::size_t limit) = 0;
};

/// Opens the access tables of the store named by spec ("sqlite:PATH" or a postgresql:// URI),
/// migrating the database first. Throws StoreError.
std::unique_ptr<AccessStore> open_access_store(std::string_view spec);

}  // namespace runform::services
