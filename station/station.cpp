#include "station/station.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "camera/pose_pipeline.h"
#include "camera/source_spec.h"
#include "camera/synthetic_source.h"
#include "form/cue_catalog.h"
#include "form/session_summary.h"
#include "services/client/station_uplink.h"
#include "station/area_scores.h"
#include "station/demo_runner_source.h"
#include "station/qr_reader.h"
#include "station/setup_check.h"

namespace runform::station {

namespace {

constexpr double kStatusRefreshS = 0.2;       // hub / spool / camera figures for the status bar
constexpr std::size_t kMaxAthleteCodeChars = 64;

// Sees nobody: the station without a pose model still shows the camera and says what to install.
class NoPoseEstimator final : public camera::PoseEstimator {
 public:
  form::PoseFrame estimate(const cv::Mat&, const cv::Rect2d&, double t_s) override {
    form::PoseFrame none;
    none.t_s = t_s;
    return none;
  }
};

std::optional<std::string> athlete_code_problem(const std::string& code) {
  if (code.empty()) return "the athlete code is empty: type your code, or choose guest";
  if (code.size() > kMaxAthleteCodeChars) return "the athlete code is too long: type the code on your badge";
  for (const char c : code) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "the athlete code has characters a badge cannot hold: type it again";
  }
  return std::nullopt;
}

}  // namespace

struct Station::Impl {
  StationConfig config;
  form::CoachingCatalog catalog;
  std::unique_ptr<camera::FrameSource> source;
  DemoRunnerSource* demo = nullptr;
  std::unique_ptr<camera::PoseEstimator> estimator;
  camera::StationLayout layout;
  std::unique_ptr<camera::RunnerTracker> tracker;
  std::unique_ptr<services::StationUplink> uplink;
  std::unique_ptr<camera::PosePipeline> pipeline;

  // The session: the inference thread feeds it, the control thread starts and ends it.
  std::mutex session_mutex;
  Phase phase = Phase::kAttract;
  bool guest = false;
  std::string athlete_code;
  std::optional<form::FormEngine> engine;
  std::string session_id;
  bool calibration_start_pending = false;
  double calibration_start_t_s = 0.0;
  bool running_start_pending = false;
  std::optional<double> running_start_t_s;
  std::uint64_t cue_sequence = 0;
  std::optional<LiveCue> cue;
  SetupJudge setup_judge;
  int image_width_px = 0;
  int image_height_px = 0;
  double last_frame_t_s = 0.0;

  // The published state: what snapshot() copies.
  mutable std::mutex snapshot_mutex;
  StationSnapshot published;
  std::atomic<double> last_frame_clock_s{-1.0};
  std::atomic<bool> source_ended{false};

  // The control thread: commands, QR scans, status refresh.
  std::mutex command_mutex;
  std::condition_variable command_cv;
  std::deque<std::function<void()>> commands;
  std::uint64_t queued = 0;
  std::uint64_t done = 0;
  bool stopping = false;
  std::thread control;
  double started_clock_s = 0.0;
  QrReader qr_reader;  // control thread only

  explicit Impl(StationConfig c)
      : config(std::move(c)),
        setup_judge(config.model ? config.model->trained : false,
                    config.model ? config.model->install_hint : ModelSetup{}.install_hint) {}

  void open_source() {
    if (config.source) {
      source = std::move(config.source);
    } else if (config.demo) {
      auto demo_source = std::make_unique<DemoRunnerSource>(*config.demo, config.calibration_s);
      demo = demo_source.get();
      layout = demo_source->station();
      source = std::move(demo_source);
    } else {
      source = camera::open_frame_source(config.source_spec);
    }
    if (const auto* synthetic = dynamic_cast<const camera::SyntheticSource*>(source.get())) layout = synthetic->station();
    if (config.treadmill_zone) layout.treadmill_zone = *config.treadmill_zone;
    if (!config.rails.empty()) layout.rails = config.rails;
  }

  void open_estimator() {
    if (config.estimator) {
      estimator = std::move(config.estimator);
    } else if (config.model) {
      estimator = std::make_unique<camera::DnnPoseEstimator>(config.model->spec);
    } else {
      estimator = std::make_unique<NoPoseEstimator>();
    }
  }

  // --- the inference thread ---------------------------------------------------------------

