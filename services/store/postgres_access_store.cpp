// PostgresAccessStore: the access tables on one connection of their own, made again after the
// server was lost (as the session store does), so a database restart does not sign everyone out.
#include <mutex>

#include "services/store/pg_db.h"
#include "services/store/postgres_access_store.h"
#include "services/store/transaction.h"

namespace runform::services {

namespace {

using pg::Connection;
using pg::Params;
using pg::Result;

constexpr std::string_view kKioskColumns =
    "kiosk_id, station_id, token_hash, enrolled_unix_ms, revoked_unix_ms";

KioskRow read_kiosk(const Result& r, int row) {
  return {r.bytes(row, 0), r.bytes(row, 1), r.bytes(row, 2), r.int64(row, 3), r.int64(row, 4)};
}

AccountRow read_account(const Result& r, int row) {
  return {r.bytes(row, 0), static_cast<int>(r.int64(row, 1)), r.bytes(row, 2), r.int64(row, 3)};
}

class PostgresAccessStore final : public AccessStore {
 public:
  explicit PostgresAccessStore(std::string uri) : uri_(std::move(uri)), db_(std::make_unique<Connection>(uri_)) {}

  bool create_account(const AccountRow& row) override {
    const std::lock_guard lock(mutex_);
    return db()
               .query("INSERT INTO accounts (user_name, role, password_hash, created_unix_ms) VALUES ($1, $2::integer, "
                      "$3, $4::bigint) ON CONFLICT (user_name) DO NOTHING",
                      Params().text(row.user_name).number(row.role).text(row.password_hash).number(row.created_unix_ms))
               .affected() == 1;
  }

  std::optional<AccountRow> account(std::string_view user_name) override {
    const std::lock_guard lock(mutex_);
    const Result r = db().query(
        "SELECT user_name, role, password_hash, created_unix_ms FROM accounts WHERE user_name = $1",
        Params().text(std::string(user_name)));
    if (r.rows() == 0) return std::nullopt;
    return read_account(r, 0);
  }

  std::vector<AccountRow> list_accounts() override {
    const std::lock_guard lock(mutex_);
    const Result r = db().query("SELECT user_name, role, password_hash, created_unix_ms FROM accounts ORDER BY user_name");
    std::vector<AccountRow> rows;
    for (int i = 0; i < r.rows(); ++i) rows.push_back(read_account(r, i));
    return rows;
  }

  bool any_account_with_role(int role) override {
    const std::lock_guard lock(mutex_);
    return db().query("SELECT 1 FROM accounts WHERE role = $1::integer LIMIT 1", Params().number(role)).rows() > 0;
  }

  void add_person_token(const PersonTokenRow& row) override {
    const std::lock_guard lock(mutex_);
    db().query("INSERT INTO person_tokens (token_hash, user_name, expires_unix_ms) VALUES ($1, $2, $3::bigint)",
               Params().text(row.token_hash).text(row.user_name).number(row.expires_unix_ms));
  }

  std::optional<PersonTokenRow> person_token(std::string_view token_hash) override {
    const std::lock_guard lock(mutex_);
    const Result r = db().query("SELECT token_hash, user_name, expires_unix_ms FROM person_tokens WHERE token_hash = $1",
                                Params().text(std::string(token_hash)));
    if (r.rows() == 0) return std::nullopt;
    return PersonTokenRow{r.bytes(0, 0), r.bytes(0, 1), r.int64(0, 2)};
  }

  void delete_person_token(std::string_view token_hash) override {
    const std::lock_guard lock(mutex_);
    db().query("DELETE FROM person_tokens WHERE token_hash = $1", Params().text(std::string(token_hash)));
  }

  std::size_t purge_expired_tokens(std::int64_t now_unix_ms) override {
    const std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        db().query("DELETE FROM person_tokens WHERE expires_unix_ms <= $1::bigint", Params().number(now_unix_ms))
            .affected());
  }

  void assign_athlete(std::string_view coach, std::string_view athlete_id) override {
    const std::lock_guard lock(mutex_);
    db().query("INSERT INTO coach_athletes (coach, athlete_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
               Params().text(std::string(coach)).text(std::string(athlete_id)));
  }

  void unassign_athlete(std::string_view coach, std::string_view athlete_id) override {
    const std::lock_guard lock(mutex_);
    db().query("DELETE FROM coach_athletes WHERE coach = $1 AND athlete_id = $2",
               Params().text(std::string(coach)).text(std::string(athlete_id)));
  }

  std::vector<std::string> assigned_athletes(std::string_view coach) override {
    const std::lock_guard lock(mutex_);
    const Result r = db().query("SELECT athlete_id FROM coach_athletes WHERE coach = $1 ORDER BY athlete_id",
                                Params().text(std::string(coach)));
    std::vector<std::string> ids;
    for (int i = 0; i < r.rows(); ++i) ids.push_back(r.bytes(i, 0));
    return ids;
  }

  void add_enrolment_code(const EnrolmentCodeRow& row) override {
    const std::lock_guard lock(mutex_);
    db().query("INSERT INTO enrolment_codes (code_hash, station_id, expires_unix_ms) VALUES ($1, $2, $3::bigint)",
               Params().text(row.code_hash).text(row.station_id).number(row.expires_unix_ms));
  }

