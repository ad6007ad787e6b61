// SqlRunner: the few things the assessment store needs from a database — parameterised queries
// with rows read back, and one transaction at a time — over SQLite or PostgreSQL, so the
// assessment rules are written once. SQL uses `?` placeholders (numbered $1… for PostgreSQL).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace runform::services {

/// Bytes bound as a blob (SQLite) or bytea (PostgreSQL).
struct SqlBytes {
  std::string bytes;
};

/// One bound parameter.
using SqlValue = std::variant<std::int64_t, std::string, SqlBytes>;

/// Rows of a result, read by column index.
class SqlRows {
 public:
  virtual ~SqlRows() = default;
  [[nodiscard]] virtual int size() const = 0;
  /// A text or bytes column.
  [[nodiscard]] virtual std::string text(int row, int column) const = 0;
  /// An integer column.
  [[nodiscard]] virtual std::int64_t int64(int row, int column) const = 0;
};

class SqlRunner {
 public:
  virtual ~SqlRunner() = default;
  /// "sqlite" or "postgresql".
  [[nodiscard]] virtual std::string_view dialect() const = 0;
  /// Runs one statement. Throws StoreError with the database's own message.
  virtual std::unique_ptr<SqlRows> query(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
  /// Runs body inside one write transaction (serialised with every other writer of this
  /// runner); rolls back and rethrows on any exception.
  virtual void transaction(const std::function<void()>& body) = 0;
  /// " FOR UPDATE" where the dialect locks rows read in a transaction (PostgreSQL); SQLite's
  /// write transaction already excludes other writers.
  [[nodiscard]] virtual std::string_view lock_rows() const = 0;
  /// True when a failed statement broke a uniqueness rule (a concurrent insert won).
  [[nodiscard]] virtual bool unique_violation(const std::exception& error) const = 0;
};

/// A runner on its own connection to a SQLite file.
std::unique_ptr<SqlRunner> open_sqlite_runner(const std::string& path);
/// A runner on its own connection to a PostgreSQL URI.
std::unique_ptr<SqlRunner> open_postgres_runner(const std::string& uri);

}  // namespace runform::services