  void on_result(const camera::PipelineResult& r) {
    last_frame_clock_s = config.clock();
    if (config.on_frame) {
      form::PoseFrame pose = r.tracked.pose;
      pose.t_s = r.frame.t_s;
      config.on_frame(pose, r.tracked.runner_found, r.frame.bgr.size());
    }
    StationSnapshot frame_state;  // only the frame-driven fields are filled and copied below
    // A copy the UI may hold while the source renders or captures into its own buffer again.
    const cv::Mat image = r.frame.bgr.clone();
    {
      const std::lock_guard lock(session_mutex);
      image_width_px = r.frame.bgr.cols;
      image_height_px = r.frame.bgr.rows;
      last_frame_t_s = r.frame.t_s;
      if (phase == Phase::kAttract || phase == Phase::kCheckedIn) {
        frame_state.setup = setup_judge.update(r.tracked, r.frame.bgr, layout);
      }
      if (engine && (phase == Phase::kCalibrating || phase == Phase::kRunning)) {
        process_session_frame(r, frame_state);
      } else {
        frame_state.activity = r.tracked.runner_found ? RunnerActivity::kStanding : RunnerActivity::kNone;
        frame_state.head.not_measurable = frame_state.shoulders.not_measurable = frame_state.arms.not_measurable =
            "no session";
      }
    }
    const std::lock_guard lock(snapshot_mutex);
    StationSnapshot& p = published;
    p.image = image;
    p.image_t_s = r.frame.t_s;
    p.frame_index = r.frame.index;
    p.landmarks = r.tracked.pose;
    p.runner_found = r.tracked.runner_found;
    p.holding_rails = r.tracked.holding_rails;
    p.activity = frame_state.activity;
    p.head = frame_state.head;
    p.shoulders = frame_state.shoulders;
    p.arms = frame_state.arms;
    p.overall = frame_state.overall;
    p.cue = frame_state.cue;
    p.elapsed_s = frame_state.elapsed_s;
    p.calibration_remaining_s = frame_state.calibration_remaining_s;
    p.calibrated = frame_state.calibrated;
    p.cadence_spm = frame_state.cadence_spm;
    if (frame_state.view) p.view = frame_state.view;
    if (p.phase == Phase::kAttract || p.phase == Phase::kCheckedIn) {
      p.setup = frame_state.setup;
      if (frame_state.setup.view) p.view = frame_state.setup.view;
    }
  }

  // Runs the engine and records the frame. Called with session_mutex held.
  void process_session_frame(const camera::PipelineResult& r, StationSnapshot& out) {
    const double t_s = r.frame.t_s;
    if (calibration_start_pending) {
      calibration_start_t_s = t_s;
      calibration_start_pending = false;
    }
    if (running_start_pending) {
      running_start_t_s = t_s;
      running_start_pending = false;
    }
    form::PoseFrame pose = r.tracked.pose;
    pose.t_s = t_s;
    const form::FrameResult& result = engine->process(pose, form::FrameHints{r.tracked.holding_rails});
    uplink->record(pose, result, *engine);
    for (const form::CueEvent& event : result.cue_events) {
      if (event.kind == form::CueEventKind::kClear) {
        cue.reset();
      } else {
        cue = LiveCue{event.kind, event.id, event.text, t_s, ++cue_sequence};
      }
    }
    out.cue = cue;
    const AreaScores areas = area_scores(engine->current_scores(), engine->current_metrics(), engine->view(),
                                         !engine->strides().empty());
    out.head = areas.head;
    out.shoulders = areas.shoulders;
    out.arms = areas.arms;
    out.overall = engine->current_scores().overall;
    out.view = engine->view();
    out.calibrated = engine->baseline().has_value();
    out.calibration_remaining_s = std::max(0.0, config.calibration_s - (t_s - calibration_start_t_s));
    out.elapsed_s = running_start_t_s ? std::max(0.0, t_s - *running_start_t_s) : 0.0;
    const form::MetricValue& cadence = engine->current_metrics()[form::index(form::MetricId::kCadence)];
    if (result.state == form::RunnerState::kRunning || result.state == form::RunnerState::kHoldingRails) out.cadence_spm = cadence.value;
    out.activity = activity_of(result.state);
  }

  // --- the control thread ------------------------------------------------------------------

