#include "services/client/sqlite_frame_spool.h"

#include <algorithm>

#include "services/store/sqlite_db.h"

namespace runform::services {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS spool_sessions (
  session_id TEXT PRIMARY KEY,
  created_order INTEGER NOT NULL,
  start BLOB NOT NULL,          -- runform.v1.SessionStart
  ready INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  acked_seq INTEGER NOT NULL,
  close BLOB,                   -- runform.v1.CloseSession, once ended on the kiosk
  refused_unix_ms INTEGER NOT NULL DEFAULT 0,  -- 0: not refused; else when the hub refused it
  refused_message TEXT NOT NULL DEFAULT ''     -- the hub's words
);
CREATE TABLE IF NOT EXISTS spool_frames (
  session_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  record BLOB NOT NULL,         -- runform.v1.FrameRecord
  PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
)sql";

std::string serialize(const google::protobuf::MessageLite& message) {
  std::string bytes;
  message.SerializeToString(&bytes);
  return bytes;
}

template <typename Message>
Message parse(const std::string& bytes, const std::string& what) {
  Message m;
  if (!m.ParseFromString(bytes)) throw SpoolError("the spool holds a damaged " + what);
  return m;
}

// Spool files from before refusals were kept lack the two columns; add them in place.
void add_refusal_columns(sqlite::Connection& db) {
  sqlite::Statement has(db.handle(), "SELECT COUNT(*) FROM pragma_table_info('spool_sessions') WHERE name = 'refused_unix_ms'");
  if (has.step() && has.int64(0) > 0) return;
  db.exec("ALTER TABLE spool_sessions ADD COLUMN refused_unix_ms INTEGER NOT NULL DEFAULT 0;"
          "ALTER TABLE spool_sessions ADD COLUMN refused_message TEXT NOT NULL DEFAULT '';");
}

}  // namespace

struct SqliteFrameSpool::Statements {
  explicit Statements(sqlite3* db)
      : insert_session(db, "INSERT INTO spool_sessions (session_id, created_order, start, ready, last_seq, acked_seq) "
                           "VALUES (?1, (SELECT COALESCE(MAX(created_order), 0) + 1 FROM spool_sessions), ?2, ?3, 0, 0)"),
        update_start(db, "UPDATE spool_sessions SET start = ?2, ready = 1 WHERE session_id = ?1"),
        last_seq(db, "SELECT last_seq FROM spool_sessions WHERE session_id = ?1"),
        insert_frame(db, "INSERT INTO spool_frames (session_id, seq, record) VALUES (?1, ?2, ?3)"),
        bump_seq(db, "UPDATE spool_sessions SET last_seq = ?2 WHERE session_id = ?1"),
        set_close(db, "UPDATE spool_sessions SET close = ?2 WHERE session_id = ?1"),
        read(db, "SELECT record FROM spool_frames WHERE session_id = ?1 AND seq >= ?2 ORDER BY seq LIMIT ?3"),
        acked(db, "UPDATE spool_sessions SET acked_seq = ?2 WHERE session_id = ?1 AND acked_seq < ?2"),
        delete_frames(db, "DELETE FROM spool_frames WHERE session_id = ?1"),
        delete_session(db, "DELETE FROM spool_sessions WHERE session_id = ?1"),
        sessions(db, "SELECT start, ready, last_seq, acked_seq, close, refused_unix_ms, refused_message "
                     "FROM spool_sessions ORDER BY created_order"),
        refused(db, "UPDATE spool_sessions SET refused_unix_ms = ?2, refused_message = ?3 WHERE session_id = ?1"),
        unrefused(db, "UPDATE spool_sessions SET refused_unix_ms = 0, refused_message = '' WHERE session_id = ?1"),
        begin(db, "BEGIN IMMEDIATE"),
        commit(db, "COMMIT"),
        rollback(db, "ROLLBACK") {}
  sqlite::Statement insert_session, update_start, last_seq, insert_frame, bump_seq, set_close, read, acked,
      delete_frames, delete_session, sessions, refused, unrefused, begin, commit, rollback;
};

