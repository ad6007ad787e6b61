// Watcher slots: 64 live watchers that never read take every slot, so a real coach is refused.
// Once their updates have waited longer than the stall timeout (time injected), the hub ends them
// and frees their slots; the coach then watches, a kiosk still uploads, and stored data is
// unchanged. A watcher with nothing to send is never taken for a stalled one.
#include <gtest/gtest.h>

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>

#include <chrono>
#include <memory>
#include <vector>

#include "services/client/kiosk_uploader.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"

namespace runform::testing {
namespace {

constexpr int kSilentWatchers = 64;  // the hub's default max_watchers
constexpr int kWatchersPerChannel = 16;  // under the hub's cap of calls per connection
constexpr int kMaxUploadRounds = 6;
constexpr int kWatchersPerAccount = 4;  // AuthOptions::max_watchers_per_account: the attacker needs 16 accounts

void upload(services::KioskUploader& uploader, const services::RecordedSession& session) {
  uploader.open(session.start);
  for (const auto& f : session.frames) uploader.add_frame(session.start.session_id(), f);
  uploader.close(session.start.session_id(), session.summary, session.start.started_unix_ms() + 60'000);
  ASSERT_TRUE(uploader.wait_closed(session.start.session_id(), std::chrono::seconds(30)))
      << uploader.stats().last_error << uploader.stats().paused_reason;
}

std::uint64_t stored_seq(v1::CoachService::Stub& coach, const std::string& session_id) {
  grpc::ClientContext context;
  v1::GetSessionRequest request;
  request.set_session_id(session_id);
  v1::SessionInfo info;
  EXPECT_TRUE(coach.GetSession(&context, request, &info).ok());
  return info.stored_seq();
}

// What an attacker's watchers connect with: a small receive window and no window growth, so the
// hub's writes wait for reads after a few updates.
std::shared_ptr<grpc::Channel> small_window_channel(const std::string& target) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 16 * 1024);
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

// Earlier than the ingest idle timeout, so only watchers can be ended at these times.
std::chrono::steady_clock::time_point after(std::chrono::milliseconds delay) {
  EXPECT_LT(delay, HubUnderTest::fast_options().limits.stream_idle_timeout);
  return std::chrono::steady_clock::now() + delay;
}

// A watcher that subscribes and then never reads a message.
struct SilentWatcher {
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReader<v1::LiveUpdate>> reader;
};

TEST(HubWatcherAbuse, WatchersThatNeverReadAreEvictedAndACoachGetsASlot) {
  HubUnderTest hub(Backend::kSqlite);
  auto coach = hub.coach();
  services::KioskUploader kiosk(hub.channel());
  const auto before = recorded_session("before-watchers", 10.0, form::View::kFront, "ath-1", "station-1");
  upload(kiosk, before);
  const std::uint64_t before_seq = stored_seq(*coach, "before-watchers");
  ASSERT_EQ(before_seq, before.frames.size());

  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<SilentWatcher>> silent;
  std::string token;
  for (int i = 0; i < kSilentWatchers; ++i) {
    if (i % kWatchersPerChannel == 0) channels.push_back(small_window_channel(hub.target()));
    auto stub = v1::CoachService::NewStub(channels.back());
    auto w = std::make_unique<SilentWatcher>();
    if (i % kWatchersPerAccount == 0) {
      token = person_token(hub.hub().access(), "watcher-" + std::to_string(i / kWatchersPerAccount), v1::ROLE_STAFF);
    }
    w->context.AddMetadata("authorization", "Bearer " + token);
    w->reader = stub->WatchLive(&w->context, {});
    w->reader->WaitForInitialMetadata();  // subscribed; no message is ever read
    silent.push_back(std::move(w));
  }
  ASSERT_EQ(hub.hub().stats().watchers, static_cast<std::size_t>(kSilentWatchers));
  {
    grpc::ClientContext context;
    auto refused = coach->WatchLive(&context, {});
    v1::LiveUpdate update;
    EXPECT_FALSE(refused->Read(&update));
    EXPECT_EQ(refused->Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << "every slot should be taken";
  }
  // Nothing to send yet: nobody is stalled, however late it is.
  const auto stall = HubUnderTest::fast_options().limits.watcher_stall_timeout;
  const auto late = stall * 19 / 10;
  EXPECT_EQ(hub.hub().expire_idle_streams(after(late)), 0U);

  // Live frames fill the silent watchers' flow-control windows until their writes wait.
  services::KioskUploader kiosk_2(hub.kiosk_channel("station-2"));
  std::size_t evicted = 0;
  for (int round = 0; round < kMaxUploadRounds && evicted < kSilentWatchers; ++round) {
    upload(kiosk_2, recorded_session("flood-" + std::to_string(round), 60.0, form::View::kFront, "ath-2", "station-2"));
    evicted += hub.hub().expire_idle_streams(after(stall + std::chrono::seconds(1)));
  }
  EXPECT_EQ(evicted, static_cast<std::size_t>(kSilentWatchers));
  EXPECT_EQ(hub.hub().stats().watchers, 0U) << "evicted watchers still hold slots";

  // A real coach now watches and gets a live session's frames; it is not evicted while idle.
  grpc::ClientContext watch_context;
  v1::WatchLiveRequest watch;
  watch.add_station_ids("station-3");
  auto watcher = coach->WatchLive(&watch_context, watch);
  watcher->WaitForInitialMetadata();
  EXPECT_EQ(hub.hub().expire_idle_streams(after(late)), 0U);
  services::KioskUploader kiosk_3(hub.kiosk_channel("station-3"));
  upload(kiosk_3, recorded_session("after-watchers", 10.0, form::View::kFront, "ath-3", "station-3"));
  std::size_t frames_seen = 0;
  v1::LiveUpdate update;
  while (frames_seen == 0 && watcher->Read(&update)) {
    for (const auto& f : update.frames()) frames_seen += static_cast<std::size_t>(f.frames_size());
  }
  EXPECT_GT(frames_seen, 0U);
  watch_context.TryCancel();
  watcher->Finish();

  EXPECT_EQ(stored_seq(*coach, "before-watchers"), before_seq) << "stored data changed";
  for (auto& w : silent) {
    w->context.TryCancel();
    EXPECT_FALSE(w->reader->Finish().ok());
  }
}

TEST(HubWatcherAbuse, WatchersNeedAnAccountAndEachAccountHasFewSlots) {
  HubUnderTest hub(Backend::kSqlite);
  {
    grpc::ClientContext context;
    auto anonymous = v1::CoachService::NewStub(hub.anonymous_channel())->WatchLive(&context, {});
    v1::LiveUpdate update;
    EXPECT_FALSE(anonymous->Read(&update));
    EXPECT_EQ(anonymous->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
  const std::string token = person_token(hub.hub().access(), "greedy-coach", v1::ROLE_STAFF);
  auto stub = v1::CoachService::NewStub(hub.channel_with_token(token));
  std::vector<std::unique_ptr<SilentWatcher>> held;
  for (int i = 0; i < kWatchersPerAccount; ++i) {
    auto w = std::make_unique<SilentWatcher>();
    w->reader = stub->WatchLive(&w->context, {});
    w->reader->WaitForInitialMetadata();
    held.push_back(std::move(w));
  }
  EXPECT_EQ(hub.hub().stats().watchers, static_cast<std::size_t>(kWatchersPerAccount));
  {
    grpc::ClientContext context;
    auto one_more = stub->WatchLive(&context, {});
    v1::LiveUpdate update;
    EXPECT_FALSE(one_more->Read(&update));
    const auto status = one_more->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_NE(status.error_message().find("end one first"), std::string::npos) << status.error_message();
  }
  // Another account still gets a slot while this one is at its limit.
  {
    grpc::ClientContext context;
    auto other = hub.coach()->WatchLive(&context, {});
    other->WaitForInitialMetadata();
    EXPECT_EQ(hub.hub().stats().watchers, static_cast<std::size_t>(kWatchersPerAccount + 1));
    context.TryCancel();
    other->Finish();
  }
  // Ending one watch gives the account its slot back.
  held.back()->context.TryCancel();
  held.back()->reader->Finish();
  held.pop_back();
  grpc::ClientContext context;
  auto again = stub->WatchLive(&context, {});
  again->WaitForInitialMetadata();
  context.TryCancel();
  EXPECT_EQ(again->Finish().error_code(), grpc::StatusCode::CANCELLED) << "admitted, then ended by us";
  for (auto& w : held) {
    w->context.TryCancel();
    w->reader->Finish();
  }
}

}  // namespace
}  // namespace runform::testing
