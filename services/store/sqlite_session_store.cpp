#include "services/store/sqlite_session_store.h"

#include <mutex>
#include <string>
#include <unordered_map>

#include "services/store/migrations.h"
#include "services/store/sqlite_db.h"
#include "services/store/transaction.h"
#include "services/store/unix_time.h"

namespace runform::services {

namespace {

using sqlite::Connection;
using sqlite::Statement;

constexpr std::string_view kSessionColumns =
    "session_id, kiosk_id, station_id, athlete_id, athlete_name, started_unix_ms, start_payload, stored_seq, "
    "last_t_us, closed, ended_unix_ms, summary_payload, frames_purged_unix_ms";

StoredSession read_session(const Statement& s) {
  StoredSession row;
  row.session_id = s.text(0);
  row.kiosk_id = s.text(1);
  row.station_id = s.text(2);
  row.athlete_id = s.text(3);
  row.athlete_name = s.text(4);
  row.started_unix_ms = s.int64(5);
  row.start_payload = s.blob(6);
  row.stored_seq = static_cast<std::uint64_t>(s.int64(7));
  row.last_t_us = s.int64(8);
  row.closed = s.int64(9) != 0;
  row.ended_unix_ms = s.int64(10);
  row.summary_payload = s.blob(11);
  row.frames_purged_unix_ms = s.int64(12);
  return row;
}


void migrate(Connection& db) {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_unix_ms INTEGER NOT NULL)");
  Statement current(db.handle(), "SELECT COALESCE(MAX(version), 0) FROM schema_version");
  current.step();
  const int at = static_cast<int>(current.int64(0));
  if (at > latest_schema_version()) {
    throw StoreError("sqlite: the database has schema version " + std::to_string(at) + " but this hub knows up to " +
                     std::to_string(latest_schema_version()) + "; run a newer hub");
  }
  for (const Migration& step : migrations()) {
    if (step.version <= at) continue;
    in_transaction(db, "BEGIN IMMEDIATE", [&] {
      db.exec(step.sqlite_sql);
      Statement record(db.handle(), "INSERT INTO schema_version (version, applied_unix_ms) VALUES (?, ?)");
      record.bind(1, step.version).bind(2, now_unix_ms()).run();
    });
  }
}

// Settings both connections share. FULL sync makes each commit survive power loss, which is
// what an acknowledgement promises; WAL lets readers run while the committer writes.
// secure_delete overwrites what an erasure or a retention purge deletes, so an erased athlete's
// bytes do not linger in free pages of the file (ingest only inserts, so it costs nothing there).
void configure(Connection& db) {
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA secure_delete = ON");
}

class SqliteSessionStore final : public SessionStore {
 public:
  explicit SqliteSessionStore(const std::filesystem::path& path)
      : writer_(path.string()), reader_(path.string()) {
    configure(writer_);
    migrate(writer_);
    configure(reader_);
    open_ = std::make_unique<Statement>(
        writer_.handle(),
        "INSERT INTO sessions (session_id, kiosk_id, station_id, athlete_id, athlete_name, started_unix_ms, "
        "start_payload) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING");
    find_sid_ = std::make_unique<Statement>(writer_.handle(), "SELECT sid FROM sessions WHERE session_id = ?");
    advance_ = std::make_unique<Statement>(
        writer_.handle(), "UPDATE sessions SET stored_seq = ?, last_t_us = ? WHERE sid = ? AND stored_seq = ?");
    insert_frame_ =
        std::make_unique<Statement>(writer_.handle(), "INSERT INTO frames (sid, seq, t_us, payload) VALUES (?, ?, ?, ?)");
    close_ = std::make_unique<Statement>(
        writer_.handle(), "UPDATE sessions SET closed = 1, ended_unix_ms = ?, summary_payload = ? WHERE session_id = ?");
  }

  [[nodiscard]] std::string_view backend() const override { return "sqlite"; }

  int schema_version() override {
    const std::lock_guard lock(read_mutex_);
    Statement s(reader_.handle(), "SELECT COALESCE(MAX(version), 0) FROM schema_version");
    s.step();
    return static_cast<int>(s.int64(0));
  }

  void write(const std::vector<WriteOp>& ops) override {
    const std::lock_guard lock(write_mutex_);
    try {
      in_transaction(writer_, "BEGIN IMMEDIATE",
                     [&] { for (const WriteOp& op : ops) std::visit([this](const auto& o) { apply(o); }, op); });
    } catch (...) {
      sids_.clear();  // keys read inside the rolled-back transaction may be reused
      throw;
    }
  }

