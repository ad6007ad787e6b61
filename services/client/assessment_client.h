// AssessmentClient: the hub's AssessmentService for the kiosk, the dashboard, report/ and the
// command line, with plain structs only (no wire types in sight; conversion happens in
// assessment_client.cpp, once). A station's step records survive the hub being away: one that
// cannot be delivered is kept and sent again by flush_pending(), in order, so a station that
// goes offline mid-assessment and comes back loses nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "form/metric_catalog.h"
#include "form/landmarks.h"

namespace grpc {
class Channel;  // from make_hub_channel; the header stays free of gRPC for the station and the kiosk
}  // namespace grpc

namespace runform::services {

/// What a protocol step asks of the runner.
enum class StepKind { kCalibration, kRun };

/// One protocol step, as the kiosk shows it.
struct ProtocolStepSpec {
  std::string label;
  StepKind kind = StepKind::kRun;
  int duration_s = 120;
  form::View view = form::View::kFront;
  std::optional<double> speed_kmh;    ///< shown to the runner when set
  std::optional<double> incline_pct;  ///< shown to the runner when set
  std::string instructions;
};

/// A saved protocol.
struct ProtocolSpec {
  std::string protocol_id;  ///< empty when saving a new one
  std::string name;
  std::vector<ProtocolStepSpec> steps;
};

/// An assessment day.
struct AssessmentInfo {
  std::string assessment_id;
  std::string name;
  std::string date;  ///< YYYY-MM-DD
  std::vector<std::string> station_ids;
  ProtocolSpec protocol;
  int roster_size = 0;
};

/// One athlete of a roster.
struct RosterAthlete {
  std::string athlete_code;
  std::string name;
  std::string squad;
  std::string coach;
};

/// An athlete checked in to a step at a station.
struct CheckInTicket {
  std::string check_in_id;
  RosterAthlete athlete;
  int step_index = 0;
  ProtocolStepSpec step;
  int step_count = 0;
  bool redo = false;  ///< this step was interrupted before
};

/// Where an athlete is on the board.
enum class BoardState { kWaiting, kOnStation, kDone };

struct BoardAthleteRow {
  RosterAthlete athlete;
  BoardState state = BoardState::kWaiting;
  std::string station_id;
  int step_index = 0;
  int steps_completed = 0;
  int interrupted_steps = 0;
};

struct BoardStationRow {
  std::string station_id;
  std::string athlete_code;  ///< empty when free
  int step_index = 0;
  std::int64_t last_heard_unix_ms = 0;
};

struct AssessmentBoard {
  std::vector<BoardAthleteRow> athletes;
  std::vector<BoardStationRow> stations;
  int step_count = 0;
};

/// The area scores of a session (0–100); an area that was not measurable has none.
struct AreaScores {
  std::optional<double> head, shoulders, arms, overall;
};

/// What results need of one session summary.
struct SummaryDigest {
  AreaScores scores;
  std::map<form::MetricId, double> metrics;  ///< session medians of the measurable metrics
  std::vector<form::MetricId> faults;
  std::vector<std::string> drill_ids;
  double running_s = 0;
  int strides = 0;
  bool interrupted = false;
};

struct StepResultRow {
  int step_index = 0;
  bool completed = false;
  std::string session_id;
  bool session_closed = false;        ///< its summary reached the hub
  std::optional<SummaryDigest> summary;
  int attempts = 0;
};

struct AthleteResultRow {
  RosterAthlete athlete;
  bool complete = false;  ///< every step done and uploaded; otherwise shown as incomplete, never zero
  int steps_completed = 0;
  std::vector<StepResultRow> steps;
  std::optional<AreaScores> scores;  ///< mean over the run steps; none when nothing was scored
  std::map<form::MetricId, double> metrics;
  std::vector<form::MetricId> faults;
};

struct AssessmentResults {
  AssessmentInfo assessment;
  std::vector<AthleteResultRow> athletes;
};

/// A call the hub refused or could not be reached for. message() is the hub's plain words.
class AssessmentCallError : public std::runtime_error {
 public:
  enum class Kind { kUnavailable, kNotFound, kRefused, kInvalid, kDenied, kOther };
  AssessmentCallError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  [[nodiscard]] Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

/// A step record, as kept until the hub has it.
struct StepRecord {
  std::string check_in_id;
  bool completed = false;
  std::string session_id;
  std::int64_t ended_unix_ms = 0;
};

class AssessmentClient {
 public:
  /// Calls over the channel (make_hub_channel), each with this deadline.
  explicit AssessmentClient(std::shared_ptr<grpc::Channel> channel,
                            std::chrono::milliseconds deadline = std::chrono::milliseconds(5000));
  /// The same over make_hub_channel(target, {ca_file, server_name, token}), for callers that do
  /// not see gRPC (the dashboard). Throws std::invalid_argument as make_hub_channel does.
  AssessmentClient(const std::string& target, const std::string& ca_file, const std::string& server_name,
                   const std::string& token, std::chrono::milliseconds deadline = std::chrono::milliseconds(5000));
  ~AssessmentClient();
  AssessmentClient(const AssessmentClient&) = delete;
  AssessmentClient& operator=(const AssessmentClient&) = delete;

  // Staff. Each throws AssessmentCallError.
  ProtocolSpec save_protocol(const ProtocolSpec& protocol);
  std::vector<ProtocolSpec> list_protocols();
  AssessmentInfo create_assessment(const std::string& name, const std::string& date,
                                   const std::vector<std::string>& station_ids, const std::string& protocol_id);
  std::vector<AssessmentInfo> list_assessments();
  AssessmentInfo assessment(const std::string& assessment_id);
  /// Imports a roster CSV (and/or entries), all or none; returns the roster size after.
  int import_roster(const std::string& assessment_id, const std::string& csv,
                    const std::vector<RosterAthlete>& entries = {});
  std::vector<RosterAthlete> roster(const std::string& assessment_id);
  AssessmentBoard board(const std::string& assessment_id);
  /// Results; a non-empty coach gets only that coach's athletes.
  AssessmentResults results(const std::string& assessment_id, const std::string& coach = "");

  // Station.
  /// Checks the athlete on a badge (or a typed code) in to their next step. Throws
  /// AssessmentCallError whose message is ready for the kiosk screen.
  CheckInTicket check_in(const std::string& assessment_id, const std::string& station_id, const std::string& badge);
  /// Records how a step ended: true when the hub has it now, false when it could not be reached
  /// and the record is kept for flush_pending() (older kept records go first, so the order holds).
  /// Throws only for a record the hub refuses.
  bool record_step(const StepRecord& record);
  /// Sends kept step records, oldest first; stops at the first the hub cannot take yet. Returns
  /// how many are still kept.
  std::size_t flush_pending();
  /// Step records not yet delivered.
  [[nodiscard]] std::size_t pending() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace runform::services
