// Unit tests of the hub's parts that need no network: LTTB, the live queue, the group
// committer (with a recording store), page tokens, the config file and the wire encoding.
#include <gtest/gtest.h>

#include <google/protobuf/stubs/logging.h>

#include <cmath>
#include <cctype>
#include <filesystem>
#include <future>
#include <new>
#include <random>
#include <stdexcept>

#include "services/client/form_encoding.h"
#include "services/hub/frame_metric_scan.h"
#include "services/hub/group_committer.h"
#include "services/hub/hub_config.h"
#include "services/hub/live_queue.h"
#include "services/hub/lttb.h"
#include "services/hub/page_token.h"
#include "services/hub/session_registry.h"
#include "services/store/sqlite_session_store.h"
#include "services/store/session_store.h"

namespace runform::services {
namespace {

// --- Reading one metric from a stored frame without decoding it --------------------------------

// What the full parser reads: the first sample of the metric in the decoded record.
std::optional<float> parsed_metric(const std::string& payload, v1::MetricId metric) {
  v1::FrameRecord record;
  if (!record.ParseFromString(payload)) throw std::runtime_error("does not parse");
  for (const auto& m : record.metrics()) {
    if (m.metric() == metric) return m.value();
  }
  return std::nullopt;
}

v1::FrameRecord busy_frame(std::mt19937& rng) {
  std::uniform_int_distribution<std::uint32_t> xy(0, 19200);
  std::uniform_real_distribution<float> value(-400.0f, 400.0f);
  v1::FrameRecord f;
  f.set_seq(rng() % 200000 + 1);
  f.set_t_us(static_cast<std::int64_t>(rng() % 3'600'000'000U));
  for (int i = 0; i < 34; ++i) f.add_xy_decipx(xy(rng));
  f.set_confidence_q8(std::string(17, static_cast<char>(rng() % 256)));
  const int samples = static_cast<int>(rng() % 6);
  for (int i = 0; i < samples; ++i) {
    auto* m = f.add_metrics();
    m->set_metric(static_cast<v1::MetricId>(rng() % 17));  // 16: an id newer than this hub
    m->set_value(value(rng));
  }
  if (rng() % 2 == 0) {
    f.mutable_scores()->set_head(value(rng));
    f.mutable_scores()->set_overall(value(rng));
  }
  if (rng() % 3 == 0) {
    auto* c = f.add_cues();
    c->set_kind(v1::CueEvent::KIND_SHOW);
    c->set_cue_id("arms.cross");
    c->set_text("Swing forward, not across");
  }
  return f;
}

TEST(FrameMetricScan, ReadsWhatTheFullParserReadsForEveryMetric) {
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    const std::string payload = busy_frame(rng).SerializeAsString();
    for (int id = 0; id <= 16; ++id) {
      const auto metric = static_cast<v1::MetricId>(id);
      EXPECT_EQ(scan_frame_metric(payload, metric), parsed_metric(payload, metric)) << "frame " << i << ", metric " << id;
    }
  }
}

TEST(FrameMetricScan, TheFirstSampleOfAMetricWinsAndAFrameWithoutMetricsHasNone) {
  v1::FrameRecord f;
  f.set_t_us(5);
  EXPECT_EQ(scan_frame_metric(f.SerializeAsString(), v1::METRIC_CADENCE_SPM), std::nullopt);
  EXPECT_EQ(scan_frame_metric("", v1::METRIC_CADENCE_SPM), std::nullopt) << "an empty record is a valid one";
  for (float v : {171.0f, 180.0f}) {
    auto* m = f.add_metrics();
    m->set_metric(v1::METRIC_CADENCE_SPM);
    m->set_value(v);
  }
  EXPECT_EQ(scan_frame_metric(f.SerializeAsString(), v1::METRIC_CADENCE_SPM), 171.0f);
}

TEST(FrameMetricScan, BrokenBytesAreAStoreErrorNeverAWrongValue) {
  const google::protobuf::LogSilencer quiet;  // the full parser logs each bad cue text
  std::mt19937 rng(11);
  int refused = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string payload = busy_frame(rng).SerializeAsString();
    // Damage it: cut it short, or overwrite a few bytes.
    if (rng() % 2 == 0) {
      payload.resize(rng() % (payload.size() + 1));
    } else {
      for (int k = 0; k < 3; ++k) payload[rng() % payload.size()] = static_cast<char>(rng() % 256);
    }
    v1::FrameRecord record;
    const bool parses = record.ParseFromString(payload);
    for (auto metric : {v1::METRIC_CADENCE_SPM, v1::METRIC_HEAD_TILT_DEG, v1::METRIC_ARMS_ASYMMETRY_PCT}) {
      if (parses) {
        // Whatever the full parser accepts, the scan reads alike.
        EXPECT_EQ(scan_frame_metric(payload, metric), parsed_metric(payload, metric)) << "damaged frame " << i;
      } else {
        try {
          (void)scan_frame_metric(payload, metric);
        } catch (const StoreError&) {
          ++refused;
        }
      }
    }
  }
  EXPECT_GT(refused, 0) << "damage the full parser refuses is refused by the scan too (mostly: it does not check cue text's UTF-8)";
  EXPECT_THROW((void)scan_frame_metric(std::string("\x2a\xff\xff\xff\xff\x0f", 6), v1::METRIC_CADENCE_SPM), StoreError)
      << "a metrics field longer than the frame";
}

// --- The session registry's answers to a close --------------------------------------------------

TEST(SessionRegistryClose, ACloseSentAgainWhileTheFirstCommitsIsRetriedNotRefused) {
  // A kiosk whose stream broke after sending a close sends it again; while the first is still on
  // its way to storage the hub must say "shortly" (a retry), never a refusal that would make the
  // kiosk set an intact session aside.
  const auto dir = std::filesystem::temp_directory_path() / ("runform-registry-close-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    const auto store = open_sqlite_store(dir / "hub.db");
    SessionRegistry registry(*store, 4);
    v1::SessionStart start;
    start.set_session_id("s-1");
    start.set_kiosk_id("kiosk-1");
    start.set_station_id("station-1");
    start.set_started_unix_ms(1'700'000'000'000);
    int stream = 0;
    const SessionRegistry::Owner owner = &stream;
    ASSERT_TRUE(registry.claim(start, owner).ok());
    StoredSession row;
    row.session_id = "s-1";
    row.kiosk_id = "kiosk-1";
    row.station_id = "station-1";
    row.started_unix_ms = start.started_unix_ms();
    row.start_payload = start.SerializeAsString();
    store->write({OpenOp{row}});
    (void)registry.opened("s-1", owner);
    bool already_closed = false;
    std::shared_ptr<const v1::SessionStart> started;
    ASSERT_TRUE(registry.accept_close("s-1", owner, 0, already_closed, started).ok());
    const grpc::Status again = registry.accept_close("s-1", owner, 0, already_closed, started);
    EXPECT_EQ(again.error_code(), grpc::StatusCode::UNAVAILABLE) << again.error_message();
    EXPECT_NE(again.error_message().find("closing"), std::string::npos) << again.error_message();
    registry.close_committed("s-1", true);
    EXPECT_TRUE(registry.accept_close("s-1", owner, 0, already_closed, started).ok());
    EXPECT_TRUE(already_closed) << "once committed, the close is answered as done";
  }
  std::filesystem::remove_all(dir);
}

// --- LTTB -------------------------------------------------------------------------------------

std::vector<SeriesSample> ramp(std::size_t n) {
  std::vector<SeriesSample> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back({static_cast<std::int64_t>(i) * 1000, std::sin(0.05 * static_cast<double>(i))});
  return out;
}

TEST(Lttb, ShortSeriesComeBackUnchanged) {
  const auto points = ramp(10);
  EXPECT_EQ(lttb(points, 10), points);
  EXPECT_EQ(lttb(points, 50), points);
}

TEST(Lttb, KeepsEndsAndTheRequestedCountInTimeOrder) {
  const auto points = ramp(5000);
  const auto out = lttb(points, 100);
  ASSERT_EQ(out.size(), 100U);
  EXPECT_EQ(out.front(), points.front());
  EXPECT_EQ(out.back(), points.back());
  for (std::size_t i = 1; i < out.size(); ++i) EXPECT_GT(out[i].t_us, out[i - 1].t_us);
}

TEST(Lttb, KeepsASpikeThatAveragingWouldHide) {
  auto points = ramp(3000);
  for (auto& p : points) p.value = 1.0;
  points[1234].value = 50.0;  // one bad stride
  const auto out = lttb(points, 30);
  bool kept = false;
  for (const auto& p : out) kept = kept || p.value == 50.0;
  EXPECT_TRUE(kept);
}

// --- LiveQueue --------------------------------------------------------------------------------

std::shared_ptr<const LiveBatch> batch_of(std::size_t frames, std::uint64_t first_seq) {
  auto b = std::make_shared<LiveBatch>();
  b->session = std::make_shared<const v1::SessionStart>();
  for (std::size_t i = 0; i < frames; ++i) b->frames.emplace_back().set_seq(first_seq + i);
  return b;
}

TEST(LiveQueue, DropsTheOldestBatchesBeyondItsBoundAndCountsThem) {
  LiveQueue queue(100);
  for (int i = 0; i < 10; ++i) queue.push(batch_of(30, 1 + static_cast<std::uint64_t>(i) * 30));
  EXPECT_LE(queue.queued_frames(), 100U);
  EXPECT_EQ(queue.dropped_frames(), 210U);  // 300 pushed, the newest 90 kept
  const auto first = queue.pop();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ((*first)->frames.front().seq(), 211U);
}

TEST(LiveQueue, KeepsASingleOversizedBatch) {
  LiveQueue queue(10);
  queue.push(batch_of(50, 1));
  EXPECT_EQ(queue.dropped_frames(), 0U);
  EXPECT_FALSE(queue.empty());
}

// --- GroupCommitter ---------------------------------------------------------------------------

// Records each committed batch; fails on demand.
class RecordingStore final : public SessionStore {
 public:
  std::vector<std::vector<WriteOp>> batches;
  bool fail_next = false;
  bool fail_next_unexpectedly = false;  ///< throws std::bad_alloc, not a StoreError
  std::string_view backend() const override { return "recording"; }
  int schema_version() override { return 1; }
  void write(const std::vector<WriteOp>& ops) override {
    if (fail_next) {
      fail_next = false;
      throw StoreError("disk full");
    }
    if (fail_next_unexpectedly) {
      fail_next_unexpectedly = false;
      throw std::bad_alloc();
    }
    batches.push_back(ops);
  }
  std::optional<StoredSession> session(std::string_view) override { return std::nullopt; }
  std::vector<StoredSession> list_sessions(const SessionFilter&, const std::optional<SessionCursor>&, std::size_t) override {
    return {};
  }
  std::vector<StoredSession> athlete_sessions(std::string_view) override { return {}; }
  std::vector<AthleteRow> list_athletes(std::string_view, std::size_t) override { return {}; }
  std::vector<StoredFrame> read_frames(std::string_view, std::uint64_t, std::int64_t, std::int64_t, std::size_t) override {
    return {};
  }
  std::uint64_t count_frames(std::string_view) override { return 0; }
  AnnotationRow add_annotation(AnnotationRow row) override { return row; }
  std::vector<AnnotationRow> list_annotations(std::string_view) override { return {}; }
};

AppendOp append(std::size_t frames) {
  AppendOp op{"s", {}};
  for (std::size_t i = 0; i < frames; ++i) op.frames.push_back({i + 1, 0, "x"});
  return op;
}

// An interval of an hour: batches commit only when full or flushed, so tests never wait on time.
CommitterOptions manual(std::size_t max_batch_frames = 1000, std::size_t max_pending = 100000) {
  return {std::chrono::hours(1), max_batch_frames, max_pending};
}

TEST(GroupCommitter, GathersOperationsIntoOneBatchAndCallsBackAfterTheCommit) {
  RecordingStore store;
  std::vector<int> done;
  {
    GroupCommitter committer(store, manual());
    for (int i = 0; i < 5; ++i) {
      committer.submit(append(10), [&, i](const std::optional<CommitFailure>& error) {
        EXPECT_FALSE(error.has_value());
        EXPECT_EQ(store.batches.size(), 1U) << "callbacks run after the commit";
        done.push_back(i);
      });
    }
    committer.flush();
    EXPECT_EQ(committer.stats().frames, 50U);
    EXPECT_EQ(committer.stats().batches, 1U);
  }
  ASSERT_EQ(store.batches.size(), 1U);
  EXPECT_EQ(store.batches[0].size(), 5U);
  EXPECT_EQ(done, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(GroupCommitter, AFullBatchCommitsWithoutWaitingForTheInterval) {
  RecordingStore store;
  GroupCommitter committer(store, manual(100));
  std::promise<void> committed;
  committer.submit(append(60), [](const auto&) {});
  committer.submit(append(60), [&](const auto&) { committed.set_value(); });
  EXPECT_EQ(committed.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
}

TEST(GroupCommitter, AFailedCommitReportsTheErrorToEveryOperationInIt) {
  RecordingStore store;
  store.fail_next = true;
  GroupCommitter committer(store, manual());
  std::vector<std::string> errors;
  for (int i = 0; i < 3; ++i) {
    committer.submit(append(1), [&](const std::optional<CommitFailure>& error) {
      ASSERT_TRUE(error.has_value());
      EXPECT_FALSE(error->unexpected) << "a StoreError is the store's own refusal";
      errors.push_back(error->message);
    });
  }
  committer.flush();
  EXPECT_EQ(errors, (std::vector<std::string>(3, "disk full")));
  EXPECT_EQ(committer.stats().failures, 1U);
  EXPECT_EQ(committer.stats().unexpected_failures, 0U);
  committer.submit(append(1), [&](const auto& error) { EXPECT_FALSE(error.has_value()); });
  committer.flush();
  EXPECT_EQ(store.batches.size(), 1U);
}

// Issue 16: anything but a StoreError used to escape the writer thread and terminate the hub.
TEST(GroupCommitter, ANonStoreErrorFailsItsBatchAsUnexpectedAndTheThreadGoesOn) {
  RecordingStore store;
  store.fail_next_unexpectedly = true;
  GroupCommitter committer(store, manual());
  std::vector<CommitFailure> failures;
  for (int i = 0; i < 2; ++i) {
    committer.submit(append(1), [&](const std::optional<CommitFailure>& error) {
      ASSERT_TRUE(error.has_value());
      failures.push_back(*error);
    });
  }
  committer.flush();
  ASSERT_EQ(failures.size(), 2U);
  for (const auto& f : failures) {
    EXPECT_TRUE(f.unexpected);
    EXPECT_EQ(f.message, std::bad_alloc().what());
  }
  EXPECT_EQ(committer.stats().failures, 1U);
  EXPECT_EQ(committer.stats().unexpected_failures, 1U);
  // The writer thread is still alive: the next batch commits and reports success.
  bool committed = false;
  committer.submit(append(1), [&](const auto& error) { committed = !error.has_value(); });
  committer.flush();
  EXPECT_TRUE(committed);
  EXPECT_EQ(store.batches.size(), 1U);
}

TEST(GroupCommitter, ACallbackThatThrowsHarmsNeitherTheOtherCallbacksNorTheThread) {
  RecordingStore store;
  GroupCommitter committer(store, manual());
  int answered = 0;
  committer.submit(append(1), [&](const auto&) { ++answered; });
  committer.submit(append(1), [](const auto&) { throw std::runtime_error("a stream's own bug"); });
  committer.submit(append(1), [&](const auto&) { ++answered; });
  committer.flush();
  EXPECT_EQ(answered, 2);
  EXPECT_EQ(committer.stats().callback_failures, 1U);
  committer.submit(append(1), [&](const auto&) { ++answered; });
  committer.flush();
  EXPECT_EQ(answered, 3);
}

TEST(GroupCommitter, SaysWhenToPauseAndWhenThereIsRoomAgain) {
  RecordingStore store;
  GroupCommitter committer(store, manual(1000000, 100));
  EXPECT_TRUE(committer.submit(append(60), [](const auto&) {}));
  EXPECT_FALSE(committer.submit(append(60), [](const auto&) {})) << "120 frames pending > 100";
  bool resumed = false;
  committer.when_space([&] { resumed = true; });
  EXPECT_FALSE(resumed);
  committer.flush();
  EXPECT_TRUE(resumed);
  bool immediate = false;
  committer.when_space([&] { immediate = true; });
  EXPECT_TRUE(immediate);
}

// --- Page tokens ------------------------------------------------------------------------------

TEST(PageToken, RoundTripsAndRejectsForeignTokens) {
  const std::string position = std::string("1780000000000:sess\0ion", 22);
  EXPECT_EQ(decode_page_token(encode_page_token(position)), position);
  EXPECT_FALSE(decode_page_token("abc").has_value());
  EXPECT_FALSE(decode_page_token("p1zz").has_value());
  EXPECT_FALSE(decode_page_token("p1a").has_value());
}

// --- Hub config -------------------------------------------------------------------------------

TEST(HubConfig, ReadsEverySection) {
  const HubConfig c = parse_hub_config(R"(
address = "0.0.0.0:6000"
store = "postgresql:///runform"
log_level = "debug"
[commit]
interval_ms = 250
max_batch_frames = 4000
[limits]
max_watchers = 8
live_linger_ms = 5
[keepalive]
time_ms = 20000
)",
                                       "hub.toml");
  EXPECT_EQ(c.hub.address, "0.0.0.0:6000");
  EXPECT_EQ(c.hub.store, "postgresql:///runform");
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_EQ(c.hub.commit.interval, std::chrono::milliseconds(250));
  EXPECT_EQ(c.hub.commit.max_batch_frames, 4000U);
  EXPECT_EQ(c.hub.limits.max_watchers, 8U);
  EXPECT_EQ(c.hub.limits.live_linger, std::chrono::milliseconds(5));
  EXPECT_EQ(c.hub.keepalive_time, std::chrono::milliseconds(20000));
}

std::string config_error(std::string_view text) {
  try {
    parse_hub_config(text, "hub.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(HubConfig, MistakesNameTheFileLineAndKey) {
  EXPECT_NE(config_error("adress = \"x\"").find("unknown setting 'adress' (line 1)"), std::string::npos);
  EXPECT_NE(config_error("[commit]\ninterval_ms = \"fast\"").find("'interval_ms' must be an integer"), std::string::npos);
  EXPECT_NE(config_error("[limits]\nmax_chunk_frames = 0").find("≥ 1"), std::string::npos);
  EXPECT_NE(config_error("address = \n").find("hub.toml:1"), std::string::npos);
  EXPECT_NE(config_error("log_level = \"loud\"").find("log_level"), std::string::npos);
  EXPECT_THROW(load_hub_config("/nonexistent/hub.toml"), ConfigError);
}

// --- Wire encoding ----------------------------------------------------------------------------

TEST(FormEncoding, MetricIdsMatchTheirStableKeys) {
  for (const auto& info : form::metric_catalog()) {
    std::string expected = "METRIC_";
    for (const char c : info.key) expected.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(c)));
    EXPECT_EQ(v1::MetricId_Name(to_wire(info.id)), expected);
    EXPECT_EQ(from_wire(to_wire(info.id)), info.id);
  }
  EXPECT_FALSE(from_wire(v1::METRIC_UNSPECIFIED).has_value());
}

TEST(FormEncoding, LandmarksRoundTripWithinTheQuantisationStep) {
  form::PoseFrame frame;
  frame.t_s = 1.25;
  for (std::size_t i = 0; i < frame.keypoints.size(); ++i) {
    frame.keypoints[i] = {12.34 + static_cast<double>(i) * 30.0, 400.06 - static_cast<double>(i), 0.1 * static_cast<double>(i % 10)};
  }
  frame.keypoints[3] = {-20.0, 9999.0, 1.7};  // off-image and over-confident: clamped, not rejected
  const v1::FrameRecord record = encode_frame(frame, 1'250'000, 640, 480);
  EXPECT_EQ(record.xy_decipx_size(), 34);
  EXPECT_EQ(record.confidence_q8().size(), 17U);
  const form::PoseFrame back = decode_frame(record);
  EXPECT_DOUBLE_EQ(back.t_s, 1.25);
  for (std::size_t i = 0; i < frame.keypoints.size(); ++i) {
    if (i == 3) continue;
    EXPECT_NEAR(back.keypoints[i].x_px, frame.keypoints[i].x_px, 0.05);
    EXPECT_NEAR(back.keypoints[i].y_px, frame.keypoints[i].y_px, 0.05);
    EXPECT_NEAR(back.keypoints[i].confidence, frame.keypoints[i].confidence, 0.5 / 255.0);
  }
  EXPECT_EQ(back.keypoints[3].x_px, 0.0);
  EXPECT_EQ(back.keypoints[3].y_px, 480.0);
  EXPECT_EQ(back.keypoints[3].confidence, 1.0);
}

}  // namespace
}  // namespace runform::services