template <typename Fn>
auto SqliteFrameSpool::guarded(const char* what, Fn&& fn) const {
  try {
    return fn();
  } catch (const StoreError& e) {
    throw SpoolError("spool " + path_.string() + ": cannot " + what + " (" + e.what() +
                     "); check that the disk has room and the file is writable");
  }
}

SqliteFrameSpool::SqliteFrameSpool(const std::filesystem::path& path, std::uint64_t capacity_frames)
    : path_(path), capacity_(capacity_frames) {
  guarded("open the file", [&] {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    db_ = std::make_unique<sqlite::Connection>(path.string());
    // WAL with synchronous=NORMAL: each commit survives the process being killed; only a power
    // cut can lose the last moments, which a kiosk accepts for 30 commits a second.
    db_->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    db_->exec(kSchema);
    add_refusal_columns(*db_);
    st_ = std::make_unique<Statements>(db_->handle());
    sqlite::Statement count(db_->handle(), "SELECT COUNT(*) FROM spool_frames");
    if (count.step()) stored_ = static_cast<std::uint64_t>(count.int64(0));
    sqlite::Statement backlog(db_->handle(), "SELECT COALESCE(SUM(last_seq - acked_seq), 0) FROM spool_sessions");
    if (backlog.step()) backlog_ = static_cast<std::uint64_t>(backlog.int64(0));
    return 0;
  });
}

SqliteFrameSpool::~SqliteFrameSpool() = default;

void SqliteFrameSpool::add_session(const v1::SessionStart& start, bool ready) {
  const std::lock_guard lock(mutex_);
  guarded("add a session", [&] {
    st_->insert_session.reset().bind(1, start.session_id()).bind_blob(2, serialize(start)).bind(3, std::int64_t{ready}).run();
    return 0;
  });
}

void SqliteFrameSpool::mark_ready(const v1::SessionStart& start) {
  const std::lock_guard lock(mutex_);
  guarded("update a session", [&] {
    st_->update_start.reset().bind(1, start.session_id()).bind_blob(2, serialize(start)).run();
    return 0;
  });
}

AppendResult SqliteFrameSpool::append(const std::string& session_id, v1::FrameRecord& frame) {
  const std::lock_guard lock(mutex_);
  if (stored_ >= capacity_) return AppendResult::kFull;
  guarded("record a frame", [&] {
    st_->begin.reset().run();
    try {
      st_->last_seq.reset().bind(1, session_id);
      if (!st_->last_seq.step()) throw SpoolError("spool " + path_.string() + ": no session " + session_id);
      const std::int64_t seq = st_->last_seq.int64(0) + 1;
      st_->last_seq.reset();
      frame.set_seq(static_cast<std::uint64_t>(seq));
      st_->insert_frame.reset().bind(1, session_id).bind(2, seq).bind_blob(3, serialize(frame)).run();
      st_->bump_seq.reset().bind(1, session_id).bind(2, seq).run();
      st_->commit.reset().run();
    } catch (...) {
      try {
        st_->rollback.reset().run();
      } catch (const StoreError&) {
        // The original error is the one worth reporting.
      }
      throw;
    }
    return 0;
  });
  ++stored_;
  ++backlog_;
  return AppendResult::kAppended;
}

void SqliteFrameSpool::set_close(const v1::CloseSession& close) {
  const std::lock_guard lock(mutex_);
  guarded("close a session", [&] {
    st_->set_close.reset().bind(1, close.session_id()).bind_blob(2, serialize(close)).run();
    return 0;
  });
}

std::vector<v1::FrameRecord> SqliteFrameSpool::read(const std::string& session_id, std::uint64_t from_seq,
                                                    std::size_t max_count) const {
  const std::lock_guard lock(mutex_);
  return guarded("read frames", [&] {
    std::vector<v1::FrameRecord> out;
    st_->read.reset().bind(1, session_id).bind(2, static_cast<std::int64_t>(from_seq)).bind(3, static_cast<std::int64_t>(max_count));
    while (st_->read.step()) out.push_back(parse<v1::FrameRecord>(st_->read.blob(0), "frame"));
    st_->read.reset();
    return out;
  });
}

