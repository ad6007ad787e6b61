// Station: one treadmill station without a UI. Frame source → PosePipeline → RunnerTracker →
// FormEngine → session recorder → disk spool (SQLite) → uploader (KioskIngest with resume).
// The kiosk app, `runform record` and `runform demo` all drive it.
//
// Threading: commands and snapshot() are safe from any thread and never block on the camera,
// the pose model, the disk or the network. Commands are queued and carried out on the
// station's control thread; frames are processed on the pipeline's inference thread; the
// uploader streams on its own thread. snapshot() only copies the newest published state.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "camera/dnn_pose_estimator.h"
#include "camera/frame_source.h"
#include "camera/pose_estimator.h"
#include "camera/rails_detector.h"
#include "camera/steady_clock.h"
#include "form/engine.h"
#include "station/station_snapshot.h"

namespace runform::station {

/// Unix time in milliseconds (for session start and end stamps); injected like the clock.
using WallClockMsFn = std::function<std::int64_t()>;

/// The system clock in unix milliseconds.
std::int64_t system_now_unix_ms();

/// The pose model the station runs, already resolved to a file (tools/ reads the manifest).
struct ModelSetup {
  camera::ModelSpec spec;
  /// A trained model that sees real people. False for the generated marker model, which sees
  /// only the synthetic runner's markers.
  bool trained = false;
  /// What to run to install a trained model ("run deploy/fetch-models.sh movenet-lightning").
  std::string install_hint = "run deploy/fetch-models.sh";
};

/// The synthetic runner that stands in for the camera in demo mode: it stands until a session's
/// calibration starts, then runs, and develops faults over time.
struct DemoRunner {
  form::View view = form::View::kFront;
  double running_s = 600.0;          ///< length of the run after the standing calibration
  double fault_onset_fraction = 0.2; ///< share of the run before the faults start to develop
  bool shoulders_rise = true;        ///< shoulder elevation grows to a fault
  bool arms_cross = true;            ///< arm swing drifts across the midline
  bool paced = true;                 ///< frames arrive at the camera rate (false: as fast as they render, for tests)
  unsigned seed = 1;                 ///< the runner's noise and drops
};

/// Everything a station needs. Move-only (it may carry an injected source or estimator).
struct StationConfig {
  /// What --camera takes: 0, /dev/videoN, rtsp://…, a clip, a folder, synthetic[:front|:side].
  /// Ignored when `source` is injected or `demo` is set.
  std::string source_spec = "0";
  /// An injected frame source (tests); the station owns it.
  std::unique_ptr<camera::FrameSource> source;
  /// Demo mode: the synthetic runner stands in for the camera (the marker model sees it).
  std::optional<DemoRunner> demo;

  /// The pose model. Unset with no injected estimator: the station cannot see anybody and its
  /// setup check says so.
  std::optional<ModelSetup> model;
  /// An injected pose estimator (tests); the station owns it. `model` still describes it.
  std::unique_ptr<camera::PoseEstimator> estimator;

  std::optional<cv::Rect2d> treadmill_zone;  ///< image px; unset: the source's own (synthetic) or the whole frame
  std::vector<camera::RailLine> rails;       ///< handrail lines, image px

  /// Hubs to upload to, HOST:PORT; tried in order. Empty: record to the spool only.
  std::vector<std::string> hub_addresses;
  std::string hub_ca_file;  ///< the club CA (PEM) for TLS to the hub; empty: plaintext to a loopback hub
  std::string kiosk_token;  ///< this kiosk's credential (from enrolment); sent on every upload
  std::filesystem::path spool_path = "runform-spool.db";  ///< the SQLite spool file
  std::uint64_t spool_max_frames = 2'000'000;  ///< ≈ 18 h at 30 fps; beyond it new frames are refused
  double spool_nearly_full_fraction = 0.8;     ///< warn from this share of the bound

  std::string kiosk_id = "kiosk-1";
  std::string station_id = "treadmill-1";

  std::filesystem::path assets_dir;            ///< cues.txt and drills.txt
  form::EngineConfig engine;                   ///< view, height, cue timing…
  double calibration_s = 3.0;                  ///< the standing countdown
  double qr_scan_interval_s = 0.5;             ///< QR badges are looked for this often, off the render thread
  double camera_timeout_s = 10.0;              ///< no frame for this long: the camera status says "no camera"

  /// Called on the inference thread with every processed frame's landmarks (confidence 0: no
  /// runner; t_s on the camera clock) and the image size, for writing a track file. Must be quick.
  std::function<void(const form::PoseFrame& pose, bool runner_found, cv::Size image)> on_frame;

  camera::ClockFn clock = camera::steady_now_s;  ///< monotonic seconds
  WallClockMsFn wall_clock_ms = system_now_unix_ms;
};

class Station {
 public:
  /// Opens the spool (closing sessions a previous run left open as interrupted, and queueing
  /// them for upload), the source, the model and the uploader, and starts the camera.
  /// Throws camera::SourceError, camera::ModelError or std::runtime_error (spool not usable),
  /// each with a user-facing message.
  explicit Station(StationConfig config);
  /// Stops the camera, the control thread and the uploader. A session still running stays in
  /// the spool and is closed as interrupted at the next start.
  ~Station();
  Station(const Station&) = delete;
  Station& operator=(const Station&) = delete;

  // Commands: queued, never blocking; their outcome shows in the next snapshots.

  /// Checks an athlete in by their code (typed on the keypad or read from a QR badge).
  void check_in(const std::string& athlete_code);
  /// Checks in a guest: the session carries no identity.
  void check_in_guest();
  /// Starts the standing calibration (a new session, recorded from here on).
  void start_calibration();
  /// Starts the run (after calibration).
  void start_running();
  /// Ends the run: the summary is computed and the session closed and queued for upload.
  void finish();
  /// Abandons the check-in or the session (a recorded session is closed as interrupted).
  void cancel();
  /// Back to the attract screen after the summary (keeps uploading in the background).
  void reset();

  /// Demo mode: holds a QR badge with this code up to the synthetic camera (empty: takes it away).
  void show_demo_badge(const std::string& code);

  /// The newest state, for drawing. Cheap, safe from any thread, never blocks on work.
  [[nodiscard]] StationSnapshot snapshot() const;
  /// True once a finite source (a clip, a synthetic run) delivered its last frame.
  [[nodiscard]] bool source_ended() const;

  /// Blocks until every command queued so far was carried out. For headless drivers and
  /// tests; never call it from a render loop.
  void sync();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace runform::station
