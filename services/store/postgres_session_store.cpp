#include "services/store/postgres_session_store.h"

#include <mutex>
#include <random>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "services/store/pg_commit_listener.h"
#include "services/store/pg_session_locks.h"

#include "services/store/migrations.h"
#include "services/store/pg_db.h"
#include "services/store/transaction.h"
#include "services/store/unix_time.h"

namespace runform::services {

namespace {

using pg::Connection;
using pg::Params;
using pg::Result;

constexpr std::string_view kSessionColumns =
    "session_id, kiosk_id, station_id, athlete_id, athlete_name, started_unix_ms, start_payload, stored_seq, "
    "last_t_us, closed, ended_unix_ms, summary_payload, frames_purged_unix_ms";

StoredSession read_session(const Result& r, int row) {
  StoredSession s;
  s.session_id = r.bytes(row, 0);
  s.kiosk_id = r.bytes(row, 1);
  s.station_id = r.bytes(row, 2);
  s.athlete_id = r.bytes(row, 3);
  s.athlete_name = r.bytes(row, 4);
  s.started_unix_ms = r.int64(row, 5);
  s.start_payload = r.bytes(row, 6);
  s.stored_seq = static_cast<std::uint64_t>(r.int64(row, 7));
  s.last_t_us = r.int64(row, 8);
  s.closed = r.int64(row, 9) != 0;
  s.ended_unix_ms = r.int64(row, 10);
  s.summary_payload = r.bytes(row, 11);
  s.frames_purged_unix_ms = r.int64(row, 12);
  return s;
}

std::vector<StoredSession> read_sessions(const Result& r) {
  std::vector<StoredSession> rows;
  for (int i = 0; i < r.rows(); ++i) rows.push_back(read_session(r, i));
  return rows;
}


void migrate(Connection& db) {
  // Several hubs may start at once against one database: the advisory lock serialises their
  // migrations, and each re-reads the version under it.
  in_transaction(db, "BEGIN", [&] {
    db.exec("SELECT pg_advisory_xact_lock(7263001)");
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_unix_ms BIGINT NOT NULL)");
    const int at = static_cast<int>(db.query("SELECT COALESCE(MAX(version), 0)::bigint FROM schema_version").int64(0, 0));
    if (at > latest_schema_version()) {
      throw StoreError("postgresql: the database has schema version " + std::to_string(at) +
                       " but this hub knows up to " + std::to_string(latest_schema_version()) + "; run a newer hub");
    }
    for (const Migration& step : migrations()) {
      if (step.version <= at) continue;
      db.exec(step.postgres_sql);
      db.query("INSERT INTO schema_version (version, applied_unix_ms) VALUES ($1, $2)",
               Params().number(step.version).number(now_unix_ms()));
    }
  });
}

class PostgresSessionStore final : public SessionStore {
 public:
  explicit PostgresSessionStore(const std::string& uri)
      : uri_(uri),
        writer_(std::make_unique<Connection>(uri)),
        reader_(std::make_unique<Connection>(uri)),
        locks_(uri) {
    migrate(*writer_);
  }

  [[nodiscard]] std::string_view backend() const override { return "postgresql"; }
  [[nodiscard]] bool shared_by_hubs() const override { return true; }

  int schema_version() override {
    const std::lock_guard lock(read_mutex_);
    return static_cast<int>(reader().query("SELECT COALESCE(MAX(version), 0)::bigint FROM schema_version").int64(0, 0));
  }

  void write(const std::vector<WriteOp>& ops) override {
    const std::lock_guard lock(write_mutex_);
    try {
      in_transaction(writer(), "BEGIN", [&] {
        // Only while this hub still owns the sessions club-wide (a database restart drops locks).
        locks_.confirm(writer(), touched_sessions(ops));
        // Opens, then every session's new frames (one UPDATE for all), then closes: what op order
        // gives, since a batch holds a session's ops as open → appends → close, in a few round
        // trips rather than two per op (a hub with 200 kiosks commits 200 appends at a time).
        for (const WriteOp& op : ops) {
          if (const auto* open = std::get_if<OpenOp>(&op)) apply(*open);
        }
        pg::CopyBinaryWriter frames;
        advance_all(ops, frames);
        for (const WriteOp& op : ops) {
          if (const auto* close = std::get_if<CloseOp>(&op)) apply(*close);
        }
        if (!frames.empty()) {
          writer().copy_in("COPY frames (sid, seq, t_us, payload) FROM STDIN (FORMAT binary)", frames.finish());
        }
        // Delivered to every listening hub when (and only if) the transaction commits.
        notify_all(ops);
      });
    } catch (...) {
      sids_.clear();  // keys read inside the rolled-back transaction may be reused
      throw;
    }
  }

