// A thin RAII layer over the sqlite3 C API: a connection and prepared statements whose errors
// become StoreError with SQLite's own message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "services/store/session_store.h"

namespace runform::services::sqlite {

/// A prepared statement; reset and rebound for each use.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  /// Resets for a new execution and clears bindings.
  Statement& reset();
  /// Binds a 1-based parameter.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  /// Steps once: true when a row is available, false when done. Throws on error.
  bool step();
  /// Steps to completion, expecting no rows.
  void run();
  /// Column accessors for the current row (0-based).
  [[nodiscard]] std::int64_t int64(int column) const;
  [[nodiscard]] std::string text(int column) const;
  [[nodiscard]] std::string blob(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// An open connection.
class Connection {
 public:
  explicit Connection(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs one or more statements without results.
  void exec(std::string_view sql);
  /// Rows changed by the last statement.
  [[nodiscard]] int changes() const;
  /// The last inserted rowid.
  [[nodiscard]] std::int64_t last_rowid() const;
  /// True while a transaction is open (BEGIN without COMMIT or ROLLBACK yet).
  [[nodiscard]] bool in_transaction() const;
  [[nodiscard]] sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace runform::services::sqlite
