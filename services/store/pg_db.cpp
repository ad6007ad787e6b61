#include "services/store/pg_db.h"

#include <type_traits>

namespace runform::services::pg {

namespace {

template <typename T>
void append_big_endian(std::string& out, T value) {
  using U = std::make_unsigned_t<T>;
  auto bits = static_cast<U>(value);
  char bytes[sizeof(T)];
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    bytes[sizeof(T) - 1 - i] = static_cast<char>(bits & 0xFFu);
    bits = static_cast<U>(bits >> 8);
  }
  out.append(bytes, sizeof(T));
}

std::int64_t read_big_endian(const char* p, int length) {
  std::uint64_t value = 0;
  for (int i = 0; i < length; ++i) value = (value << 8) | static_cast<unsigned char>(p[i]);
  if (length < 8 && length > 0 && (static_cast<unsigned char>(p[0]) & 0x80u) != 0) {
    value |= ~std::uint64_t{0} << (8 * length);  // sign-extend int2/int4
  }
  return static_cast<std::int64_t>(value);
}

}  // namespace

std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string number_array(const std::vector<std::int64_t>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i > 0 ? "," : "") + std::to_string(values[i]);
  return out + "}";
}

Params& Params::text(std::string value) {
  values_.push_back(std::move(value));
  formats_.push_back(0);
  return *this;
}

Params& Params::number(std::int64_t value) { return text(std::to_string(value)); }

Params& Params::bytes(std::string value) {
  values_.push_back(std::move(value));
  formats_.push_back(1);
  return *this;
}

std::vector<const char*> Params::pointers() const {
  std::vector<const char*> out;
  for (const auto& v : values_) out.push_back(v.data());
  return out;
}

std::vector<int> Params::lengths() const {
  std::vector<int> out;
  for (const auto& v : values_) out.push_back(static_cast<int>(v.size()));
  return out;
}

std::int64_t Result::affected() const {
  const char* n = PQcmdTuples(result_.get());
  return (n == nullptr || *n == '\0') ? 0 : std::stoll(n);
}

std::int64_t Result::int64(int row, int column) const {
  if (PQgetisnull(result_.get(), row, column) != 0) return 0;
  return read_big_endian(PQgetvalue(result_.get(), row, column), PQgetlength(result_.get(), row, column));
}

std::string Result::bytes(int row, int column) const {
  return {PQgetvalue(result_.get(), row, column), static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}

CopyBinaryWriter::CopyBinaryWriter() {
  static constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // 11 bytes with the final NUL
  buffer_.append(kSignature, 11);
  append_big_endian<std::int32_t>(buffer_, 0);  // flags
  append_big_endian<std::int32_t>(buffer_, 0);  // header extension length
}

void CopyBinaryWriter::begin_row(std::int16_t fields) {
  append_big_endian(buffer_, fields);
  ++rows_;
}

void CopyBinaryWriter::field_int64(std::int64_t value) {
  append_big_endian<std::int32_t>(buffer_, 8);
  append_big_endian(buffer_, value);
}

void CopyBinaryWriter::field_bytes(std::string_view value) {
  append_big_endian<std::int32_t>(buffer_, static_cast<std::int32_t>(value.size()));
  buffer_.append(value);
}

std::string CopyBinaryWriter::finish() {
  append_big_endian<std::int16_t>(buffer_, -1);
  return std::move(buffer_);
}

Connection::Connection(const std::string& uri) : conn_(PQconnectdb(uri.c_str())) {
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = conn_ != nullptr ? PQerrorMessage(conn_) : "out of memory";
    PQfinish(conn_);
    conn_ = nullptr;
    throw StoreError("postgresql: cannot connect: " + message);
  }
  // Notices (e.g. "relation already exists, skipping") are not errors; keep them off stderr.
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
}

Connection::~Connection() { PQfinish(conn_); }

void Connection::fail(std::string_view what, const PGresult* result) const {
  std::string message = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  throw StoreError("postgresql: " + std::string(what) + ": " + message);
}

void Connection::exec(std::string_view sql) {
  // With several statements PQexec stops at the first error and returns that result.
  PGresult* raw = PQexec(conn_, std::string(sql).c_str());
  Result result(raw);
  const auto status = PQresultStatus(raw);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail("'" + std::string(sql.substr(0, 60)) + "'", raw);
}

Result Connection::query(std::string_view sql, const Params& params) {
  const auto values = params.pointers();
  const auto lengths = params.lengths();
  PGresult* raw = PQexecParams(conn_, std::string(sql).c_str(), params.size(), nullptr, values.data(), lengths.data(),
                               params.formats().data(), 1);
  Result result(raw);
  const auto status = PQresultStatus(raw);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail("'" + std::string(sql.substr(0, 60)) + "'", raw);
  return result;
}

std::optional<std::string> Connection::next_notification() {
  PGnotify* notify = PQnotifies(conn_);
  if (notify == nullptr) return std::nullopt;
  std::string payload = notify->extra != nullptr ? notify->extra : "";
  PQfreemem(notify);
  return payload;
}

bool Connection::in_transaction() const {
  const PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

void Connection::copy_in(std::string_view sql, const std::string& payload) {
  {
    PGresult* raw = PQexec(conn_, std::string(sql).c_str());
    Result start(raw);
    if (PQresultStatus(raw) != PGRES_COPY_IN) fail("COPY start", raw);
  }
  if (PQputCopyData(conn_, payload.data(), static_cast<int>(payload.size())) != 1) fail("COPY data");
  if (PQputCopyEnd(conn_, nullptr) != 1) fail("COPY end");
  PGresult* raw = PQgetResult(conn_);
  Result end(raw);
  if (PQresultStatus(raw) != PGRES_COMMAND_OK) fail("COPY", raw);
  while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
}

}  // namespace runform::services::pg
