// SqliteAccessStore: the access tables in the hub's SQLite file, on a connection of their own
// (WAL lets it write beside the session committer; the busy timeout orders the two).
#include <mutex>

#include "services/store/access_store.h"
#include "services/store/sqlite_db.h"
#include "services/store/sqlite_access_store.h"
#include "services/store/transaction.h"

namespace runform::services {

namespace {

using sqlite::Connection;
using sqlite::Statement;

KioskRow read_kiosk(const Statement& s) {
  return {s.text(0), s.text(1), s.text(2), s.int64(3), s.int64(4)};
}

constexpr std::string_view kKioskColumns = "kiosk_id, station_id, token_hash, enrolled_unix_ms, revoked_unix_ms";

class SqliteAccessStore final : public AccessStore {
 public:
  explicit SqliteAccessStore(const std::string& path) : db_(path) {
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA synchronous = FULL");
  }

  bool create_account(const AccountRow& row) override {
    const std::lock_guard lock(mutex_);
    Statement s(db_.handle(),
                "INSERT INTO accounts (user_name, role, password_hash, created_unix_ms) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (user_name) DO NOTHING");
    s.bind(1, row.user_name).bind(2, std::int64_t{row.role}).bind(3, row.password_hash).bind(4, row.created_unix_ms);
    s.run();
    return db_.changes() == 1;
  }

  std::optional<AccountRow> account(std::string_view user_name) override {
    const std::lock_guard lock(mutex_);
    Statement s(db_.handle(), "SELECT user_name, role, password_hash, created_unix_ms FROM accounts WHERE user_name = ?");
    s.bind(1, user_name);
    if (!s.step()) return std::nullopt;
    return AccountRow{s.text(0), static_cast<int>(s.int64(1)), s.text(2), s.int64(3)};
  }

  std::vector<AccountRow> list_accounts() override {
    const std::lock_guard lock(mutex_);
    Statement s(db_.handle(), "SELECT user_name, role, password_hash, created_unix_ms FROM accounts ORDER BY user_name");
    std::vector<AccountRow> rows;
    while (s.step()) rows.push_back({s.text(0), static_cast<int>(s.int64(1)), s.text(2), s.int64(3)});
    return rows;
  }

  bool any_account_with_role(int role) override {
    const std::lock_guard lock(mutex_);
    Statement s(db_.handle(), "SELECT 1 FROM accounts WHERE role = ? LIMIT 1");
    s.bind(1, std::int64_t{role});
    return s.step();
  }

  void add_person_token(const PersonTokenRow& row) override {
    const std::lock_guard lock(mutex_);
    Statement s(db_.handle(), "INSERT INTO person_tokens (token_hash, user_name, expires_unix_ms) VALUES (?, ?, ?)");
    s.bind(1, row.token_hash).bind(2, row.user_name).bind(3, row.expires_unix_ms).run();
  }

  std::optional<PersonTokenRow> person_token(std::string_view token_hash) override {
    const std::lock_guard lock(mutex_);
    Statement s(db_.handle(), "SELECT token_hash, user_name, expires_unix_ms FROM person_tokens WHERE token_hash = ?");
    s.bind(1, token_hash);
    if (!s.step()) return std::nullopt;
    return PersonTokenRow{s.text(0), s.text(1), s.int64(2)};
  }

  void delete_person_token(std::string_view token_hash) override {
    const std::lock_guard lock(mutex_);
    Statement(db_.handle(), "DELETE FROM person_tokens WHERE token_hash = ?").bind(1, token_hash).run();
  }

  std::size_t purge_expired_tokens(std::int64_t now_unix_ms) override {
    const std::lock_guard lock(mutex_);
    Statement(db_.handle(), "DELETE FROM person_tokens WHERE expires_unix_ms <= ?").bind(1, now_unix_ms).run();
    return static_cast<std::size_t>(db_.changes());
  }

