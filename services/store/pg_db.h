// A thin RAII layer over libpq: a connection, parameterised queries with binary results, and
// COPY BINARY. Errors become StoreError carrying PostgreSQL's own message.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/store/session_store.h"

namespace runform::services::pg {

/// Query parameters: text values, or bytes sent in binary (for bytea).
class Params {
 public:
  Params& text(std::string value);
  Params& number(std::int64_t value);
  Params& bytes(std::string value);
  [[nodiscard]] int size() const { return static_cast<int>(values_.size()); }
  [[nodiscard]] std::vector<const char*> pointers() const;
  [[nodiscard]] std::vector<int> lengths() const;
  [[nodiscard]] const std::vector<int>& formats() const { return formats_; }

 private:
  std::vector<std::string> values_;
  std::vector<int> formats_;
};

/// A PostgreSQL array literal of texts ('{"a","b"}'), each element quoted and escaped, for a
/// text parameter cast to text[].
std::string text_array(const std::vector<std::string>& values);
/// A PostgreSQL array literal of integers ('{1,2}'), for a text parameter cast to bigint[].
std::string number_array(const std::vector<std::int64_t>& values);

/// A query result in binary format.
class Result {
 public:
  explicit Result(PGresult* result) : result_(result, PQclear) {}
  [[nodiscard]] int rows() const { return PQntuples(result_.get()); }
  /// Rows changed by an INSERT/UPDATE/DELETE.
  [[nodiscard]] std::int64_t affected() const;
  /// bigint, integer or boolean column as an integer.
  [[nodiscard]] std::int64_t int64(int row, int column) const;
  /// text or bytea column as bytes.
  [[nodiscard]] std::string bytes(int row, int column) const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

/// Builds the payload of a COPY … FROM STDIN (FORMAT binary).
class CopyBinaryWriter {
 public:
  CopyBinaryWriter();
  /// Starts a row with this many fields.
  void begin_row(std::int16_t fields);
  void field_int64(std::int64_t value);
  void field_bytes(std::string_view value);
  /// The complete payload including the trailer.
  std::string finish();
  [[nodiscard]] bool empty() const { return rows_ == 0; }

 private:
  std::string buffer_;
  std::size_t rows_ = 0;
};

/// An open connection.
class Connection {
 public:
  explicit Connection(const std::string& uri);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs statements without parameters or results.
  void exec(std::string_view sql);
  /// Runs one parameterised statement; results come back in binary.
  Result query(std::string_view sql, const Params& params = {});
  /// Streams a COPY BINARY payload into a table (sql is the COPY statement).
  void copy_in(std::string_view sql, const std::string& payload);
  /// False once the connection to the server is lost.
  [[nodiscard]] bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  /// The socket, for waiting on notifications with poll().
  [[nodiscard]] int socket() const { return PQsocket(conn_); }
  /// Reads what the server sent; false when the connection is lost.
  bool consume_input() { return PQconsumeInput(conn_) == 1; }
  /// The next notification received (channel payload only), if any.
  std::optional<std::string> next_notification();
  /// True while a transaction is open or aborted (BEGIN without COMMIT or ROLLBACK yet).
  [[nodiscard]] bool in_transaction() const;

 private:
  [[noreturn]] void fail(std::string_view what, const PGresult* result = nullptr) const;
  PGconn* conn_ = nullptr;
};

}  // namespace runform::services::pg