  std::optional<StoredSession> session(std::string_view session_id) override {
    const std::lock_guard lock(read_mutex_);
    Statement s(reader_.handle(), "SELECT " + std::string(kSessionColumns) + " FROM sessions WHERE session_id = ?");
    s.bind(1, session_id);
    if (!s.step()) return std::nullopt;
    return read_session(s);
  }

  std::vector<StoredSession> list_sessions(const SessionFilter& filter, const std::optional<SessionCursor>& after,
                                           std::size_t limit) override {
    std::string sql = "SELECT " + std::string(kSessionColumns) +
                      " FROM sessions WHERE (?1 = '' OR athlete_id = ?1) AND (?2 = '' OR station_id = ?2) AND "
                      "(?3 = '' OR kiosk_id = ?3) AND (?4 = 0 OR started_unix_ms > ?4) AND "
                      "(?5 = 0 OR started_unix_ms < ?5)";
    if (after) sql += " AND (started_unix_ms < ?6 OR (started_unix_ms = ?6 AND session_id < ?7))";
    sql += " ORDER BY started_unix_ms DESC, session_id DESC LIMIT ?8";
    const std::lock_guard lock(read_mutex_);
    Statement s(reader_.handle(), sql);
    s.bind(1, filter.athlete_id).bind(2, filter.station_id).bind(3, filter.kiosk_id);
    s.bind(4, filter.started_after_unix_ms).bind(5, filter.started_before_unix_ms);
    if (after) s.bind(6, after->started_unix_ms).bind(7, after->session_id);
    s.bind(8, static_cast<std::int64_t>(limit));
    std::vector<StoredSession> rows;
    while (s.step()) rows.push_back(read_session(s));
    return rows;
  }

  std::vector<StoredSession> athlete_sessions(std::string_view athlete_id) override {
    const std::lock_guard lock(read_mutex_);
    Statement s(reader_.handle(), "SELECT " + std::string(kSessionColumns) +
                                      " FROM sessions WHERE athlete_id = ? AND closed = 1 "
                                      "ORDER BY started_unix_ms, session_id");
    s.bind(1, athlete_id);
    std::vector<StoredSession> rows;
    while (s.step()) rows.push_back(read_session(s));
    return rows;
  }

  std::vector<AthleteRow> list_athletes(std::string_view after_athlete_id, std::size_t limit) override {
    const std::lock_guard lock(read_mutex_);
    Statement s(reader_.handle(),
                "SELECT athlete_id, COUNT(*), MAX(started_unix_ms), "
                "(SELECT athlete_name FROM sessions n WHERE n.athlete_id = s.athlete_id AND n.athlete_name <> '' "
                " ORDER BY started_unix_ms DESC LIMIT 1) "
                "FROM sessions s WHERE athlete_id <> '' AND athlete_id > ? GROUP BY athlete_id ORDER BY athlete_id "
                "LIMIT ?");
    s.bind(1, after_athlete_id).bind(2, static_cast<std::int64_t>(limit));
    std::vector<AthleteRow> rows;
    while (s.step()) {
      rows.push_back({s.text(0), s.text(3), static_cast<std::uint32_t>(s.int64(1)), s.int64(2)});
    }
    return rows;
  }

  std::vector<StoredFrame> read_frames(std::string_view session_id, std::uint64_t after_seq, std::int64_t from_t_us,
                                       std::int64_t to_t_us, std::size_t limit) override {
    const std::lock_guard lock(read_mutex_);
    Statement s(reader_.handle(),
                "SELECT f.seq, f.t_us, f.payload FROM frames f JOIN sessions s ON s.sid = f.sid "
                "WHERE s.session_id = ? AND f.seq > ? AND f.t_us >= ? AND f.t_us < ? ORDER BY f.seq LIMIT ?");
    s.bind(1, session_id).bind(2, static_cast<std::int64_t>(after_seq)).bind(3, from_t_us).bind(4, to_t_us);
    s.bind(5, static_cast<std::int64_t>(limit));
    std::vector<StoredFrame> rows;
    while (s.step()) rows.push_back({static_cast<std::uint64_t>(s.int64(0)), s.int64(1), s.blob(2)});
    return rows;
  }

