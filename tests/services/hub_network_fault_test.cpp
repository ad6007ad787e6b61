// The network between kiosk and hub is cut (connections reset, reconnects refused for a while)
// again and again mid-upload: the session still completes with every frame stored exactly once.
#include <gtest/gtest.h>

#include <limits>
#include <thread>

#include "services/client/hub_channel.h"
#include "services/client/kiosk_uploader.h"
#include "support/hub_harness.h"
#include "support/tcp_proxy.h"

namespace runform::testing {
namespace {

TEST(HubNetworkFaults, UploadSurvivesRepeatedNetworkCuts) {
  HubUnderTest hub(Backend::kSqlite);
  TcpProxy proxy(hub.hub().port());
  const services::RecordedSession session = recorded_session("cut-1", 60.0);
  services::UploaderOptions options;
  options.max_chunk_frames = 16;
  options.backoff_initial = std::chrono::milliseconds(10);
  options.backoff_max = std::chrono::milliseconds(100);
  services::KioskUploader uploader(services::make_hub_channel("127.0.0.1:" + std::to_string(proxy.port()), {"", "", hub.kiosk_credential("station-1")}), options);
  uploader.open(session.start);

  constexpr int kCuts = 6;
  const std::size_t per_cut = session.frames.size() / (kCuts + 1);
  std::size_t sent = 0;
  for (int cut = 0; cut < kCuts; ++cut) {
    for (std::size_t i = 0; i < per_cut; ++i) uploader.add_frame("cut-1", session.frames[sent++]);
    // Wait until some of these frames are through, so the cut lands mid-upload.
    while (uploader.acked_seq("cut-1") < sent - per_cut / 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    proxy.cut(/*block=*/true);
    for (std::size_t i = 0; i < 10 && sent < session.frames.size(); ++i) {
      uploader.add_frame("cut-1", session.frames[sent++]);  // recorded while the network is down
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150));  // the outage
    proxy.restore();
  }
  while (sent < session.frames.size()) uploader.add_frame("cut-1", session.frames[sent++]);
  uploader.close("cut-1", session.summary, 1'780'000'100'000);
  ASSERT_TRUE(uploader.wait_closed("cut-1", std::chrono::seconds(30))) << uploader.stats().last_error;

  EXPECT_GE(proxy.connections(), kCuts + 1) << "the uploader should reconnect after every cut";
  EXPECT_GE(uploader.stats().connections, static_cast<std::uint64_t>(kCuts + 1));
  auto& store = hub.hub().store();
  EXPECT_EQ(store.count_frames("cut-1"), session.frames.size());
  const auto frames = store.read_frames("cut-1", 0, 0, std::numeric_limits<std::int64_t>::max(), 100000);
  ASSERT_EQ(frames.size(), session.frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    v1::FrameRecord expected = session.frames[i];
    expected.set_seq(i + 1);
    ASSERT_EQ(frames[i].payload, expected.SerializeAsString()) << "frame " << i + 1;
  }
  EXPECT_TRUE(store.session("cut-1")->closed);
}

}  // namespace
}  // namespace runform::testing