std::vector<v1::FrameRecord> SqliteFrameSpool::read_all(const std::string& session_id) const {
  return read(session_id, 0, static_cast<std::size_t>(INT64_MAX));
}

void SqliteFrameSpool::set_acked(const std::string& session_id, std::uint64_t acked_seq) {
  const std::lock_guard lock(mutex_);
  guarded("record an acknowledgement", [&] {
    std::uint64_t before = 0;
    std::uint64_t last = 0;
    sqlite::Statement q(db_->handle(), "SELECT acked_seq, last_seq FROM spool_sessions WHERE session_id = ?1");
    q.bind(1, session_id);
    if (!q.step()) return 0;
    before = static_cast<std::uint64_t>(q.int64(0));
    last = static_cast<std::uint64_t>(q.int64(1));
    const std::uint64_t now = std::min(acked_seq, last);
    if (now <= before) return 0;
    st_->acked.reset().bind(1, session_id).bind(2, static_cast<std::int64_t>(now)).run();
    backlog_ -= std::min(backlog_, now - before);
    return 0;
  });
}

void SqliteFrameSpool::remove(const std::string& session_id) {
  const std::lock_guard lock(mutex_);
  guarded("remove an uploaded session", [&] {
    sqlite::Statement q(db_->handle(), "SELECT last_seq - acked_seq, (SELECT COUNT(*) FROM spool_frames WHERE session_id = ?1) "
                                       "FROM spool_sessions WHERE session_id = ?1");
    q.bind(1, session_id);
    if (!q.step()) return 0;
    const auto unacked = static_cast<std::uint64_t>(q.int64(0));
    const auto held = static_cast<std::uint64_t>(q.int64(1));
    st_->begin.reset().run();
    st_->delete_frames.reset().bind(1, session_id).run();
    st_->delete_session.reset().bind(1, session_id).run();
    st_->commit.reset().run();
    stored_ -= std::min(stored_, held);
    backlog_ -= std::min(backlog_, unacked);
    return 0;
  });
}

bool SqliteFrameSpool::set_refused(const std::string& session_id, const SessionRefusal& refusal) {
  const std::lock_guard lock(mutex_);
  return guarded("set a refused session aside", [&] {
    // 0 means "not refused": a refusal at the epoch (a broken clock) is still kept as one.
    const std::int64_t when = refusal.refused_unix_ms != 0 ? refusal.refused_unix_ms : 1;
    st_->refused.reset().bind(1, session_id).bind(2, when).bind(3, refusal.hub_message).run();
    return sqlite3_changes(db_->handle()) > 0;
  });
}

bool SqliteFrameSpool::clear_refused(const std::string& session_id) {
  const std::lock_guard lock(mutex_);
  return guarded("take a refused session back", [&] {
    st_->unrefused.reset().bind(1, session_id).run();
    return sqlite3_changes(db_->handle()) > 0;
  });
}

std::vector<SpooledSession> SqliteFrameSpool::sessions() const {
  const std::lock_guard lock(mutex_);
  return guarded("list sessions", [&] {
    std::vector<SpooledSession> out;
    st_->sessions.reset();
    while (st_->sessions.step()) {
      SpooledSession s;
      s.start = parse<v1::SessionStart>(st_->sessions.blob(0), "session start");
      s.ready = st_->sessions.int64(1) != 0;
      s.last_seq = static_cast<std::uint64_t>(st_->sessions.int64(2));
      s.acked_seq = static_cast<std::uint64_t>(st_->sessions.int64(3));
      const std::string close = st_->sessions.blob(4);
      if (!close.empty()) s.close = parse<v1::CloseSession>(close, "session close");
      if (const std::int64_t refused_ms = st_->sessions.int64(5); refused_ms != 0) {
        s.refusal = SessionRefusal{st_->sessions.text(6), refused_ms};
      }
      out.push_back(std::move(s));
    }
    st_->sessions.reset();
    return out;
  });
}

std::uint64_t SqliteFrameSpool::stored_frames() const {
  const std::lock_guard lock(mutex_);
  return stored_;
}

std::uint64_t SqliteFrameSpool::backlog_frames() const {
  const std::lock_guard lock(mutex_);
  return backlog_;
}

}  // namespace runform::services
