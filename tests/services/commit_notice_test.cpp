// The commit notice hubs send each other over PostgreSQL NOTIFY, and the session lock key.
#include <gtest/gtest.h>

#include "services/store/pg_commit_listener.h"
#include "services/store/session_lock_key.h"

namespace runform::testing {
namespace {

using services::pg::decode_commit_notice;
using services::pg::encode_commit_notice;

TEST(CommitNotice, RoundTripsAnySessionIdAndTellsOwnCommitsFromOthers) {
  const std::string payload = encode_commit_notice("4711", "club session 1", 31, 64, false);
  const auto mine = decode_commit_notice(payload, "4711");
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(mine->session_id, "club session 1");  // spaces in an id survive: it comes last
  EXPECT_EQ(mine->first_seq, 31U);
  EXPECT_EQ(mine->last_seq, 64U);
  EXPECT_FALSE(mine->closed);
  EXPECT_TRUE(mine->from_this_store);
  const auto theirs = decode_commit_notice(encode_commit_notice("99", "s", 0, 0, true), "4711");
  ASSERT_TRUE(theirs.has_value());
  EXPECT_TRUE(theirs->closed);
  EXPECT_FALSE(theirs->from_this_store);
}

TEST(CommitNotice, ForeignOrMalformedPayloadsAreIgnored) {
  for (const char* payload : {"", "4711", "4711 1 2 0", "4711 x 2 0 s", "4711 1 2 maybe s", "4711 -1 2 0 s",
                              "4711 1 99999999999999999999999 0 s"}) {
    EXPECT_FALSE(decode_commit_notice(payload, "4711").has_value()) << payload;
  }
}

TEST(SessionLockKey, IsStableAndSpreadsNearbyIds) {
  static_assert(services::session_lock_key("a") == services::session_lock_key("a"));
  EXPECT_NE(services::session_lock_key("session-1"), services::session_lock_key("session-2"));
  EXPECT_NE(services::session_lock_key(""), services::session_lock_key("session-1"));
}

}  // namespace
}  // namespace runform::testing