  void post(std::function<void()> command) {
    {
      const std::lock_guard lock(command_mutex);
      commands.push_back(std::move(command));
      ++queued;
    }
    command_cv.notify_all();
  }

  void control_loop() {
    double next_status_s = 0.0;
    double next_qr_s = 0.0;
    std::unique_lock lock(command_mutex);
    while (!stopping) {
      while (!commands.empty()) {
        auto command = std::move(commands.front());
        commands.pop_front();
        lock.unlock();
        command();
        lock.lock();
        ++done;
        command_cv.notify_all();
      }
      lock.unlock();
      const double now_s = config.clock();
      if (now_s >= next_status_s) {
        refresh_status();
        next_status_s = now_s + kStatusRefreshS;
      }
      if (now_s >= next_qr_s) {
        scan_qr();
        next_qr_s = now_s + config.qr_scan_interval_s;
      }
      lock.lock();
      // Wakes for commands; otherwise at the status rate (real time: the status is for people).
      command_cv.wait_for(lock, std::chrono::duration<double>(kStatusRefreshS / 2),
                          [&] { return stopping || !commands.empty(); });
    }
  }

  void publish_phase() {
    StationSnapshot s;
    {
      const std::lock_guard lock(session_mutex);
      s.phase = phase;
      s.guest = guest;
      s.athlete_code = athlete_code;
      s.upload.session_id = session_id;
    }
    const std::lock_guard lock(snapshot_mutex);
    published.phase = s.phase;
    published.guest = s.guest;
    published.athlete_code = s.athlete_code;
    published.upload.session_id = s.upload.session_id;
  }

  std::string session_id_copy() {
    const std::lock_guard lock(session_mutex);
    return session_id;
  }

  void set_error(const std::string& message) {
    const std::lock_guard lock(snapshot_mutex);
    published.error = message;
  }

  void do_check_in(const std::optional<std::string>& code) {
    if (code) {
      if (const auto problem = athlete_code_problem(*code)) {
        set_error(*problem);
        return;
      }
    }
    {
      const std::lock_guard lock(session_mutex);
      if (phase != Phase::kAttract && phase != Phase::kSummary && phase != Phase::kCheckedIn) return;
      phase = Phase::kCheckedIn;
      guest = !code.has_value();
      athlete_code = code.value_or("");
    }
    {
      const std::lock_guard lock(snapshot_mutex);
      published.error.clear();
      published.qr_code.reset();
      published.summary.reset();
      published.summary_interrupted = false;
    }
    publish_phase();
  }

  void do_start_calibration() {
    {
      const std::lock_guard lock(session_mutex);
      if (phase != Phase::kCheckedIn) return;
      form::EngineConfig engine_config = config.engine;
      engine_config.baseline_s = config.calibration_s;
      engine.emplace(engine_config, catalog.cues);
      const std::int64_t now_ms = config.wall_clock_ms();
      session_id = config.kiosk_id + "-" + std::to_string(now_ms);
      services::UplinkSession s;
      s.session_id = session_id;
      s.kiosk_id = config.kiosk_id;
      s.station_id = config.station_id;
      s.athlete_id = guest ? "" : athlete_code;
      s.started_unix_ms = now_ms;
      s.width_px = image_width_px > 0 ? image_width_px : 640;
      s.height_px = image_height_px > 0 ? image_height_px : 480;
      s.fps = source->fps() > 0.0 ? source->fps() : 30.0;
      uplink->begin(s);
      calibration_start_pending = true;
      running_start_pending = false;
      running_start_t_s.reset();
      cue.reset();
      phase = Phase::kCalibrating;
    }
    if (demo != nullptr) demo->begin_session();
    publish_phase();
  }

  void do_start_running() {
    {
      const std::lock_guard lock(session_mutex);
      if (phase != Phase::kCalibrating || !engine) return;
      uplink->ready(*engine);
      running_start_pending = true;
      phase = Phase::kRunning;
    }
    publish_phase();
  }

