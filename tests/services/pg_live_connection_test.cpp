// LiveConnection: a connection closed by its server is made again before use (not discovered by
// a failing query), never in the middle of a transaction, and a server that cannot be reached is
// tried again at a growing interval (on an injected clock) rather than on every call.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "services/store/pg_live_connection.h"
#include "support/store_backends.h"

namespace runform::testing {
namespace {

using services::StoreError;
using services::pg::Connection;
using services::pg::LiveConnection;
using services::pg::Params;
using services::pg::ReconnectBackoff;

/// A socket folder that does not exist: every connect fails at once.
constexpr const char* kUnreachable = "postgresql:///nowhere?host=/nonexistent-runform-socket-dir&user=runform";

std::int64_t backend_pid(Connection& c) { return c.query("SELECT pg_backend_pid()::bigint").int64(0, 0); }

/// Ends a connection's server process from another connection, waiting until it has gone (the
/// two-argument pg_terminate_backend waits up to the given milliseconds: PostgreSQL 14+).
void terminate_backend(const std::string& uri, std::int64_t pid) {
  Connection admin(uri);
  ASSERT_EQ(admin.query("SELECT pg_terminate_backend($1::integer, 10000)::integer", Params().number(pid)).int64(0, 0), 1);
}

/// The message of the StoreError that get() throws ("" if it returns).
std::string get_error(LiveConnection& live) {
  try {
    live.get();
  } catch (const StoreError& e) {
    return e.what();
  }
  return "";
}

TEST(LiveConnection, AConnectionItsServerClosedIsMadeAgainBeforeUseSoTheNextQuerySucceeds) {
  ScratchStore scratch(Backend::kPostgres);
  if (scratch.spec().empty()) GTEST_SKIP() << scratch.skip_reason();
  LiveConnection live(scratch.spec());
  const std::int64_t first = backend_pid(live.get());
  terminate_backend(scratch.spec(), first);
  // libpq alone would report the loss only by failing this query.
  const std::int64_t second = backend_pid(live.get());
  EXPECT_NE(second, first);
  EXPECT_EQ(live.connects(), 2U);
}

TEST(LiveConnection, AConnectionLostInsideATransactionIsNotSwappedUnderItTheNextStatementFailsAndTheNextUseReconnects) {
  ScratchStore scratch(Backend::kPostgres);
  if (scratch.spec().empty()) GTEST_SKIP() << scratch.skip_reason();
  LiveConnection live(scratch.spec());
  live.get().exec("BEGIN");
  terminate_backend(scratch.spec(), backend_pid(live.get()));
  // A new connection here would run the transaction's remaining statements outside it.
  Connection& same = live.get();
  EXPECT_EQ(live.connects(), 1U);
  EXPECT_THROW(same.exec("SELECT 1"), StoreError);
  EXPECT_NO_THROW(live.get().exec("SELECT 1"));
  EXPECT_EQ(live.connects(), 2U);
}

TEST(LiveConnection, AnUnreachableServerIsTriedAgainAtADoublingIntervalUpToItsBoundAndNotInBetween) {
  auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  const ReconnectBackoff backoff{std::chrono::milliseconds(50), std::chrono::milliseconds(300)};
  LiveConnection live(kUnreachable, backoff, [&] { return now; });
  // A try says why it failed; a call before the next try is due fails at once, saying when.
  const std::string first = get_error(live);
  EXPECT_NE(first.find("cannot connect"), std::string::npos) << first;
  EXPECT_EQ(first.find("retrying in"), std::string::npos) << first;
  for (const int wait_ms : {50, 100, 200, 300, 300}) {
    const std::string early = get_error(live);
    EXPECT_NE(early.find("cannot connect"), std::string::npos) << early;  // the last try's reason
    EXPECT_NE(early.find("retrying in " + std::to_string(wait_ms) + " ms"), std::string::npos) << early;
    now += std::chrono::milliseconds(wait_ms - 1);
    EXPECT_NE(get_error(live).find("retrying in 1 ms"), std::string::npos);
    now += std::chrono::milliseconds(1);
    const std::string tried = get_error(live);  // due: tried again
    EXPECT_EQ(tried.find("retrying in"), std::string::npos) << "after " << wait_ms << " ms: " << tried;
  }
  EXPECT_EQ(live.connects(), 0U);
}

TEST(LiveConnection, AFirstConnectionFailingIsAStoreErrorNamingTheServersReason) {
  LiveConnection live(kUnreachable);
  const std::string error = get_error(live);
  EXPECT_NE(error.find("postgresql: cannot connect"), std::string::npos) << error;
  EXPECT_NE(error.find("nonexistent-runform-socket-dir"), std::string::npos) << error;
}

}  // namespace
}  // namespace runform::testing
