// One transaction on a store connection (SQLite or PostgreSQL), rolled back on any failure
// without losing that failure: a ROLLBACK that fails too is added to the original error's
// message, never put in its place and never swallowed.
#pragma once

#include <exception>
#include <functional>
#include <string_view>

namespace runform::services {

/// Runs `rollback`, then rethrows `original`. If the rollback throws as well, a StoreError
/// original is rethrown as a StoreError whose message names both failures; any other original
/// (std::bad_alloc, …) is rethrown as it was, so its type still says what went wrong.
[[noreturn]] void rethrow_after_rollback(std::exception_ptr original, const std::function<void()>& rollback);

/// BEGIN (begin_sql), body(), COMMIT; on any exception ROLLBACK and rethrow it (see
/// rethrow_after_rollback). A transaction left open by an earlier failed rollback is rolled
/// back first, so one bad moment does not wedge the connection. Connection needs exec(sql)
/// and in_transaction().
template <typename Connection, typename Body>
void in_transaction(Connection& db, std::string_view begin_sql, Body&& body) {
  if (db.in_transaction()) db.exec("ROLLBACK");
  db.exec(begin_sql);
  try {
    body();
    db.exec("COMMIT");
  } catch (...) {
    rethrow_after_rollback(std::current_exception(), [&db] { db.exec("ROLLBACK"); });
  }
}

}  // namespace runform::services
