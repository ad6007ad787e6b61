// StationUplink: a station's way to the hub, with no wire types in sight. It records each
// session into the disk spool as it happens (landmarks, stride metrics, cue events), and the
// KioskUploader streams the spool to the hub with resume. On start it closes the sessions a
// previous run left open as interrupted — their summary rebuilt from the recorded frames — and
// queues them for upload, so a kiosk restarted mid-session loses nothing it recorded.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "form/engine.h"
#include "form/session_summary.h"

namespace runform::services {

/// Where the spool is and where the hub is.
struct UplinkOptions {
  std::vector<std::string> hub_addresses;  ///< HOST:PORT (names or IPs), tried in order; empty: spool only
  std::string hub_ca_file;  ///< the club CA (PEM) to reach them over TLS; empty: plaintext, loopback hubs only
  std::string kiosk_token;  ///< the kiosk's credential from enrolment, sent on every call
  std::filesystem::path spool_path;
  std::uint64_t spool_max_frames = 2'000'000;
  double nearly_full_fraction = 0.8;
  std::chrono::milliseconds backoff_max{2000};  ///< longest wait between reconnects
};

/// One session's identity and camera.
struct UplinkSession {
  std::string session_id;
  std::string kiosk_id;
  std::string station_id;
  std::string athlete_id;  ///< empty for a guest
  std::int64_t started_unix_ms = 0;
  int width_px = 0;
  int height_px = 0;
  double fps = 30.0;
  std::string athlete_name;  ///< as the coach sees it; empty when unknown
};

/// The spool and the hub, for the status bar.
struct UplinkStatus {
  bool hub_configured = false;
  bool hub_online = false;
  std::string hub_address;  ///< the hub in use (of several, the one the uploader is on)
  std::string last_error;
  std::uint64_t backlog_frames = 0;   ///< not yet acknowledged
  std::uint64_t stored_frames = 0;    ///< counted against the bound
  std::uint64_t capacity_frames = 0;
  bool nearly_full = false;
  bool full = false;
  std::uint64_t frames_refused = 0;   ///< frames not recorded because the spool was full
  std::uint64_t sessions_pending = 0; ///< sessions in the spool not yet confirmed by the hub
  std::uint64_t sessions_refused = 0; ///< sessions set aside: the hub refused their data (kept for staff)
  std::string last_refusal;           ///< the latest refused session and the hub's words
  std::string paused_reason;          ///< set while every upload waits (refused credential, older hub)
  bool credential_refused = false;    ///< the pause is the hub refusing this station's credential
};

/// One session's upload.
struct UplinkProgress {
  std::uint64_t recorded = 0;
  std::uint64_t acked = 0;
  bool closed_on_hub = false;
  std::string error;
};

class StationUplink {
 public:
  /// Opens the spool (throws SpoolError), closes left-open sessions as interrupted, and starts
  /// uploading when a hub is configured.
  StationUplink(UplinkOptions options, form::CoachingCatalog catalog, form::EngineConfig engine);
  ~StationUplink();
  StationUplink(const StationUplink&) = delete;
  StationUplink& operator=(const StationUplink&) = delete;

  /// Sessions found open at start and closed as interrupted.
  [[nodiscard]] std::size_t recovered_sessions() const;

  /// Starts recording a session; it uploads once ready() gives its baseline.
  void begin(const UplinkSession& session);
  /// The session's start is final (the engine's baseline and view): it may upload now.
  void ready(const form::FormEngine& engine);
  /// Records one processed frame of the current session; false when the spool is full and the
  /// frame was refused (counted). Never waits for the network.
  bool record(const form::PoseFrame& raw, const form::FrameResult& result, const form::FormEngine& engine);
  /// Ends the current session with its summary.
  void finish(const form::SessionSummary& summary, std::int64_t ended_unix_ms, bool interrupted);
  /// True while a session is being recorded.
  [[nodiscard]] bool recording() const;

  [[nodiscard]] UplinkStatus status() const;
  /// A session's upload.
  [[nodiscard]] UplinkProgress progress(const std::string& session_id) const;
  /// Waits until the hub confirmed the session's close; false on timeout or an upload error.
  bool wait_uploaded(const std::string& session_id, std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace runform::services
