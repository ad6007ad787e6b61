// The station core end to end: the headless flow a kiosk drives (QR check-in, setup, calibration,
// run, summary), the hub down for the first half of a session (everything arrives exactly once
// and the spool empties), and the spool's bound (warns when nearly full, refuses new frames when
// full without losing what it holds, and never stalls the camera).
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <future>
#include <mutex>
#include <chrono>
#include <filesystem>
#include <limits>
#include <thread>

#include "runform/v1/frames.pb.h"
#include "services/client/sqlite_frame_spool.h"
#include "station/demo_runner_source.h"
#include "station/qr_reader.h"
#include "station/station.h"
#include "services/hub/auth_secrets.h"
#include "support/access_helpers.h"
#include "support/hub_harness.h"
#include "support/station_sources.h"
#include "tools/model_prep/marker_model.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <tuple>
#include <vector>

namespace runform::testing {
namespace {

using station::Phase;
using station::Station;
using station::StationSnapshot;

// Waits for a condition the station reaches on its own threads; fails the test on timeout.
// (Real threads do the work here, so this waits for an outcome, never for a fixed time.)
template <typename Pred>
bool eventually(Pred pred, std::chrono::seconds timeout = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("runform-station-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path;
}

// A port nobody listens on now (the hub starts there later).
int free_port() {
  services::HubOptions probe_options;
  probe_options.address = "127.0.0.1:0";
  probe_options.insecure_loopback = true;
  probe_options.store = "sqlite:" + scratch("probe.db").string();
  services::HubServer probe(probe_options);
  const int port = probe.port();
  probe.shutdown();
  return port;
}

station::StationConfig track_config(TrackCamera& camera, const std::filesystem::path& spool) {
  station::StationConfig c;
  c.source = camera.source();
  c.estimator = camera.estimator();
  c.model = station::ModelSetup{};
  c.model->trained = true;
  c.spool_path = spool;
  c.assets_dir = RUNFORM_ASSETS_DIR;
  c.kiosk_id = "kiosk-test";
  c.station_id = "treadmill-test";
  return c;
}

std::size_t processed(const StationSnapshot& s) { return static_cast<std::size_t>(s.frame_index) + (s.image.empty() ? 0 : 1); }

// Lets `total` frames through and waits until the station has processed them all.
void play_until(Station& st, TrackCamera& camera, std::size_t total) {
  camera.allow(total);
  ASSERT_TRUE(eventually([&] { return processed(st.snapshot()) >= total; })) << "processed " << processed(st.snapshot());
}

// Checks the hub holds frames 1…n of a session exactly once, in order, and closed it.
void expect_stored_exactly_once(services::SessionStore& store, const std::string& id, std::uint64_t n) {
  const auto session = store.session(id);
  ASSERT_TRUE(session.has_value()) << id;
  EXPECT_TRUE(session->closed);
  EXPECT_EQ(session->stored_seq, n);
  EXPECT_EQ(store.count_frames(id), n);
  const auto frames = store.read_frames(id, 0, 0, std::numeric_limits<std::int64_t>::max(), 1'000'000);
  ASSERT_EQ(frames.size(), n);
  for (std::size_t i = 0; i < frames.size(); ++i) ASSERT_EQ(frames[i].seq, i + 1);
}

TEST(Station, HubDownForTheFirstHalfThenUp_WholeSessionArrivesOnceAndTheSpoolEmpties) {
  const auto spool = scratch("offline.db");
  const int port = free_port();
  TrackCamera camera(station_session(40.0, 4.0, 11));
  auto config = track_config(camera, spool);
  config.hub_addresses = {"127.0.0.1:" + std::to_string(port)};
  config.kiosk_token = services::new_bearer_token(services::kKioskTokenPrefix);
  const std::string token = config.kiosk_token;
  Station st(std::move(config));

  st.check_in("ATH-7");
  st.start_calibration();
  st.sync();
  EXPECT_EQ(st.snapshot().phase, Phase::kCalibrating);
  play_until(st, camera, 120);  // the 4 s standing
  st.start_running();
  st.sync();
  const std::size_t half = camera.size() / 2;
  play_until(st, camera, half);
  st.sync();
  StationSnapshot s = st.snapshot();
  EXPECT_FALSE(s.hub.online) << "no hub is listening yet";
  EXPECT_GT(s.spool.backlog_frames, 0U);
  EXPECT_EQ(s.upload.acked_frames, 0U);
  EXPECT_EQ(s.phase, Phase::kRunning);

  // The hub comes up on the address the station was given; the station keeps recording.
  services::HubOptions options = HubUnderTest::fast_options();
  options.address = "127.0.0.1:" + std::to_string(port);
  // The kiosk was enrolled before (its credential is in its config); the hub knows it from the start.
  HubUnderTest hub(Backend::kSqlite, options,
                   [&](services::AccessStore& access) { kiosk_token(access, "treadmill-test", "kiosk-test", token); });
  play_until(st, camera, camera.size());
  st.finish();
  st.sync();
  s = st.snapshot();
  ASSERT_EQ(s.phase, Phase::kSummary);
  ASSERT_TRUE(s.summary.has_value());
  EXPECT_GT(s.summary->strides, 20U);
  const std::string id = s.upload.session_id;
  const std::uint64_t recorded = s.upload.recorded_frames;
  EXPECT_GE(recorded + 1, camera.size() - 120) << "every frame from calibration on is recorded";
  ASSERT_TRUE(eventually([&] {
    st.sync();
    return st.snapshot().upload.closed_on_hub;
  })) << st.snapshot().upload.error << " / " << st.snapshot().hub.last_error;
  s = st.snapshot();
  EXPECT_TRUE(s.hub.online);
  EXPECT_EQ(s.spool.backlog_frames, 0U) << "the spool empties";
  EXPECT_EQ(s.upload.sessions_pending, 0U);
  expect_stored_exactly_once(hub.hub().store(), id, recorded);
  const auto stored = hub.hub().store().session(id);
  v1::SessionSummary summary;
  ASSERT_TRUE(summary.ParseFromString(stored->summary_payload));
  EXPECT_FALSE(summary.interrupted());
  EXPECT_EQ(stored->athlete_id, "ATH-7");
  services::SqliteFrameSpool reopened(spool, 1000);
  EXPECT_EQ(reopened.stored_frames(), 0U);
  EXPECT_TRUE(reopened.sessions().empty());
}

TEST(Station, SpoolBound_WarnsWhenNearlyFull_RefusesWhenFull_KeepsWhatItHolds_NeverStallsTheCamera) {
  const auto spool = scratch("bound.db");
  const int port = free_port();
  TrackCamera camera(station_session(12.0, 3.0, 5));
  auto config = track_config(camera, spool);
  config.hub_addresses = {"127.0.0.1:" + std::to_string(port)};
  config.kiosk_token = services::new_bearer_token(services::kKioskTokenPrefix);
  const std::string token = config.kiosk_token;
  config.spool_max_frames = 100;
  config.spool_nearly_full_fraction = 0.8;
  std::atomic<std::size_t> seen{0};
  config.on_frame = [&](const form::PoseFrame&, bool, cv::Size) { ++seen; };
  Station st(std::move(config));
  st.check_in_guest();
  st.start_calibration();
  st.sync();

  play_until(st, camera, 70);
  st.sync();
  EXPECT_FALSE(st.snapshot().spool.nearly_full) << "70 of 100";
  play_until(st, camera, 85);
  st.sync();
  StationSnapshot s = st.snapshot();
  EXPECT_TRUE(s.spool.nearly_full) << "85 of 100";
  EXPECT_FALSE(s.spool.full);
  EXPECT_NE(s.spool.warning.find("nearly full"), std::string::npos) << s.spool.warning;

  // Past the bound the camera keeps going (every frame still reaches the engine and the
  // screen), new frames are refused and counted, and nothing already held is dropped.
  play_until(st, camera, camera.size());
  EXPECT_EQ(seen.load(), camera.size()) << "the camera never stalled";
  st.sync();
  s = st.snapshot();
  EXPECT_TRUE(s.spool.full);
  EXPECT_EQ(s.upload.recorded_frames, 100U);
  EXPECT_EQ(s.spool.frames_refused, camera.size() - 100);
  EXPECT_NE(s.spool.warning.find("full"), std::string::npos);
  st.finish();
  st.sync();

  // When the hub comes, the 100 held frames arrive and the spool has room again.
  services::HubOptions options = HubUnderTest::fast_options();
  options.address = "127.0.0.1:" + std::to_string(port);
  // The kiosk was enrolled before (its credential is in its config); the hub knows it from the start.
  HubUnderTest hub(Backend::kSqlite, options,
                   [&](services::AccessStore& access) { kiosk_token(access, "treadmill-test", "kiosk-test", token); });
  const std::string id = st.snapshot().upload.session_id;
  ASSERT_TRUE(eventually([&] {
    st.sync();
    return st.snapshot().upload.closed_on_hub;
  })) << st.snapshot().upload.error;
  expect_stored_exactly_once(hub.hub().store(), id, 100);
  st.sync();
  EXPECT_FALSE(st.snapshot().spool.full);
  EXPECT_FALSE(st.snapshot().spool.nearly_full);
}

TEST(Station, CancelledRunIsClosedAsInterruptedAndKeptForUpload) {
  const auto spool = scratch("cancel.db");
  TrackCamera camera(station_session(10.0, 3.0, 9));
  {
    Station st(track_config(camera, spool));  // no hub: spool only
    st.check_in_guest();
    st.start_calibration();
    st.sync();
    play_until(st, camera, 150);
    st.cancel();
    st.sync();
    const StationSnapshot s = st.snapshot();
    EXPECT_EQ(s.phase, Phase::kAttract);
    EXPECT_FALSE(s.summary.has_value()) << "an abandoned run shows no summary";
    EXPECT_FALSE(s.hub.configured);
  }
  services::SqliteFrameSpool held(spool, 1000);
  const auto sessions = held.sessions();
  ASSERT_EQ(sessions.size(), 1U);
  ASSERT_TRUE(sessions[0].close.has_value());
  EXPECT_TRUE(sessions[0].close->summary().interrupted());
  EXPECT_TRUE(sessions[0].start.athlete_id().empty()) << "a guest carries no identity";
  EXPECT_EQ(held.stored_frames(), sessions[0].last_seq);
}

TEST(Station, BadAthleteCodeIsRefusedInPlainWords) {
  TrackCamera camera(station_session(9.0, 3.0, 3));
  Station st(track_config(camera, scratch("code.db")));
  st.check_in("");
  st.sync();
  EXPECT_EQ(st.snapshot().phase, Phase::kAttract);
  EXPECT_NE(st.snapshot().error.find("athlete code"), std::string::npos) << st.snapshot().error;
  st.check_in(std::string("ab\x01", 3));
  st.sync();
  EXPECT_EQ(st.snapshot().phase, Phase::kAttract);
  st.check_in("ATH-1");
  st.sync();
  EXPECT_EQ(st.snapshot().phase, Phase::kCheckedIn);
  EXPECT_TRUE(st.snapshot().error.empty());
  st.start_running();  // out of order: ignored, never a crash
  st.finish();
  st.sync();
  EXPECT_EQ(st.snapshot().phase, Phase::kCheckedIn);
}

// The kiosk's whole flow, headless, in demo mode: the rendered runner through the real pipeline
// and the generated marker model. A QR badge held up to the camera checks the athlete in.
TEST(Station, HeadlessDemoFlow_QrCheckIn_Setup_Calibration_Run_Summary) {
  const auto model = scratch("markers.onnx");
  tools::write_marker_model(model);
  station::StationConfig c;
  c.demo = station::DemoRunner{};
  c.demo->paced = false;
  c.demo->running_s = 18.0;
  c.model = station::ModelSetup{tools::marker_model_spec(model.string()), false, "run deploy/fetch-models.sh"};
  c.spool_path = scratch("demo.db");
  c.assets_dir = RUNFORM_ASSETS_DIR;
  c.qr_scan_interval_s = 0.05;
  Station st(std::move(c));

  std::string code = "ATH-042";
  st.show_demo_badge(code);
  ASSERT_TRUE(eventually([&] { return st.snapshot().qr_code.has_value(); }))
      << "the badge was not read; frame " << st.snapshot().frame_index
      << (cv::imwrite(scratch("badge.png").string(), st.snapshot().image) ? " (image in badge.png)" : "");
  EXPECT_EQ(*st.snapshot().qr_code, code);
  st.show_demo_badge("");
  st.check_in(code);
  st.sync();
  EXPECT_EQ(st.snapshot().phase, Phase::kCheckedIn);
  EXPECT_EQ(st.snapshot().athlete_code, "ATH-042");

  ASSERT_TRUE(eventually([&] { return st.snapshot().setup.ready(); }))
      << "setup: person " << st.snapshot().setup.person_seen.problem << " / frame " << st.snapshot().setup.fully_in_frame.problem
      << " / zone " << st.snapshot().setup.in_zone.problem << " / light " << st.snapshot().setup.light.problem;
  StationSnapshot s = st.snapshot();
  EXPECT_FALSE(s.setup.trained_model.ok) << "the marker model is not a trained one";
  EXPECT_NE(s.setup.trained_model.fix.find("fetch-models"), std::string::npos) << s.setup.trained_model.fix;
  ASSERT_TRUE(s.setup.view.has_value());
  EXPECT_EQ(*s.setup.view, form::View::kFront);
  EXPECT_NE(s.setup.view_note.find("from the front"), std::string::npos);

  st.start_calibration();
  ASSERT_TRUE(eventually([&] { return st.snapshot().calibrated; })) << "no baseline from the standing runner";
  st.start_running();
  ASSERT_TRUE(eventually([&] { return st.snapshot().activity == station::RunnerActivity::kRunning; }));
  ASSERT_TRUE(eventually([&] { return st.snapshot().head.score.has_value() && st.snapshot().cadence_spm.has_value(); }));
  s = st.snapshot();
  EXPECT_NEAR(*s.cadence_spm, 172.0, 10.0);
  EXPECT_TRUE(s.shoulders.score.has_value() || !s.shoulders.not_measurable.empty()) << "never a silent zero";
  ASSERT_TRUE(eventually([&] { return st.snapshot().elapsed_s > 12.0; }));
  st.finish();
  st.sync();
  s = st.snapshot();
  ASSERT_EQ(s.phase, Phase::kSummary);
  ASSERT_TRUE(s.summary.has_value());
  EXPECT_GT(s.summary->strides, 8U) << "12 s of running at ≈ 172 spm";
  EXPECT_FALSE(s.summary_interrupted);
  st.reset();
  st.sync();
  EXPECT_EQ(st.snapshot().phase, Phase::kAttract);
  EXPECT_FALSE(st.snapshot().summary.has_value());
}

// A pose model stuck inside one frame (or a camera that hangs) must not reach the UI: the
// snapshot, every command and the session's end all complete while the inference thread is held.
TEST(Station, AStuckPoseModelNeverBlocksSnapshotsOrCommands) {
  TrackCamera camera(station_session(12.0, 3.0, 4));
  camera.allow_all();
  std::mutex gate;
  std::unique_lock held(gate);  // the estimator waits on this from its 100th frame on
  std::atomic<int> calls{0};
  class GatedEstimator final : public camera::PoseEstimator {
   public:
    GatedEstimator(std::unique_ptr<camera::PoseEstimator> inner, std::mutex& gate, std::atomic<int>& calls)
        : inner_(std::move(inner)), gate_(gate), calls_(calls) {}
    form::PoseFrame estimate(const cv::Mat& bgr, const cv::Rect2d& crop, double t_s) override {
      if (++calls_ >= 100) const std::lock_guard wait_here(gate_);
      return inner_->estimate(bgr, crop, t_s);
    }

   private:
    std::unique_ptr<camera::PoseEstimator> inner_;
    std::mutex& gate_;
    std::atomic<int>& calls_;
  };
  auto config = track_config(camera, scratch("stuck.db"));
  config.estimator = std::make_unique<GatedEstimator>(camera.estimator(), gate, calls);
  Station st(std::move(config));
  st.check_in_guest();
  st.start_calibration();
  ASSERT_TRUE(eventually([&] { return calls.load() >= 100; }));
  const std::uint64_t frame_before = st.snapshot().frame_index;

  // The inference thread is now stuck inside the model. Everything a UI does still completes:
  // a deadlock here would fail the wait below instead of hanging the suite.
  auto ui = std::async(std::launch::async, [&] {
    for (int i = 0; i < 100; ++i) (void)st.snapshot();
    st.start_running();
    st.finish();
    st.sync();
    return st.snapshot();
  });
  ASSERT_EQ(ui.wait_for(std::chrono::seconds(20)), std::future_status::ready) << "a UI call waited for the stuck model";
  const StationSnapshot s = ui.get();
  EXPECT_EQ(s.phase, Phase::kSummary) << "the session ended while the model was stuck";
  EXPECT_EQ(s.frame_index, frame_before) << "no frame was processed meanwhile";
  held.unlock();  // the model returns; the station shuts down normally
}

TEST(QrReader, ReadsABadgeHeldUpToTheCamera) {
  station::DemoRunner demo;
  demo.paced = false;
  station::DemoRunnerSource camera(demo, 3.0);
  camera.show_badge("ATH-042");
  camera::CapturedFrame frame;
  ASSERT_EQ(camera.read(frame), camera::ReadStatus::kFrame);
  station::QrReader reader;
  EXPECT_EQ(reader.read(frame.bgr).value_or("(nothing)"), "ATH-042");
  camera.show_badge("");
  ASSERT_EQ(camera.read(frame), camera::ReadStatus::kFrame);
  EXPECT_FALSE(reader.read(frame.bgr).has_value()) << "no badge, no code";
}

TEST(QrReader, ReadsBadgesOfAnySizeAnywhereInTheFrameAndNothingElse) {
  station::QrReader reader;
  for (const auto& [code, side_px, x, y] : std::vector<std::tuple<std::string, int, int, int>>{
           {"90210777", 150, 12, 160}, {"4711", 110, 400, 40}, {"ATH-1", 220, 200, 120}}) {
    cv::Mat frame(480, 640, CV_8UC3, cv::Scalar(90, 100, 110));
    cv::Mat badge = station::render_qr_badge(code, side_px);
    if (badge.channels() == 1) cv::cvtColor(badge, badge, cv::COLOR_GRAY2BGR);
    badge.copyTo(frame(cv::Rect(x, y, badge.cols, badge.rows)));
    EXPECT_EQ(reader.read(frame).value_or("(nothing)"), code) << side_px << " px at " << x << "," << y;
  }
  EXPECT_FALSE(reader.read(cv::Mat(480, 640, CV_8UC3, cv::Scalar(90, 100, 110))).has_value()) << "a plain frame";
  EXPECT_FALSE(reader.read(cv::Mat()).has_value()) << "an empty image";
}

}  // namespace
}  // namespace runform::testing