  // Ends the session: the engine leaves the inference path under the lock, the summary is
  // computed outside it (it can take a while after a long run).
  void end_session(bool interrupted, Phase after) {
    std::optional<form::FormEngine> finished;
    {
      const std::lock_guard lock(session_mutex);
      if (phase != Phase::kCalibrating && phase != Phase::kRunning) return;
      finished = std::move(engine);
      engine.reset();
      cue.reset();
      phase = Phase::kFinishing;
    }
    publish_phase();
    uplink->ready(*finished);  // the start's view and baseline, also for a run that never started
    const form::SessionSummary summary = form::summarize(*finished, catalog);
    uplink->finish(summary, config.wall_clock_ms(), interrupted);
    if (demo != nullptr) demo->end_session();
    {
      const std::lock_guard lock(session_mutex);
      phase = after;
      if (after == Phase::kAttract) {
        guest = false;
        athlete_code.clear();
      }
    }
    {
      const std::lock_guard lock(snapshot_mutex);
      if (after == Phase::kSummary) {
        published.summary = summary;
        published.summary_interrupted = interrupted;
      }
      published.cue.reset();
    }
    publish_phase();
  }

  void do_cancel() {
    Phase current;
    {
      const std::lock_guard lock(session_mutex);
      current = phase;
    }
    if (current == Phase::kCalibrating || current == Phase::kRunning) {
      end_session(/*interrupted=*/true, Phase::kAttract);
      return;
    }
    {
      const std::lock_guard lock(session_mutex);
      if (phase == Phase::kFinishing) return;
      phase = Phase::kAttract;
      guest = false;
      athlete_code.clear();
    }
    publish_phase();
  }

  void do_reset() {
    {
      const std::lock_guard lock(session_mutex);
      if (phase != Phase::kSummary) return;
      phase = Phase::kAttract;
      guest = false;
      athlete_code.clear();
    }
    {
      const std::lock_guard lock(snapshot_mutex);
      published.summary.reset();
      published.summary_interrupted = false;
    }
    publish_phase();
  }

  void refresh_status() {
    const services::UplinkStatus u = uplink->status();
    const std::string id = session_id_copy();
    const services::UplinkProgress progress = id.empty() ? services::UplinkProgress{} : uplink->progress(id);
    const camera::PipelineStats stats = pipeline ? pipeline->stats() : camera::PipelineStats{};
    const double last = last_frame_clock_s.load();
    const double now_s = config.clock();
    const bool timed_out = (last < 0.0 ? now_s - started_clock_s : now_s - last) > config.camera_timeout_s;
    if (pipeline && pipeline->finished()) source_ended = true;

    const std::lock_guard lock(snapshot_mutex);
    StationSnapshot& p = published;
    p.hub.configured = u.hub_configured;
    p.hub.online = u.hub_online;
    p.hub.address = u.hub_address;
    p.hub.last_error = u.last_error;
    p.hub.uploads_paused = !u.paused_reason.empty();
    p.hub.credential_refused = u.credential_refused;
    p.spool.backlog_frames = u.backlog_frames;
    p.spool.capacity_frames = u.capacity_frames;
    p.spool.nearly_full = u.nearly_full;
    p.spool.full = u.full;
    p.spool.frames_refused = u.frames_refused;
    p.spool.warning = u.full          ? "the spool is full: new frames are not recorded until the hub takes the backlog; check the hub connection"
                      : u.nearly_full ? "the spool is nearly full: check the hub connection"
                                      : "";
    p.upload.session_id = id;
    p.upload.recorded_frames = progress.recorded;
    p.upload.acked_frames = progress.acked;
    p.upload.closed_on_hub = progress.closed_on_hub;
    p.upload.error = progress.error;
    p.upload.sessions_pending = u.sessions_pending;
    p.upload.sessions_refused = u.sessions_refused;
    p.upload.last_refusal = u.last_refusal;
    p.camera.pipeline = stats;
    p.camera.source = stats.source;
    p.camera.timed_out = timed_out;
    p.camera.message = camera_message(stats.source, timed_out, last < 0.0);
  }

  std::string camera_message(const camera::SourceStatus& s, bool timed_out, bool never_delivered) const {
    const std::string what = source->describe();
    if (s.state == camera::SourceStatus::State::kLost) {
      // The source's own detail names it already ("camera /dev/video0: … could not be opened: check …").
      std::string detail = s.detail;
      if (detail.rfind(what + ": ", 0) == 0) detail.erase(0, what.size() + 2);
      return detail.empty() ? what + " lost; retrying" : detail + "; retrying";
    }
    if (s.state == camera::SourceStatus::State::kEnded) return what + " ended";
    if (timed_out) {
      return what + (never_delivered ? " has delivered no frame" : " stopped delivering frames") + " for over " +
             std::to_string(static_cast<int>(config.camera_timeout_s)) + " s — check that it is plugged in and not used by another program";
    }
    if (never_delivered) return what + " connecting";
    return what + " streaming";
  }