  std::unique_ptr<CommitListener> listen_commits() override { return pg::open_commit_listener(uri_, origin_); }

  std::optional<StoredSession> session(std::string_view session_id) override {
    const std::lock_guard lock(read_mutex_);
    const Result r = reader().query("SELECT " + std::string(kSessionColumns) + " FROM sessions WHERE session_id = $1",
                                   Params().text(std::string(session_id)));
    if (r.rows() == 0) return std::nullopt;
    return read_session(r, 0);
  }

  std::vector<StoredSession> list_sessions(const SessionFilter& filter, const std::optional<SessionCursor>& after,
                                           std::size_t limit) override {
    std::string sql = "SELECT " + std::string(kSessionColumns) +
                      " FROM sessions WHERE ($1 = '' OR athlete_id = $1) AND ($2 = '' OR station_id = $2) AND "
                      "($3 = '' OR kiosk_id = $3) AND ($4::bigint = 0 OR started_unix_ms > $4::bigint) AND "
                      "($5::bigint = 0 OR started_unix_ms < $5::bigint)";
    Params params;
    params.text(filter.athlete_id).text(filter.station_id).text(filter.kiosk_id);
    params.number(filter.started_after_unix_ms).number(filter.started_before_unix_ms);
    params.number(static_cast<std::int64_t>(limit));
    if (after) {
      sql += " AND (started_unix_ms < $7::bigint OR (started_unix_ms = $7::bigint AND session_id < $8))";
      params.number(after->started_unix_ms).text(after->session_id);
    }
    sql += " ORDER BY started_unix_ms DESC, session_id DESC LIMIT $6::bigint";
    const std::lock_guard lock(read_mutex_);
    return read_sessions(reader().query(sql, params));
  }

  std::vector<StoredSession> athlete_sessions(std::string_view athlete_id) override {
    const std::lock_guard lock(read_mutex_);
    return read_sessions(reader().query("SELECT " + std::string(kSessionColumns) +
                                           " FROM sessions WHERE athlete_id = $1 AND closed "
                                           "ORDER BY started_unix_ms, session_id",
                                       Params().text(std::string(athlete_id))));
  }

  std::vector<AthleteRow> list_athletes(std::string_view after_athlete_id, std::size_t limit) override {
    const std::lock_guard lock(read_mutex_);
    const Result r = reader().query(
        "SELECT athlete_id, COUNT(*)::bigint, MAX(started_unix_ms), "
        "(SELECT athlete_name FROM sessions n WHERE n.athlete_id = s.athlete_id AND n.athlete_name <> '' "
        " ORDER BY started_unix_ms DESC LIMIT 1) "
        "FROM sessions s WHERE athlete_id <> '' AND athlete_id > $1 GROUP BY athlete_id ORDER BY athlete_id "
        "LIMIT $2::bigint",
        Params().text(std::string(after_athlete_id)).number(static_cast<std::int64_t>(limit)));
    std::vector<AthleteRow> rows;
    for (int i = 0; i < r.rows(); ++i) {
      rows.push_back({r.bytes(i, 0), r.bytes(i, 3), static_cast<std::uint32_t>(r.int64(i, 1)), r.int64(i, 2)});
    }
    return rows;
  }

