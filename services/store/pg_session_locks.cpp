#include "services/store/pg_session_locks.h"

#include "services/store/session_lock_key.h"

namespace runform::services::pg {

PgSessionLocks::PgSessionLocks(std::string uri) : uri_(std::move(uri)) {
  const std::lock_guard lock(mutex_);
  connect_locked();
}

void PgSessionLocks::connect_locked() {
  auto connection = std::make_unique<Connection>(uri_);
  const Result me = connection->query(
      "SELECT pid, backend_start::text FROM pg_stat_activity WHERE pid = pg_backend_pid()");
  if (me.rows() != 1) throw StoreError("postgresql: cannot find this hub's own lock connection in pg_stat_activity");
  backend_pid_ = me.int64(0, 0);
  backend_start_ = me.bytes(0, 1);
  connection_ = std::move(connection);
}

void PgSessionLocks::reconnect_locked() {
  connection_.reset();
  connect_locked();
  for (const auto& [id, takes] : held_) {
    if (lost_.contains(id)) continue;
    if (!try_lock_locked(id)) lost_.insert(id);
  }
}

bool PgSessionLocks::try_lock_locked(std::string_view session_id) {
  return connection_->query("SELECT pg_try_advisory_lock($1::bigint)", Params().number(session_lock_key(session_id)))
             .int64(0, 0) != 0;
}

bool PgSessionLocks::acquire(std::string_view session_id) {
  const std::lock_guard lock(mutex_);
  if (connection_ == nullptr || !connection_->healthy()) reconnect_locked();
  const std::string id(session_id);
  if (const auto it = held_.find(id); it != held_.end()) {
    if (lost_.contains(id)) return false;
    ++it->second;
    return true;
  }
  bool taken = false;
  try {
    taken = try_lock_locked(id);
  } catch (const StoreError&) {
    // This query fails only when the server went away since the last use (a restart; libpq may
    // not have marked the connection bad yet): take everything back, then this. A second
    // failure is the database being away still, and goes to the caller.
    reconnect_locked();
    taken = try_lock_locked(id);
  }
  if (taken) held_.emplace(id, 1);
  return taken;
}

void PgSessionLocks::release(std::string_view session_id) {
  const std::lock_guard lock(mutex_);
  const auto it = held_.find(std::string(session_id));
  if (it == held_.end() || --it->second > 0) return;
  const bool was_lost = lost_.erase(it->first) > 0;
  const std::int64_t key = session_lock_key(it->first);
  held_.erase(it);
  if (was_lost || connection_ == nullptr || !connection_->healthy()) return;
  try {
    connection_->query("SELECT pg_advisory_unlock($1::bigint)", Params().number(key));
  } catch (const StoreError&) {
    // Unlocking fails only with the connection gone, and the lock went with it.
  }
}

void PgSessionLocks::confirm(Connection& tx, const std::vector<std::string>& touched) {
  const std::lock_guard lock(mutex_);
  bool holds_any = false;
  for (const std::string& id : touched) holds_any = holds_any || held_.contains(id);
  if (!holds_any) return;  // sessions this store never took (tools, tests): nothing to prove
  // Our locks live exactly as long as the server process of our lock connection; asked on the
  // server this transaction commits on, so a restart between the two cannot slip through.
  const bool alive = tx.query("SELECT COUNT(*)::bigint FROM pg_stat_activity WHERE pid = $1::integer AND "
                              "backend_start::text = $2",
                              Params().number(backend_pid_).text(backend_start_))
                         .int64(0, 0) == 1;
  if (!alive) reconnect_locked();
  for (const std::string& id : touched) {
    if (lost_.contains(id)) {
      throw StoreError("postgresql: session '" + id +
                       "' was taken over by another hub while this hub's hold on it had lapsed (the database "
                       "restarted); its frames were not stored here, reopen it");
    }
  }
}

std::size_t PgSessionLocks::held() const {
  const std::lock_guard lock(mutex_);
  return held_.size();
}

}  // namespace runform::services::pg
