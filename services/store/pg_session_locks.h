// PgSessionLocks: this hub's club-wide ownership of sessions, as session-level advisory locks on
// a PostgreSQL connection of its own. PostgreSQL drops them when that connection ends, so a hub
// that dies holds nothing; but a database restart under a live hub drops them too. So the locks
// are remembered here: a connection found lost is made again and takes every lock back, and
// each commit checks, inside its own transaction, that the connection holding them is still
// alive. A session whose lock another hub took in between is lost: its frames are refused at the
// commit (the stream ends, the kiosk reopens and is told ABORTED while the other stream lives).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "services/store/pg_db.h"

namespace runform::services::pg {

class PgSessionLocks {
 public:
  /// Connects. Throws StoreError if it cannot.
  explicit PgSessionLocks(std::string uri);

  /// Takes the session for this hub: true when it now holds it (takes nest: each needs its
  /// release), false when another hub holds it. Throws StoreError when the database cannot say.
  bool acquire(std::string_view session_id);
  /// Gives back one take. Never throws: a lock on a lost connection went with it.
  void release(std::string_view session_id);
  /// Call inside a write transaction on `tx` touching these sessions: throws StoreError naming
  /// the first of them this hub took but no longer holds. When the lock connection is gone it
  /// is made again and every held lock taken back first.
  void confirm(Connection& tx, const std::vector<std::string>& touched);

  /// Sessions held (for tests and stats).
  [[nodiscard]] std::size_t held() const;

 private:
  void connect_locked();
  /// A new connection that takes back every held lock; the ones refused are lost.
  void reconnect_locked();
  bool try_lock_locked(std::string_view session_id);

  const std::string uri_;
  mutable std::mutex mutex_;
  std::unique_ptr<Connection> connection_;
  std::int64_t backend_pid_ = 0;   ///< the server process holding our locks
  std::string backend_start_;      ///< with the pid, names that process across server restarts
  std::unordered_map<std::string, int> held_;  ///< session → takes not yet given back
  std::unordered_set<std::string> lost_;       ///< held, but another hub took the lock meanwhile
};

}  // namespace runform::services::pg
