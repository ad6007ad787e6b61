#include "services/store/sql_runner.h"

#include <mutex>
#include <optional>

#include "services/store/pg_db.h"
#include "services/store/session_store.h"
#include "services/store/sqlite_db.h"
#include "services/store/transaction.h"

namespace runform::services {

namespace {

// --- SQLite ----------------------------------------------------------------------------------

/// Rows copied out of a finished statement (the assessment tables are small).
class SqliteRows final : public SqlRows {
 public:
  using Cell = std::variant<std::int64_t, std::string>;
  std::vector<std::vector<Cell>> rows;

  [[nodiscard]] int size() const override { return static_cast<int>(rows.size()); }
  [[nodiscard]] std::string text(int row, int column) const override {
    const Cell& cell = rows.at(static_cast<std::size_t>(row)).at(static_cast<std::size_t>(column));
    if (const auto* number = std::get_if<std::int64_t>(&cell)) return std::to_string(*number);
    return std::get<std::string>(cell);
  }
  [[nodiscard]] std::int64_t int64(int row, int column) const override {
    const Cell& cell = rows.at(static_cast<std::size_t>(row)).at(static_cast<std::size_t>(column));
    if (const auto* number = std::get_if<std::int64_t>(&cell)) return *number;
    return std::get<std::string>(cell).empty() ? 0 : std::stoll(std::get<std::string>(cell));
  }
};

class SqliteRunner final : public SqlRunner {
 public:
  explicit SqliteRunner(const std::string& path) : db_(path) {
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA synchronous = FULL");
  }

  [[nodiscard]] std::string_view dialect() const override { return "sqlite"; }
  [[nodiscard]] std::string_view lock_rows() const override { return ""; }

  std::unique_ptr<SqlRows> query(std::string_view sql, const std::vector<SqlValue>& params) override {
    const std::lock_guard lock(mutex_);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.handle(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK) {
      fail("prepare '" + std::string(sql.substr(0, 60)) + "'");
    }
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
    for (std::size_t i = 0; i < params.size(); ++i) bind(raw, static_cast<int>(i) + 1, params[i]);
    auto rows = std::make_unique<SqliteRows>();
    for (;;) {
      const int rc = sqlite3_step(raw);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail("step '" + std::string(sql.substr(0, 60)) + "'");
      std::vector<SqliteRows::Cell> row;
      for (int c = 0; c < sqlite3_column_count(raw); ++c) {
        if (sqlite3_column_type(raw, c) == SQLITE_INTEGER) {
          row.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(raw, c)));
        } else {
          const auto* data = static_cast<const char*>(sqlite3_column_blob(raw, c));
          row.emplace_back(std::string(data != nullptr ? data : "", static_cast<std::size_t>(sqlite3_column_bytes(raw, c))));
        }
      }
      rows->rows.push_back(std::move(row));
    }
    return rows;
  }

  void transaction(const std::function<void()>& body) override {
    const std::lock_guard lock(mutex_);
    services::in_transaction(*this, "BEGIN IMMEDIATE", body);
  }

  [[nodiscard]] bool unique_violation(const std::exception& error) const override {
    return std::string_view(error.what()).find("UNIQUE constraint failed") != std::string_view::npos;
  }

  // For in_transaction().
  void exec(std::string_view sql) {
    const std::lock_guard lock(mutex_);
    db_.exec(sql);
  }
  [[nodiscard]] bool in_transaction() const { return db_.in_transaction(); }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw StoreError("sqlite: " + what + ": " + sqlite3_errmsg(db_.handle()));
  }
  void bind(sqlite3_stmt* stmt, int index, const SqlValue& value) const {
    int rc = SQLITE_OK;
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
      rc = sqlite3_bind_int64(stmt, index, *number);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      rc = sqlite3_bind_text(stmt, index, text->data(), static_cast<int>(text->size()), SQLITE_TRANSIENT);
    } else {
      static constexpr char kEmpty = 0;  // a zero-length blob must still be a blob, not NULL
      const std::string& bytes = std::get<SqlBytes>(value).bytes;
      rc = sqlite3_bind_blob(stmt, index, bytes.empty() ? &kEmpty : bytes.data(), static_cast<int>(bytes.size()),
                             SQLITE_TRANSIENT);
    }
    if (rc != SQLITE_OK) fail("bind");
  }

  sqlite::Connection db_;
  // One statement or transaction at a time on the connection; a transaction holds it across
  // its statements (re-entered by its own thread), so no other caller's read lands inside it.
  std::recursive_mutex mutex_;
};

// --- PostgreSQL ------------------------------------------------------------------------------

class PostgresRows final : public SqlRows {
 public:
  explicit PostgresRows(pg::Result result) : result_(std::move(result)) {}
  [[nodiscard]] int size() const override { return result_.rows(); }
  [[nodiscard]] std::string text(int row, int column) const override { return result_.bytes(row, column); }
  [[nodiscard]] std::int64_t int64(int row, int column) const override { return result_.int64(row, column); }

 private:
  pg::Result result_;
};

/// `?` placeholders numbered $1, $2, … (the assessment SQL has no `?` inside literals).
std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  int n = 0;
  for (const char c : sql) {
    if (c == '?') {
      out += "$" + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

class PostgresRunner final : public SqlRunner {
 public:
  explicit PostgresRunner(std::string uri) : uri_(std::move(uri)), db_(std::make_unique<pg::Connection>(uri_)) {}

  [[nodiscard]] std::string_view dialect() const override { return "postgresql"; }
  [[nodiscard]] std::string_view lock_rows() const override { return " FOR UPDATE"; }

  std::unique_ptr<SqlRows> query(std::string_view sql, const std::vector<SqlValue>& params) override {
    const std::lock_guard lock(mutex_);
    pg::Params bound;
    for (const SqlValue& value : params) {
      if (const auto* number = std::get_if<std::int64_t>(&value)) {
        bound.number(*number);
      } else if (const auto* text = std::get_if<std::string>(&value)) {
        bound.text(*text);
      } else {
        bound.bytes(std::get<SqlBytes>(value).bytes);
      }
    }
    return std::make_unique<PostgresRows>(connection().query(numbered_placeholders(sql), bound));
  }

  void transaction(const std::function<void()>& body) override {
    const std::lock_guard lock(mutex_);
    services::in_transaction(*this, "BEGIN", body);
  }

  [[nodiscard]] bool unique_violation(const std::exception& error) const override {
    return std::string_view(error.what()).find("duplicate key value violates unique constraint") !=
           std::string_view::npos;
  }

  // For in_transaction().
  void exec(std::string_view sql) {
    const std::lock_guard lock(mutex_);
    connection().exec(sql);
  }
  [[nodiscard]] bool in_transaction() const { return db_ != nullptr && db_->in_transaction(); }

 private:
  // A connection the server dropped (restart, network) is made again before the next
  // statement, outside any transaction; one inside a transaction fails that transaction.
  pg::Connection& connection() {
    if (!db_->healthy() && !db_->in_transaction()) db_ = std::make_unique<pg::Connection>(uri_);
    return *db_;
  }

  std::string uri_;
  std::unique_ptr<pg::Connection> db_;
  std::recursive_mutex mutex_;  // as for SQLite: a transaction holds the connection
};

}  // namespace

std::unique_ptr<SqlRunner> open_sqlite_runner(const std::string& path) { return std::make_unique<SqliteRunner>(path); }

std::unique_ptr<SqlRunner> open_postgres_runner(const std::string& uri) { return std::make_unique<PostgresRunner>(uri); }

}  // namespace runform::services