  std::vector<StoredFrame> read_frames(std::string_view session_id, std::uint64_t after_seq, std::int64_t from_t_us,
                                       std::int64_t to_t_us, std::size_t limit) override {
    const std::lock_guard lock(read_mutex_);
    const Result r = reader().query(
        "SELECT f.seq, f.t_us, f.payload FROM frames f JOIN sessions s ON s.sid = f.sid "
        "WHERE s.session_id = $1 AND f.seq > $2::bigint AND f.t_us >= $3::bigint AND f.t_us < $4::bigint "
        "ORDER BY f.seq LIMIT $5::bigint",
        Params()
            .text(std::string(session_id))
            .number(static_cast<std::int64_t>(after_seq))
            .number(from_t_us)
            .number(to_t_us)
            .number(static_cast<std::int64_t>(limit)));
    std::vector<StoredFrame> rows;
    for (int i = 0; i < r.rows(); ++i) {
      rows.push_back({static_cast<std::uint64_t>(r.int64(i, 0)), r.int64(i, 1), r.bytes(i, 2)});
    }
    return rows;
  }

  std::vector<std::vector<StoredFrame>> read_frame_ranges(const std::vector<FrameRange>& ranges,
                                                          std::size_t limit_per_range) override {
    std::vector<std::vector<StoredFrame>> out(ranges.size());
    if (ranges.empty()) return out;
    std::vector<std::string> ids;
    std::vector<std::int64_t> after;
    std::vector<std::int64_t> up_to;
    for (const FrameRange& range : ranges) {
      ids.push_back(range.session_id);
      after.push_back(static_cast<std::int64_t>(range.after_seq));
      up_to.push_back(static_cast<std::int64_t>(range.up_to_seq));
    }
    // One round trip for every session a commit notice named, rather than one query each.
    const std::lock_guard lock(read_mutex_);
    const Result r = reader().query(
        "SELECT w.i, f.seq, f.t_us, f.payload "
        "FROM unnest($1::text[], $2::bigint[], $3::bigint[]) WITH ORDINALITY AS w(session_id, after_seq, up_to_seq, i) "
        "JOIN sessions s ON s.session_id = w.session_id "
        "JOIN LATERAL (SELECT seq, t_us, payload FROM frames WHERE sid = s.sid AND seq > w.after_seq "
        "              AND seq <= w.up_to_seq ORDER BY seq LIMIT $4::bigint) f ON TRUE "
        "ORDER BY w.i, f.seq",
        Params()
            .text(pg::text_array(ids))
            .text(pg::number_array(after))
            .text(pg::number_array(up_to))
            .number(static_cast<std::int64_t>(limit_per_range)));
    for (int i = 0; i < r.rows(); ++i) {
      out.at(static_cast<std::size_t>(r.int64(i, 0) - 1))
          .push_back({static_cast<std::uint64_t>(r.int64(i, 1)), r.int64(i, 2), r.bytes(i, 3)});
    }
    return out;
  }

  std::uint64_t count_frames(std::string_view session_id) override {
    const std::lock_guard lock(read_mutex_);
    return static_cast<std::uint64_t>(
        reader()
            .query("SELECT COUNT(*)::bigint FROM frames f JOIN sessions s ON s.sid = f.sid WHERE s.session_id = $1",
                   Params().text(std::string(session_id)))
            .int64(0, 0));
  }

  AnnotationRow add_annotation(AnnotationRow row) override {
    const std::lock_guard lock(write_mutex_);
    const Result r = writer().query(
        "INSERT INTO annotations (session_id, t_us, kind, author, body, created_unix_ms) "
        "VALUES ($1, $2::bigint, $3::integer, $4, $5, $6::bigint) RETURNING annotation_id",
        Params().text(row.session_id).number(row.t_us).number(row.kind).text(row.author).text(row.text).number(
            row.created_unix_ms));
    row.annotation_id = r.int64(0, 0);
    return row;
  }

