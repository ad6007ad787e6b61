// Rollbacks keep the original error (issue 16): on SQLite a failing ROLLBACK used to replace it,
// on PostgreSQL a failing ROLLBACK was swallowed. Both stores run their transactions through
// services/store/transaction.h; these tests drive it with real connections whose ROLLBACK fails.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <cstring>
#include <filesystem>
#include <new>
#include <stdexcept>
#include <string>

#include "services/store/pg_db.h"
#include "services/store/sqlite_db.h"
#include "services/store/transaction.h"
#include "support/store_backends.h"

namespace runform::services {
namespace {

std::string message_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const StoreError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a StoreError";
  return {};
}

TEST(RethrowAfterRollback, RethrowsTheOriginalUnchangedWhenTheRollbackWorks) {
  bool rolled_back = false;
  const auto original = std::make_exception_ptr(StoreError("disk full"));
  EXPECT_EQ(message_of([&] { rethrow_after_rollback(original, [&] { rolled_back = true; }); }), "disk full");
  EXPECT_TRUE(rolled_back);
}

TEST(RethrowAfterRollback, KeepsTheOriginalStoreErrorAndNamesTheFailedRollback) {
  const auto original = std::make_exception_ptr(StoreError("disk full"));
  const std::string message =
      message_of([&] { rethrow_after_rollback(original, [] { throw StoreError("connection lost"); }); });
  EXPECT_EQ(message.find("disk full"), 0U) << message;
  EXPECT_NE(message.find("rolling back failed too: connection lost"), std::string::npos) << message;
}

TEST(RethrowAfterRollback, KeepsTheTypeOfAnUnexpectedOriginal) {
  const auto original = std::make_exception_ptr(std::bad_alloc());
  EXPECT_THROW(rethrow_after_rollback(original, [] { throw StoreError("connection lost"); }), std::bad_alloc);
}

// Denies ROLLBACK statements at prepare time, so SQLite's own ROLLBACK fails ("not authorized").
int deny_rollback(void*, int action, const char* arg, const char*, const char*, const char*) {
  if (action == SQLITE_TRANSACTION && arg != nullptr && std::strcmp(arg, "ROLLBACK") == 0) return SQLITE_DENY;
  return SQLITE_OK;
}

std::int64_t count_rows(sqlite::Connection& db) {
  sqlite::Statement s(db.handle(), "SELECT COUNT(*) FROM t");
  s.step();
  return s.int64(0);
}

TEST(SqliteTransaction, AFailedRollbackKeepsTheOriginalErrorAndTheNextTransactionRecovers) {
  testing::ScratchStore scratch(testing::Backend::kSqlite);
  const std::string path = scratch.spec().substr(std::strlen("sqlite:"));
  sqlite::Connection db(path);
  db.exec("CREATE TABLE t (x INTEGER)");
  sqlite3_set_authorizer(db.handle(), deny_rollback, nullptr);
  const std::string message = message_of([&] {
    in_transaction(db, "BEGIN IMMEDIATE", [&] {
      db.exec("INSERT INTO t VALUES (1)");
      throw StoreError("frames 5–9 do not continue the stored sequence");
    });
  });
  EXPECT_EQ(message.find("frames 5–9 do not continue the stored sequence"), 0U) << message;
  EXPECT_NE(message.find("rolling back failed too"), std::string::npos) << message;
  EXPECT_NE(message.find("not authorized"), std::string::npos) << message;
  EXPECT_TRUE(db.in_transaction()) << "the denied ROLLBACK left the transaction open";

  sqlite3_set_authorizer(db.handle(), nullptr, nullptr);
  in_transaction(db, "BEGIN IMMEDIATE", [&] { db.exec("INSERT INTO t VALUES (2)"); });
  EXPECT_FALSE(db.in_transaction());
  EXPECT_EQ(count_rows(db), 1) << "the failed transaction's row was rolled back, the next one committed";
}

TEST(PostgresTransaction, ARollbackOnALostConnectionIsReportedWithTheOriginalError) {
  testing::ScratchStore scratch(testing::Backend::kPostgres);
  if (scratch.spec().empty()) GTEST_SKIP() << scratch.skip_reason();
  pg::Connection db(scratch.spec());
  const std::string message = message_of([&] {
    // The server ends this very connection: the statement fails, and so does the ROLLBACK.
    in_transaction(db, "BEGIN", [&] { db.exec("SELECT pg_terminate_backend(pg_backend_pid())"); });
  });
  EXPECT_EQ(message.find("postgresql: 'SELECT pg_terminate_backend"), 0U) << message;
  EXPECT_NE(message.find("server closed the connection"), std::string::npos) << message;
  EXPECT_NE(message.find("rolling back failed too: postgresql: 'ROLLBACK'"), std::string::npos) << message;
}

}  // namespace
}  // namespace runform::services