  EnrolOutcome enrol_kiosk(std::string_view code_hash, std::int64_t now_unix_ms, KioskRow& kiosk) override {
    const std::lock_guard lock(mutex_);
    EnrolOutcome outcome = EnrolOutcome::kBadCode;
    Connection& c = db();
    in_transaction(c, "BEGIN", [&] {
      // FOR UPDATE: two hubs given the same code at once enrol one kiosk, not two.
      const Result code = c.query(
          "SELECT station_id FROM enrolment_codes WHERE code_hash = $1 AND used_unix_ms = 0 AND "
          "expires_unix_ms > $2::bigint FOR UPDATE",
          Params().text(std::string(code_hash)).number(now_unix_ms));
      if (code.rows() == 0) return;
      kiosk.station_id = code.bytes(0, 0);
      if (c.query("SELECT 1 FROM kiosks WHERE kiosk_id = $1 AND revoked_unix_ms = 0 FOR UPDATE",
                  Params().text(kiosk.kiosk_id))
              .rows() > 0) {
        outcome = EnrolOutcome::kKioskIdTaken;
        return;
      }
      c.query("UPDATE enrolment_codes SET used_unix_ms = $1::bigint WHERE code_hash = $2",
              Params().number(now_unix_ms).text(std::string(code_hash)));
      c.query("INSERT INTO kiosks (kiosk_id, station_id, token_hash, enrolled_unix_ms, revoked_unix_ms) VALUES ($1, $2, "
              "$3, $4::bigint, 0) ON CONFLICT (kiosk_id) DO UPDATE SET station_id = EXCLUDED.station_id, "
              "token_hash = EXCLUDED.token_hash, enrolled_unix_ms = EXCLUDED.enrolled_unix_ms, revoked_unix_ms = 0",
              Params().text(kiosk.kiosk_id).text(kiosk.station_id).text(kiosk.token_hash).number(now_unix_ms));
      kiosk.enrolled_unix_ms = now_unix_ms;
      kiosk.revoked_unix_ms = 0;
      outcome = EnrolOutcome::kEnrolled;
    });
    return outcome;
  }

  std::optional<KioskRow> kiosk_by_token(std::string_view token_hash) override {
    const std::lock_guard lock(mutex_);
    const Result r = db().query("SELECT " + std::string(kKioskColumns) + " FROM kiosks WHERE token_hash = $1",
                                Params().text(std::string(token_hash)));
    if (r.rows() == 0) return std::nullopt;
    return read_kiosk(r, 0);
  }

  bool revoke_kiosk(std::string_view kiosk_id, std::int64_t now_unix_ms) override {
    const std::lock_guard lock(mutex_);
    db().query("UPDATE kiosks SET revoked_unix_ms = $1::bigint WHERE kiosk_id = $2 AND revoked_unix_ms = 0",
               Params().number(now_unix_ms).text(std::string(kiosk_id)));
    return db().query("SELECT 1 FROM kiosks WHERE kiosk_id = $1", Params().text(std::string(kiosk_id))).rows() > 0;
  }

  std::vector<KioskRow> list_kiosks() override {
    const std::lock_guard lock(mutex_);
    const Result r = db().query("SELECT " + std::string(kKioskColumns) + " FROM kiosks ORDER BY kiosk_id");
    std::vector<KioskRow> rows;
    for (int i = 0; i < r.rows(); ++i) rows.push_back(read_kiosk(r, i));
    return rows;
  }

  std::int64_t append_audit(const AuditRow& row) override {
    const std::lock_guard lock(mutex_);
    return db()
        .query("INSERT INTO audit_events (unix_ms, kind, actor, role, rpc, status, reference) VALUES ($1::bigint, "
               "$2::integer, $3, $4::integer, $5, $6::integer, $7) RETURNING event_id",
               Params()
                   .number(row.unix_ms)
                   .number(row.kind)
                   .text(row.actor)
                   .number(row.role)
                   .text(row.rpc)
                   .number(row.status)
                   .text(row.reference))
        .int64(0, 0);
  }

  std::vector<AuditRow> list_audit(std::int64_t after_id, std::size_t limit) override {
    const std::lock_guard lock(mutex_);
    const Result r = db().query(
        "SELECT event_id, unix_ms, kind, actor, role, rpc, status, reference FROM audit_events "
        "WHERE event_id > $1::bigint ORDER BY event_id LIMIT $2::bigint",
        Params().number(after_id).number(static_cast<std::int64_t>(limit)));
    std::vector<AuditRow> rows;
    for (int i = 0; i < r.rows(); ++i) {
      rows.push_back({r.int64(i, 0), r.int64(i, 1), static_cast<int>(r.int64(i, 2)), r.bytes(i, 3),
                      static_cast<int>(r.int64(i, 4)), r.bytes(i, 5), static_cast<int>(r.int64(i, 6)), r.bytes(i, 7)});
    }
    return rows;
  }

 private:
  // Call under the mutex: a connection lost with its server is made again on next use.
  Connection& db() {
    if (!db_->healthy()) db_ = std::make_unique<Connection>(uri_);
    return *db_;
  }

  std::string uri_;
  std::mutex mutex_;
  std::unique_ptr<Connection> db_;
};

}  // namespace

std::unique_ptr<AccessStore> open_postgres_access_store(const std::string& uri) {
  return std::make_unique<PostgresAccessStore>(uri);
}

}  // namespace runform::services