  ErasureCounts erase_athlete(std::string_view athlete_id, std::string_view athlete_ref,
                              std::int64_t erased_unix_ms) override {
    if (athlete_id.empty()) throw StoreError("postgresql: an erasure needs an athlete id (guests have none)");
    const std::lock_guard lock(write_mutex_);
    ErasureCounts counts;
    const std::string id(athlete_id);
    try {
      in_transaction(writer(), "BEGIN", [&] {
        counts = {};
        counts.frames = static_cast<std::uint64_t>(
            writer()
                .query("DELETE FROM frames WHERE sid IN (SELECT sid FROM sessions WHERE athlete_id = $1)",
                       Params().text(id))
                .affected());
        counts.annotations = static_cast<std::uint64_t>(
            writer()
                .query("DELETE FROM annotations WHERE session_id IN (SELECT session_id FROM sessions WHERE "
                       "athlete_id = $1)",
                       Params().text(id))
                .affected());
        counts.sessions = static_cast<std::uint64_t>(
            writer().query("DELETE FROM sessions WHERE athlete_id = $1", Params().text(id)).affected());
        counts.coach_assignments = static_cast<std::uint64_t>(
            writer().query("DELETE FROM coach_athletes WHERE athlete_id = $1", Params().text(id)).affected());
        writer().query(
            "INSERT INTO erased_athletes (athlete_ref, erased_unix_ms) VALUES ($1, $2::bigint) ON CONFLICT "
            "(athlete_ref) DO UPDATE SET erased_unix_ms = GREATEST(erased_athletes.erased_unix_ms, "
            "excluded.erased_unix_ms)",
            Params().text(std::string(athlete_ref)).number(erased_unix_ms));
      });
    } catch (...) {
      sids_.clear();
      throw;
    }
    sids_.clear();  // erased sessions' keys must never serve a later session of the same id
    return counts;
  }

  std::int64_t athlete_erased_unix_ms(std::string_view athlete_ref) override {
    const std::lock_guard lock(read_mutex_);
    const Result r = reader().query("SELECT erased_unix_ms FROM erased_athletes WHERE athlete_ref = $1",
                                    Params().text(std::string(athlete_ref)));
    return r.rows() == 0 ? 0 : r.int64(0, 0);
  }

  PurgeCounts purge_frames(std::int64_t started_before_unix_ms, std::int64_t purged_unix_ms,
                           std::size_t max_sessions) override {
    const std::lock_guard lock(write_mutex_);
    PurgeCounts counts;
    in_transaction(writer(), "BEGIN", [&] {
      counts = {};
      // SKIP LOCKED: two hubs of a club purging at once take different sessions.
      const Result picked = writer().query(
          "SELECT sid FROM sessions WHERE frames_purged_unix_ms = 0 AND started_unix_ms < $1::bigint "
          "ORDER BY started_unix_ms, sid LIMIT $2::bigint FOR UPDATE SKIP LOCKED",
          Params().number(started_before_unix_ms).number(static_cast<std::int64_t>(max_sessions)));
      for (int i = 0; i < picked.rows(); ++i) {
        const std::int64_t sid = picked.int64(i, 0);
        counts.frames += static_cast<std::uint64_t>(
            writer().query("DELETE FROM frames WHERE sid = $1::bigint", Params().number(sid)).affected());
        writer().query("UPDATE sessions SET frames_purged_unix_ms = $1::bigint WHERE sid = $2::bigint",
                       Params().number(purged_unix_ms).number(sid));
      }
      counts.sessions = static_cast<std::uint64_t>(picked.rows());
    });
    return counts;
  }