  void assign_athlete(std::string_view coach, std::string_view athlete_id) override {
    const std::lock_guard lock(mutex_);
    Statement(db_.handle(), "INSERT INTO coach_athletes (coach, athlete_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
        .bind(1, coach)
        .bind(2, athlete_id)
        .run();
  }

  void unassign_athlete(std::string_view coach, std::string_view athlete_id) override {
    const std::lock_guard lock(mutex_);
    Statement(db_.handle(), "DELETE FROM coach_athletes WHERE coach = ? AND athlete_id = ?")
        .bind(1, coach)
        .bind(2, athlete_id)
        .run();
  }

  std::vector<std::string> assigned_athletes(std::string_view coach) override {
    const std::lock_guard lock(mutex_);
    Statement s(db_.handle(), "SELECT athlete_id FROM coach_athletes WHERE coach = ? ORDER BY athlete_id");
    s.bind(1, coach);
    std::vector<std::string> ids;
    while (s.step()) ids.push_back(s.text(0));
    return ids;
  }

  void add_enrolment_code(const EnrolmentCodeRow& row) override {
    const std::lock_guard lock(mutex_);
    Statement(db_.handle(), "INSERT INTO enrolment_codes (code_hash, station_id, expires_unix_ms) VALUES (?, ?, ?)")
        .bind(1, row.code_hash)
        .bind(2, row.station_id)
        .bind(3, row.expires_unix_ms)
        .run();
  }

  EnrolOutcome enrol_kiosk(std::string_view code_hash, std::int64_t now_unix_ms, KioskRow& kiosk) override {
    const std::lock_guard lock(mutex_);
    EnrolOutcome outcome = EnrolOutcome::kBadCode;
    in_transaction(db_, "BEGIN IMMEDIATE", [&] {
      Statement code(db_.handle(),
                     "SELECT station_id FROM enrolment_codes WHERE code_hash = ? AND used_unix_ms = 0 AND "
                     "expires_unix_ms > ?");
      code.bind(1, code_hash).bind(2, now_unix_ms);
      if (!code.step()) return;
      kiosk.station_id = code.text(0);
      Statement taken(db_.handle(), "SELECT 1 FROM kiosks WHERE kiosk_id = ? AND revoked_unix_ms = 0");
      taken.bind(1, kiosk.kiosk_id);
      if (taken.step()) {
        outcome = EnrolOutcome::kKioskIdTaken;
        return;
      }
      Statement(db_.handle(), "UPDATE enrolment_codes SET used_unix_ms = ? WHERE code_hash = ?")
          .bind(1, now_unix_ms)
          .bind(2, code_hash)
          .run();
      Statement(db_.handle(),
                "INSERT INTO kiosks (kiosk_id, station_id, token_hash, enrolled_unix_ms, revoked_unix_ms) "
                "VALUES (?, ?, ?, ?, 0) ON CONFLICT (kiosk_id) DO UPDATE SET station_id = excluded.station_id, "
                "token_hash = excluded.token_hash, enrolled_unix_ms = excluded.enrolled_unix_ms, revoked_unix_ms = 0")
          .bind(1, kiosk.kiosk_id)
          .bind(2, kiosk.station_id)
          .bind(3, kiosk.token_hash)
          .bind(4, now_unix_ms)
          .run();
      kiosk.enrolled_unix_ms = now_unix_ms;
      kiosk.revoked_unix_ms = 0;
      outcome = EnrolOutcome::kEnrolled;
    });
    return outcome;
  }

  std::optional<KioskRow> kiosk_by_token(std::string_view token_hash) override {
    const std::lock_guard lock(mutex_);
    Statement s(db_.handle(), "SELECT " + std::string(kKioskColumns) + " FROM kiosks WHERE token_hash = ?");
    s.bind(1, token_hash);
    if (!s.step()) return std::nullopt;
    return read_kiosk(s);
  }

  bool revoke_kiosk(std::string_view kiosk_id, std::int64_t now_unix_ms) override {
    const std::lock_guard lock(mutex_);
    Statement(db_.handle(), "UPDATE kiosks SET revoked_unix_ms = ? WHERE kiosk_id = ? AND revoked_unix_ms = 0")
        .bind(1, now_unix_ms)
        .bind(2, kiosk_id)
        .run();
    if (db_.changes() == 1) return true;
    Statement s(db_.handle(), "SELECT 1 FROM kiosks WHERE kiosk_id = ?");
    s.bind(1, kiosk_id);
    return s.step();
  }

  std::vector<KioskRow> list_kiosks() override {
    const std::lock_guard lock(mutex_);
    Statement s(db_.handle(), "SELECT " + std::string(kKioskColumns) + " FROM kiosks ORDER BY kiosk_id");
    std::vector<KioskRow> rows;
    while (s.step()) rows.push_back(read_kiosk(s));
    return rows;
  }

  std::int64_t append_audit(const AuditRow& row) override {
    const std::lock_guard lock(mutex_);
    Statement(db_.handle(),
              "INSERT INTO audit_events (unix_ms, kind, actor, role, rpc, status, reference) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, row.unix_ms)
        .bind(2, std::int64_t{row.kind})
        .bind(3, row.actor)
        .bind(4, std::int64_t{row.role})
        .bind(5, row.rpc)
        .bind(6, std::int64_t{row.status})
        .bind(7, row.reference)
        .run();
    return db_.last_rowid();
  }

  std::vector<AuditRow> list_audit(std::int64_t after_id, std::size_t limit) override {
    const std::lock_guard lock(mutex_);
    Statement s(db_.handle(),
                "SELECT event_id, unix_ms, kind, actor, role, rpc, status, reference FROM audit_events "
                "WHERE event_id > ? ORDER BY event_id LIMIT ?");
    s.bind(1, after_id).bind(2, static_cast<std::int64_t>(limit));
    std::vector<AuditRow> rows;
    while (s.step()) {
      rows.push_back({s.int64(0), s.int64(1), static_cast<int>(s.int64(2)), s.text(3), static_cast<int>(s.int64(4)),
                      s.text(5), static_cast<int>(s.int64(6)), s.text(7)});
    }
    return rows;
  }

 private:
  std::mutex mutex_;
  Connection db_;
};

}  // namespace

std::unique_ptr<AccessStore> open_sqlite_access_store(const std::string& path) {
  return std::make_unique<SqliteAccessStore>(path);
}

}  // namespace runform::services
