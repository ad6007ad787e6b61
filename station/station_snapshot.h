// StationSnapshot: everything a screen shows about a station at one moment, as plain values.
// A UI copies one per frame (Station::snapshot()) and draws from it; nothing in it refers back
// into the station.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "camera/pose_pipeline.h"
#include "form/cue_engine.h"
#include "form/landmarks.h"
#include "form/session_summary.h"

namespace runform::station {

/// Where the station is in a runner's visit.
enum class Phase {
  kAttract,      ///< nobody checked in
  kCheckedIn,    ///< an athlete or a guest checked in; the setup check is shown
  kCalibrating,  ///< the standing countdown; the baseline comes from still frames
  kRunning,      ///< the session is live
  kFinishing,    ///< the summary is being computed
  kSummary,      ///< the summary is ready (and uploading in the background)
};

/// "attract", "checked_in", "calibrating", "running", "finishing", "summary".
std::string_view to_string(Phase phase);

/// What the runner is doing, as the station sees it.
enum class RunnerActivity { kNone, kStanding, kWalking, kRunning, kHoldingRails };

/// "none", "standing", "walking", "running", "holding_rails".
std::string_view to_string(RunnerActivity activity);

/// One area's live score: a value, or "not measurable" and why (never shown as zero).
struct AreaScore {
  std::optional<double> score;  ///< 0–100
  std::string not_measurable;   ///< the reason when there is no score ("needs the front view")
};

/// The cue on screen.
struct LiveCue {
  form::CueEventKind kind = form::CueEventKind::kShow;
  std::string id;                 ///< cue id from assets/cues.txt
  std::string text;               ///< what to show (and speak)
  double raised_capture_t_s = 0;  ///< capture time of the frame that raised it (camera clock)
  std::uint64_t sequence = 0;     ///< increases with every new cue, so a UI can tell a new one
};

/// One setup check: passed, or the problem and a plain-words fix.
struct SetupItem {
  bool ok = false;
  bool known = false;   ///< false until enough frames were seen to judge
  std::string problem;  ///< "you are not fully in the picture"
  std::string fix;      ///< "step back"
};

/// The setup check a runner sees before calibration.
struct SetupChecks {
  SetupItem person_seen;     ///< the pose model sees a person at all
  SetupItem fully_in_frame;  ///< head to ankles inside the image
  SetupItem in_zone;         ///< hips inside the treadmill zone
  SetupItem light;           ///< the image is bright enough
  SetupItem trained_model;   ///< a model that sees real people is installed
  std::optional<form::View> view;  ///< the detected view, once known
  std::string view_note;     ///< what the view can and cannot check, in plain words
  /// True when every known item passed and the runner can calibrate.
  [[nodiscard]] bool ready() const {
    return person_seen.ok && fully_in_frame.ok && in_zone.ok && light.ok;
  }
};

/// The camera, for the status bar.
struct CameraState {
  camera::SourceStatus source;     ///< connecting / streaming / lost / ended, and why
  bool timed_out = false;          ///< no frame for longer than camera_timeout_s
  std::string message;             ///< one line for people: "camera /dev/video0 streaming"
  camera::PipelineStats pipeline;  ///< capture / inference / end-to-end figures
};

/// The hub connection, for the status bar.
struct HubState {
  bool configured = false;  ///< a hub address was given
  bool online = false;      ///< the stream to the hub is up and answering
  std::string address;
  std::string last_error;   ///< why the hub is offline, or why an upload stopped
  bool uploads_paused = false;      ///< every upload waits on the hub (it refused our credential, is too old)
  bool credential_refused = false;  ///< the hub refused this station's credential: re-enrol
};

/// The disk spool, for the status bar.
struct SpoolState {
  std::uint64_t backlog_frames = 0;   ///< recorded frames not yet acknowledged by a hub
  std::uint64_t capacity_frames = 0;  ///< the bound
  bool nearly_full = false;
  bool full = false;                  ///< new frames are refused (acknowledged data is never dropped)
  std::uint64_t frames_refused = 0;   ///< frames not recorded because the spool was full
  std::string warning;                ///< plain words, when nearly full or full
};

/// Upload progress of the current (or last) session.
struct UploadProgress {
  std::string session_id;
  std::uint64_t recorded_frames = 0;
  std::uint64_t acked_frames = 0;
  bool closed_on_hub = false;  ///< the hub confirmed the close: everything arrived
  std::string error;           ///< the upload of this session stopped for good, and why
  std::uint64_t sessions_pending = 0;  ///< sessions in the spool not yet fully uploaded
  std::uint64_t sessions_refused = 0;  ///< sessions the hub refused, set aside in the spool for staff
  std::string last_refusal;            ///< the latest refused session, in the hub's words
};

/// Everything a screen shows.
struct StationSnapshot {
  Phase phase = Phase::kAttract;
  bool guest = false;
  std::string athlete_code;       ///< empty for a guest or before check-in
  std::optional<std::string> qr_code;  ///< a badge code read by the camera on the attract screen

  cv::Mat image;                  ///< the newest camera image (BGR), shared: do not modify
  double image_t_s = 0.0;         ///< its capture time (camera clock)
  std::uint64_t frame_index = 0;
  form::PoseFrame landmarks;      ///< the runner's landmarks in image px (confidence 0: not seen)
  bool runner_found = false;
  RunnerActivity activity = RunnerActivity::kNone;

  AreaScore head, shoulders, arms;
  std::optional<double> overall;
  std::optional<LiveCue> cue;     ///< the one message on screen, if any
  double elapsed_s = 0.0;         ///< running time of the session
  double calibration_remaining_s = 0.0;
  bool calibrated = false;        ///< the engine has a standing baseline
  std::optional<double> cadence_spm;
  std::optional<form::View> view; ///< detected view
  bool holding_rails = false;

  SetupChecks setup;
  CameraState camera;
  HubState hub;
  SpoolState spool;
  UploadProgress upload;
  std::optional<form::SessionSummary> summary;  ///< once finished
  bool summary_interrupted = false;  ///< the session ended by cancel or crash, not finish()
  std::string error;              ///< a station-level problem in plain words (empty: none)
};

}  // namespace runform::station