  std::uint64_t count_frames(std::string_view session_id) override {
    const std::lock_guard lock(read_mutex_);
    Statement s(reader_.handle(),
                "SELECT COUNT(*) FROM frames f JOIN sessions s ON s.sid = f.sid WHERE s.session_id = ?");
    s.bind(1, session_id);
    s.step();
    return static_cast<std::uint64_t>(s.int64(0));
  }

  AnnotationRow add_annotation(AnnotationRow row) override {
    const std::lock_guard lock(write_mutex_);
    Statement s(writer_.handle(),
                "INSERT INTO annotations (session_id, t_us, kind, author, body, created_unix_ms) "
                "VALUES (?, ?, ?, ?, ?, ?)");
    s.bind(1, row.session_id).bind(2, row.t_us).bind(3, std::int64_t{row.kind}).bind(4, row.author);
    s.bind(5, row.text).bind(6, row.created_unix_ms).run();
    row.annotation_id = writer_.last_rowid();
    return row;
  }

  ErasureCounts erase_athlete(std::string_view athlete_id, std::string_view athlete_ref,
                              std::int64_t erased_unix_ms) override {
    if (athlete_id.empty()) throw StoreError("sqlite: an erasure needs an athlete id (guests have none)");
    const std::lock_guard lock(write_mutex_);
    ErasureCounts counts;
    try {
      in_transaction(writer_, "BEGIN IMMEDIATE", [&] {
        counts = {};
        const auto erase = [&](std::string_view sql) {
          Statement s(writer_.handle(), sql);
          s.bind(1, athlete_id).run();
          return static_cast<std::uint64_t>(writer_.changes());
        };
        counts.frames = erase("DELETE FROM frames WHERE sid IN (SELECT sid FROM sessions WHERE athlete_id = ?1)");
        counts.annotations = erase(
            "DELETE FROM annotations WHERE session_id IN (SELECT session_id FROM sessions WHERE athlete_id = ?1)");
        counts.sessions = erase("DELETE FROM sessions WHERE athlete_id = ?1");
        counts.coach_assignments = erase("DELETE FROM coach_athletes WHERE athlete_id = ?1");
        Statement tomb(writer_.handle(),
                       "INSERT INTO erased_athletes (athlete_ref, erased_unix_ms) VALUES (?, ?) ON CONFLICT "
                       "(athlete_ref) DO UPDATE SET erased_unix_ms = MAX(erased_unix_ms, excluded.erased_unix_ms)");
        tomb.bind(1, athlete_ref).bind(2, erased_unix_ms).run();
      });
    } catch (...) {
      sids_.clear();
      throw;
    }
    sids_.clear();  // erased sessions' keys must never be reused for a session of the same id
    // The write-ahead log still holds the erased pages until a checkpoint copies the zeroed
    // ones over them; truncate it now (best effort: a busy reader only delays it).
    writer_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return counts;
  }

  std::int64_t athlete_erased_unix_ms(std::string_view athlete_ref) override {
    const std::lock_guard lock(read_mutex_);
    Statement s(reader_.handle(), "SELECT erased_unix_ms FROM erased_athletes WHERE athlete_ref = ?");
    s.bind(1, athlete_ref);
    return s.step() ? s.int64(0) : 0;
  }

  PurgeCounts purge_frames(std::int64_t started_before_unix_ms, std::int64_t purged_unix_ms,
                           std::size_t max_sessions) override {
    const std::lock_guard lock(write_mutex_);
    PurgeCounts counts;
    in_transaction(writer_, "BEGIN IMMEDIATE", [&] {
      counts = {};
      std::vector<std::int64_t> sids;
      Statement pick(writer_.handle(),
                     "SELECT sid FROM sessions WHERE frames_purged_unix_ms = 0 AND started_unix_ms < ? "
                     "ORDER BY started_unix_ms, sid LIMIT ?");
      pick.bind(1, started_before_unix_ms).bind(2, static_cast<std::int64_t>(max_sessions));
      while (pick.step()) sids.push_back(pick.int64(0));
      Statement drop(writer_.handle(), "DELETE FROM frames WHERE sid = ?");
      Statement mark(writer_.handle(), "UPDATE sessions SET frames_purged_unix_ms = ? WHERE sid = ?");
      for (const std::int64_t sid : sids) {
        drop.reset().bind(1, sid).run();
        counts.frames += static_cast<std::uint64_t>(writer_.changes());
        mark.reset().bind(1, purged_unix_ms).bind(2, sid).run();
      }
      counts.sessions = sids.size();
    });
    return counts;
  }

