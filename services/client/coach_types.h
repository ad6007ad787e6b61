// What a coach reads from the hub, as plain structs: the dashboard and report/ see these and
// never a protobuf type (the wire ⇄ plain conversion is in coach_client.cpp, one place).
// Units are in the names: t_us is microseconds since the session start, *_unix_ms wall time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "form/landmarks.h"
#include "form/metric_catalog.h"

namespace runform::services {

/// An athlete the caller may see.
struct CoachAthlete {
  std::string athlete_id;
  std::string name;
  std::uint32_t session_count = 0;
  std::int64_t last_session_unix_ms = 0;  ///< 0: no session yet
  friend bool operator==(const CoachAthlete&, const CoachAthlete&) = default;  ///< field by field
};

/// Area scores 0–100; nullopt where not measurable.
struct CoachScores {
  std::optional<double> head;
  std::optional<double> shoulders;
  std::optional<double> arms;
  std::optional<double> overall;
  friend bool operator==(const CoachScores&, const CoachScores&) = default;  ///< field by field
};

/// One metric value in the metric's catalog unit (form/metric_catalog.h).
struct CoachMetricValue {
  form::MetricId metric{};
  double value = 0.0;
  friend bool operator==(const CoachMetricValue&, const CoachMetricValue&) = default;  ///< field by field
};

/// A metric's change from the first fifth of the run to the last.
struct CoachDrift {
  form::MetricId metric{};
  double first = 0.0;
  double last = 0.0;
  bool flagged = false;
  std::string message;
  friend bool operator==(const CoachDrift&, const CoachDrift&) = default;  ///< field by field
};

/// A timestamp worth jumping to.
struct CoachWorstMoment {
  std::int64_t t_us = 0;
  double overall_score = 0.0;
  std::optional<form::MetricId> worst_metric;
  friend bool operator==(const CoachWorstMoment&, const CoachWorstMoment&) = default;  ///< field by field
};

/// An interval of a session, microseconds since its start (end_us >= start_us).
struct CoachTimeSpan {
  std::int64_t start_us = 0;
  std::int64_t end_us = 0;
  friend bool operator==(const CoachTimeSpan&, const CoachTimeSpan&) = default;  ///< field by field
};

/// One fault of the session verdict (PRODUCT.md): why it counts and when it was live.
struct CoachFaultVerdict {
  enum class Basis { kUnspecified, kPersistent, kDevelopedLate, kCued };
  form::MetricId metric{};
  Basis basis = Basis::kUnspecified;
  double share = 0.0;  ///< share of the running strides it was live in, 0-1
  bool developed_late = false;
  std::vector<CoachTimeSpan> spans;  ///< in time order
  friend bool operator==(const CoachFaultVerdict&, const CoachFaultVerdict&) = default;  ///< field by field
};

/// The end-of-session summary the kiosk sent.
struct CoachSummary {
  std::uint32_t strides = 0;
  double running_s = 0.0;
  double holding_rails_s = 0.0;
  std::vector<CoachMetricValue> metrics;  ///< session medians of the measurable metrics
  CoachScores scores;
  std::vector<form::MetricId> faults;
  std::vector<CoachDrift> drift;
  std::vector<CoachWorstMoment> worst_moments;
  std::vector<std::string> drill_ids;
  bool interrupted = false;
  std::vector<CoachFaultVerdict> fault_verdicts;  ///< one per fault, same order (empty from old kiosks)
  std::vector<CoachTimeSpan> holding_rails_spans; ///< hands on the rails: never scored, never a worst moment
  double walking_s = 0.0;                         ///< warm-up walking: neither scored nor in the metrics
  friend bool operator==(const CoachSummary&, const CoachSummary&) = default;  ///< field by field
};

/// One session: who, where, when, how far it is stored, and its summary once closed.
struct CoachSession {
  std::string session_id;
  std::string kiosk_id;
  std::string station_id;
  std::string athlete_id;  ///< empty for a guest
  std::string athlete_name;
  form::View view = form::View::kAuto;  ///< kAuto: the kiosk did not say
  std::int64_t started_unix_ms = 0;
  int image_width_px = 0;
  int image_height_px = 0;
  int fps = 0;
  std::uint64_t stored_seq = 0;
  bool closed = false;
  std::int64_t ended_unix_ms = 0;
  std::int64_t duration_us = 0;
  std::optional<CoachSummary> summary;  ///< set when closed
  friend bool operator==(const CoachSession&, const CoachSession&) = default;  ///< field by field
};

/// A change of the kiosk's message.
struct CoachCue {
  enum class Kind { kShow, kPositive, kClear };
  Kind kind = Kind::kShow;
  std::string cue_id;
  std::string text;
};

/// One stored (or live) frame.
struct CoachFrame {
  std::uint64_t seq = 0;
  std::int64_t t_us = 0;
  form::PoseFrame pose;                   ///< pose.t_s = t_us / 1e6
  std::vector<CoachMetricValue> metrics;  ///< a snapshot at stride ends; empty otherwise
  std::optional<CoachScores> scores;      ///< sent with the metrics snapshot
  std::vector<CoachCue> cues;
};

/// One point of a metric series.
struct CoachSeriesPoint {
  std::int64_t t_us = 0;
  double value = 0.0;
};

/// A metric over a session, downsampled by the hub (LTTB) to at most the asked points.
struct CoachSeries {
  form::MetricId metric{};
  std::vector<CoachSeriesPoint> points;
  std::uint32_t source_points = 0;  ///< before downsampling
};

/// One metric's session median for one session of an athlete.
struct CoachTrendPoint {
  std::string session_id;
  std::int64_t started_unix_ms = 0;
  double value = 0.0;
};

/// A note or a bookmark at a timestamp of a session, stored on the hub.
struct CoachAnnotation {
  enum class Kind { kNote, kBookmark };
  std::int64_t annotation_id = 0;  ///< set by the hub
  std::string session_id;
  std::int64_t t_us = 0;
  Kind kind = Kind::kNote;
  std::string author;
  std::string text;
  std::int64_t created_unix_ms = 0;  ///< set by the hub
  friend bool operator==(const CoachAnnotation&, const CoachAnnotation&) = default;  ///< field by field
};

/// Frames of one session that arrived live.
struct CoachLiveFrames {
  std::string session_id;
  std::vector<CoachFrame> frames;
};

/// One live update: new sessions, their frames, sessions that ended, drops so far.
struct CoachLiveUpdate {
  std::vector<CoachSession> new_sessions;  ///< start fields only (not stored yet)
  std::vector<CoachLiveFrames> frames;
  std::vector<std::string> closed_session_ids;
  std::uint64_t dropped_frames = 0;  ///< frames this watcher lost to slow reading, in total
};

/// A signed-in person's token.
struct CoachLogin {
  std::string token;
  std::int64_t expires_unix_ms = 0;
  std::string user_name;
  std::string role;  ///< "coach", "staff", "admin"
};

}  // namespace runform::services