  std::string database_secret(std::string_view name, std::string_view candidate) override {
    const std::lock_guard lock(write_mutex_);
    writer().query("INSERT INTO database_secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                   Params().text(std::string(name)).bytes(std::string(candidate)));
    const Result r = writer().query("SELECT value FROM database_secrets WHERE name = $1", Params().text(std::string(name)));
    if (r.rows() == 0) throw StoreError("postgresql: the database secret '" + std::string(name) + "' was not stored");
    return r.bytes(0, 0);
  }

  // Ownership is a session-level advisory lock on a connection of its own (PgSessionLocks):
  // PostgreSQL refuses it to every other connection and drops it when the connection ends, so a
  // hub that dies holds nothing; the locks are taken back after a database restart.
  bool acquire_ownership(std::string_view session_id) override { return locks_.acquire(session_id); }
  void release_ownership(std::string_view session_id) override { locks_.release(session_id); }

  std::vector<AnnotationRow> list_annotations(std::string_view session_id) override {
    const std::lock_guard lock(read_mutex_);
    const Result r = reader().query(
        "SELECT annotation_id, session_id, t_us, kind, author, body, created_unix_ms FROM annotations "
        "WHERE session_id = $1 ORDER BY t_us, annotation_id",
        Params().text(std::string(session_id)));
    std::vector<AnnotationRow> rows;
    for (int i = 0; i < r.rows(); ++i) {
      rows.push_back({r.int64(i, 0), r.bytes(i, 1), r.int64(i, 2), static_cast<int>(r.int64(i, 3)), r.bytes(i, 4),
                      r.bytes(i, 5), r.int64(i, 6)});
    }
    return rows;
  }

 private:
  void apply(const OpenOp& op) {
    const StoredSession& s = op.session;
    writer().query(
        "INSERT INTO sessions (session_id, kiosk_id, station_id, athlete_id, athlete_name, started_unix_ms, "
        "start_payload) VALUES ($1, $2, $3, $4, $5, $6::bigint, $7) ON CONFLICT (session_id) DO NOTHING",
        Params()
            .text(s.session_id)
            .text(s.kiosk_id)
            .text(s.station_id)
            .text(s.athlete_id)
            .text(s.athlete_name)
            .number(s.started_unix_ms)
            .bytes(s.start_payload));
  }

  // Moves each session's stored_seq over its frames in this batch and queues the frames for COPY.
  // The conditional update guards against gaps and duplicates inside the database itself.
  void advance_all(const std::vector<WriteOp>& ops, pg::CopyBinaryWriter& frames) {
    struct Advance {
      std::int64_t sid = 0;
      const std::string* session_id = nullptr;
      std::int64_t first = 0;
      std::int64_t last = 0;
      std::int64_t last_t_us = 0;
    };
    std::vector<Advance> advances;
    std::unordered_map<std::int64_t, std::size_t> by_sid;
    const auto refuse = [](const std::string& id, std::int64_t first, std::int64_t last) {
      throw StoreError("postgresql: frames " + std::to_string(first) + "–" + std::to_string(last) + " of session '" +
                       id + "' do not continue its stored sequence");
    };
    for (const WriteOp& op : ops) {
      const auto* append = std::get_if<AppendOp>(&op);
      if (append == nullptr || append->frames.empty()) continue;
      const std::int64_t sid = session_key(append->session_id);
      const auto first = static_cast<std::int64_t>(append->frames.front().seq);
      const auto last = static_cast<std::int64_t>(append->frames.back().seq);
      if (const auto it = by_sid.find(sid); it != by_sid.end()) {
        Advance& a = advances[it->second];
        if (first != a.last + 1) refuse(append->session_id, first, last);  // a gap within the batch
        a.last = last;
        a.last_t_us = append->frames.back().t_us;
      } else {
        by_sid.emplace(sid, advances.size());
        advances.push_back({sid, &append->session_id, first, last, append->frames.back().t_us});
      }
      for (const StoredFrame& f : append->frames) {
        frames.begin_row(4);
        frames.field_int64(sid);
        frames.field_int64(static_cast<std::int64_t>(f.seq));
        frames.field_int64(f.t_us);
        frames.field_bytes(f.payload);
      }
    }
    if (advances.empty()) return;
    std::vector<std::int64_t> sids, firsts, lasts, last_ts;
    for (const Advance& a : advances) {
      sids.push_back(a.sid);
      firsts.push_back(a.first);
      lasts.push_back(a.last);
      last_ts.push_back(a.last_t_us);
    }
    const Result r = writer().query(
        "UPDATE sessions s SET stored_seq = w.last_seq, last_t_us = w.last_t_us "
        "FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[]) AS w(sid, first_seq, last_seq, last_t_us) "
        "WHERE s.sid = w.sid AND s.stored_seq = w.first_seq - 1 RETURNING s.sid",
        Params()
            .text(pg::number_array(sids))
            .text(pg::number_array(firsts))
            .text(pg::number_array(lasts))
            .text(pg::number_array(last_ts)));
    if (static_cast<std::size_t>(r.rows()) == advances.size()) return;
    std::unordered_set<std::int64_t> moved;
    for (int i = 0; i < r.rows(); ++i) moved.insert(r.int64(i, 0));
    for (const Advance& a : advances) {
      if (!moved.contains(a.sid)) refuse(*a.session_id, a.first, a.last);
    }
  }

  void apply(const CloseOp& op) {
    const Result r = writer().query(
        "UPDATE sessions SET closed = TRUE, ended_unix_ms = $1::bigint, summary_payload = $2 WHERE session_id = $3",
        Params().number(op.ended_unix_ms).bytes(op.summary_payload).text(op.session_id));
    if (r.affected() != 1) throw StoreError("postgresql: cannot close unknown session '" + op.session_id + "'");
  }

  // A connection lost with its server (restarted, failed over) is made again on next use, so a
  // hub outlives a database restart: the operation that met the loss failed (its batch rolled
  // back, the kiosks resend), the next one runs on a new connection. Call under the mutex.
  Connection& writer() { return reconnected(writer_); }
  Connection& reader() { return reconnected(reader_); }
  Connection& reconnected(std::unique_ptr<Connection>& connection) {
    if (!connection->healthy()) connection = std::make_unique<Connection>(uri_);
    return *connection;
  }

  static std::vector<std::string> touched_sessions(const std::vector<WriteOp>& ops) {
    std::vector<std::string> ids;
    for (const WriteOp& op : ops) {
      std::visit(
          [&](const auto& o) {
            if constexpr (std::is_same_v<std::decay_t<decltype(o)>, OpenOp>) {
              ids.push_back(o.session.session_id);
            } else {
              ids.push_back(o.session_id);
            }
          },
          op);
    }
    return ids;
  }

  // One statement for every notice of the batch.
  void notify_all(const std::vector<WriteOp>& ops) {
    std::vector<std::string> payloads;
    for (const WriteOp& op : ops) {
      if (const auto* append = std::get_if<AppendOp>(&op); append != nullptr && !append->frames.empty()) {
        payloads.push_back(pg::encode_commit_notice(origin_, append->session_id, append->frames.front().seq,
                                                    append->frames.back().seq, false));
      } else if (const auto* close = std::get_if<CloseOp>(&op); close != nullptr) {
        payloads.push_back(pg::encode_commit_notice(origin_, close->session_id, 0, 0, true));
      }
    }
    if (payloads.empty()) return;
    writer().query("SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS n(p, i) ORDER BY i",
                   Params().text(std::string(pg::kCommitChannel)).text(pg::text_array(payloads)));
  }

  static std::string random_origin() {
    std::random_device entropy;
    const std::uint64_t value = (std::uint64_t{entropy()} << 32) | entropy();
    return std::to_string(value);
  }

  std::int64_t session_key(const std::string& session_id) {
    if (const auto it = sids_.find(session_id); it != sids_.end()) return it->second;
    const Result r = writer().query("SELECT sid FROM sessions WHERE session_id = $1", Params().text(session_id));
    if (r.rows() == 0) throw StoreError("postgresql: frames for unknown session '" + session_id + "'");
    if (sids_.size() >= kMaxCachedKeys) sids_.clear();
    return sids_.emplace(session_id, r.int64(0, 0)).first->second;
  }

  static constexpr std::size_t kMaxCachedKeys = 4096;  // keeps the key cache bounded

  const std::string uri_;
  const std::string origin_ = random_origin();  ///< tells this hub's commit notices from others'
  std::mutex write_mutex_;
  std::mutex read_mutex_;
  std::unique_ptr<Connection> writer_;
  std::unique_ptr<Connection> reader_;
  pg::PgSessionLocks locks_;  ///< this hub's session ownership, on a connection of its own
  std::unordered_map<std::string, std::int64_t> sids_;
};

}  // namespace

std::unique_ptr<SessionStore> open_postgres_store(const std::string& uri) {
  return std::make_unique<PostgresSessionStore>(uri);
}

}  // namespace runform::services