  void scan_qr() {
    cv::Mat image;
    {
      const std::lock_guard lock(snapshot_mutex);
      if (published.phase != Phase::kAttract) return;
      image = published.image;
    }
    if (image.empty()) return;
    const std::optional<std::string> code = qr_reader.read(image);
    if (!code || athlete_code_problem(*code)) return;
    const std::lock_guard lock(snapshot_mutex);
    published.qr_code = *code;
  }
};

Station::Station(StationConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {
  Impl& m = *impl_;
  m.catalog = form::load_coaching_catalog(m.config.assets_dir.string());
  services::UplinkOptions uplink;
  uplink.hub_addresses = m.config.hub_addresses;
  uplink.hub_ca_file = m.config.hub_ca_file;
  uplink.kiosk_token = m.config.kiosk_token;
  uplink.spool_path = m.config.spool_path;
  uplink.spool_max_frames = m.config.spool_max_frames;
  uplink.nearly_full_fraction = m.config.spool_nearly_full_fraction;
  form::EngineConfig engine_config = m.config.engine;
  engine_config.baseline_s = m.config.calibration_s;
  m.uplink = std::make_unique<services::StationUplink>(uplink, m.catalog, engine_config);
  m.open_source();
  m.open_estimator();
  m.tracker = std::make_unique<camera::RunnerTracker>(m.layout, *m.estimator);
  camera::PipelineOptions options;
  options.clock = m.config.clock;
  m.pipeline = std::make_unique<camera::PosePipeline>(*m.source, *m.tracker,
                                                      [&m](const camera::PipelineResult& r) { m.on_result(r); }, options);
  m.started_clock_s = m.config.clock();
  {
    const std::lock_guard lock(m.snapshot_mutex);
    m.published.setup.trained_model = m.config.model && m.config.model->trained
                                           ? SetupItem{true, true, {}, {}}
                                           : SetupItem{false, true, "no pose model for real people is installed",
                                                       m.config.model ? m.config.model->install_hint : ModelSetup{}.install_hint};
  }
  m.refresh_status();
  m.control = std::thread([&m] { m.control_loop(); });
  m.pipeline->start();
}

Station::~Station() {
  Impl& m = *impl_;
  m.pipeline->stop();
  {
    const std::lock_guard lock(m.command_mutex);
    m.stopping = true;
  }
  m.command_cv.notify_all();
  m.control.join();
  // A session still live ends here as interrupted, so it uploads with the rest.
  m.end_session(/*interrupted=*/true, Phase::kAttract);
}

void Station::check_in(const std::string& athlete_code) {
  impl_->post([this, athlete_code] { impl_->do_check_in(athlete_code); });
}
void Station::check_in_guest() {
  impl_->post([this] { impl_->do_check_in(std::nullopt); });
}
void Station::start_calibration() {
  impl_->post([this] { impl_->do_start_calibration(); });
}
void Station::start_running() {
  impl_->post([this] { impl_->do_start_running(); });
}
void Station::finish() {
  impl_->post([this] { impl_->end_session(/*interrupted=*/false, Phase::kSummary); });
}
void Station::cancel() {
  impl_->post([this] { impl_->do_cancel(); });
}
void Station::reset() {
  impl_->post([this] { impl_->do_reset(); });
}

void Station::show_demo_badge(const std::string& code) {
  if (impl_->demo != nullptr) impl_->demo->show_badge(code);
}

StationSnapshot Station::snapshot() const {
  const std::lock_guard lock(impl_->snapshot_mutex);
  return impl_->published;
}

bool Station::source_ended() const { return impl_->source_ended.load() || (impl_->pipeline && impl_->pipeline->finished()); }

void Station::sync() {
  Impl& m = *impl_;
  std::unique_lock lock(m.command_mutex);
  const std::uint64_t target = m.queued;
  m.command_cv.wait(lock, [&] { return m.done >= target || m.stopping; });
  lock.unlock();
  m.refresh_status();
}

}  // namespace runform::station
