// LiveConnection: a hub's PostgreSQL connection that outlives a restart of its server. Before each
// use it makes sure the connection is still there (a server that restarted leaves an idle
// connection looking fine until a query fails on it), makes a lost one again, and while the
// server cannot be reached it retries at a growing interval rather than on every call: callers
// get a StoreError at once (the hub answers UNAVAILABLE, the client retries).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "services/store/pg_db.h"

namespace runform::services::pg {

/// How often a lost connection is tried again: at once, then after initial, doubling up to max.
struct ReconnectBackoff {
  /// Short: a restart that is already over (pg_ctl -w returned) is met on the first retry.
  std::chrono::milliseconds initial{50};
  /// Long enough that a server down for minutes is not asked hundreds of times a second by
  /// every stream, short enough that a hub is back within ~2 s of the server.
  std::chrono::milliseconds max{2000};
};

class LiveConnection {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  /// Does not connect yet: the first get() does (and throws if it cannot).
  explicit LiveConnection(std::string uri, ReconnectBackoff backoff = {},
                          Clock now = [] { return std::chrono::steady_clock::now(); });

  /// The connection, made again first if it was lost. Throws StoreError when it cannot be made,
  /// and, until the next try is due, without trying. Not thread-safe: the owner serialises.
  /// Never replaces a connection inside an open transaction (the caller's statements would
  /// continue on a new connection outside it): that one fails on its own and is replaced after.
  Connection& get();

  /// Closes the connection, so the next get() makes a new one (when the caller learnt another
  /// way that this one no longer serves it).
  void drop() { connection_.reset(); }

  /// Times a connection was made (the first included): for tests and stats.
  [[nodiscard]] std::size_t connects() const { return connects_; }

 private:
  const std::string uri_;
  const ReconnectBackoff backoff_;
  const Clock now_;
  std::unique_ptr<Connection> connection_;
  std::size_t connects_ = 0;
  std::chrono::milliseconds delay_{0};             ///< wait before the next try; 0 = try now
  std::chrono::steady_clock::time_point next_try_;  ///< no try before this
  std::string last_error_;                          ///< why the last try failed
};

}  // namespace runform::services::pg