  std::string database_secret(std::string_view name, std::string_view candidate) override {
    const std::lock_guard lock(write_mutex_);
    Statement put(writer_.handle(), "INSERT INTO database_secrets (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING");
    put.bind(1, name).bind_blob(2, candidate).run();
    Statement get(writer_.handle(), "SELECT value FROM database_secrets WHERE name = ?");
    get.bind(1, name);
    if (!get.step()) throw StoreError("sqlite: the database secret '" + std::string(name) + "' was not stored");
    return get.blob(0);
  }

  std::vector<AnnotationRow> list_annotations(std::string_view session_id) override {
    const std::lock_guard lock(read_mutex_);
    Statement s(reader_.handle(),
                "SELECT annotation_id, session_id, t_us, kind, author, body, created_unix_ms FROM annotations "
                "WHERE session_id = ? ORDER BY t_us, annotation_id");
    s.bind(1, session_id);
    std::vector<AnnotationRow> rows;
    while (s.step()) {
      rows.push_back({s.int64(0), s.text(1), s.int64(2), static_cast<int>(s.int64(3)), s.text(4), s.text(5),
                      s.int64(6)});
    }
    return rows;
  }

 private:
  void apply(const OpenOp& op) {
    const StoredSession& r = op.session;
    open_->reset().bind(1, r.session_id).bind(2, r.kiosk_id).bind(3, r.station_id).bind(4, r.athlete_id);
    open_->bind(5, r.athlete_name).bind(6, r.started_unix_ms).bind_blob(7, r.start_payload).run();
  }

  void apply(const AppendOp& op) {
    if (op.frames.empty()) return;
    const std::int64_t sid = session_key(op.session_id);
    const auto first = static_cast<std::int64_t>(op.frames.front().seq);
    const auto last = static_cast<std::int64_t>(op.frames.back().seq);
    // The conditional update is the store's own guard against gaps and duplicates: it only
    // matches when the batch continues exactly where the session's stored frames end.
    advance_->reset().bind(1, last).bind(2, op.frames.back().t_us).bind(3, sid).bind(4, first - 1).run();
    if (writer_.changes() != 1) {
      throw StoreError("sqlite: frames " + std::to_string(first) + "–" + std::to_string(last) + " of session '" +
                       op.session_id + "' do not continue its stored sequence");
    }
    for (const StoredFrame& f : op.frames) {
      insert_frame_->reset().bind(1, sid).bind(2, static_cast<std::int64_t>(f.seq)).bind(3, f.t_us);
      insert_frame_->bind_blob(4, f.payload).run();
    }
  }

  void apply(const CloseOp& op) {
    close_->reset().bind(1, op.ended_unix_ms).bind_blob(2, op.summary_payload).bind(3, op.session_id).run();
    if (writer_.changes() != 1) throw StoreError("sqlite: cannot close unknown session '" + op.session_id + "'");
  }

  std::int64_t session_key(const std::string& session_id) {
    if (const auto it = sids_.find(session_id); it != sids_.end()) return it->second;
    find_sid_->reset().bind(1, session_id);
    if (!find_sid_->step()) throw StoreError("sqlite: frames for unknown session '" + session_id + "'");
    const std::int64_t sid = find_sid_->int64(0);
    find_sid_->reset();
    if (sids_.size() >= kMaxCachedKeys) sids_.clear();
    sids_.emplace(session_id, sid);
    return sid;
  }

  static constexpr std::size_t kMaxCachedKeys = 4096;  // keeps the key cache bounded

  std::mutex write_mutex_;
  std::mutex read_mutex_;
  Connection writer_;
  Connection reader_;
  std::unique_ptr<Statement> open_;
  std::unique_ptr<Statement> find_sid_;
  std::unique_ptr<Statement> advance_;
  std::unique_ptr<Statement> insert_frame_;
  std::unique_ptr<Statement> close_;
  std::unordered_map<std::string, std::int64_t> sids_;
};

}  // namespace

std::unique_ptr<SessionStore> open_sqlite_store(const std::filesystem::path& path) {
  return std::make_unique<SqliteSessionStore>(path);
}

}  // namespace runform::services
