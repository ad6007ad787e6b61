// AssessmentStore: durable storage of group assessments — saved protocols, assessments, their
// rosters and the check-ins that move each athlete through the protocol's steps — on SQLite and
// PostgreSQL alike (the same SQL through services/store/sql_runner.h). Protocols are opaque
// encoded payloads here, as sessions are; the rules that need no wire types (one open check-in
// per athlete, the next step, all-or-nothing rosters) are enforced here, inside one transaction.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace runform::services {

/// A saved protocol: its steps are the encoded runform.v1.Protocol.
struct ProtocolRow {
  std::string protocol_id;
  std::string name;
  std::string payload;  ///< encoded Protocol
  int step_count = 0;
  std::int64_t saved_unix_ms = 0;
};

/// An assessment with the copy of the protocol it was created with.
struct AssessmentRow {
  std::string assessment_id;
  std::string name;
  std::string date;  ///< YYYY-MM-DD
  std::vector<std::string> station_ids;
  std::string protocol_id;
  std::string protocol_payload;  ///< encoded Protocol, as it was at creation
  int step_count = 0;
  std::int64_t created_unix_ms = 0;
  int roster_size = 0;  ///< filled in by reads
};

/// One athlete of a roster.
struct RosterRow {
  std::string athlete_code;
  std::string name;
  std::string squad;
  std::string coach;
  int source_line = 0;  ///< the CSV line it came from (0: added by hand), for error messages
};

/// Where a check-in stands.
enum class CheckInState { kActive = 0, kCompleted = 1, kInterrupted = 2 };

/// One athlete's attempt at one protocol step on one station.
struct CheckInRow {
  std::string check_in_id;
  std::string assessment_id;
  std::string athlete_code;
  std::string station_id;
  int step_index = 0;
  CheckInState state = CheckInState::kActive;
  std::string session_id;  ///< the session a completed step produced
  std::int64_t started_unix_ms = 0;
  std::int64_t ended_unix_ms = 0;
  bool redo = false;  ///< set by check_in: this step was interrupted before
};

/// What a station asks when an athlete shows a badge.
struct CheckInAttempt {
  std::string check_in_id;  ///< chosen by the caller (unique)
  std::string assessment_id;
  std::string station_id;
  std::string athlete_code;
  std::int64_t now_unix_ms = 0;
};

/// A request the store refuses for what it asks, not for a storage failure. The message is
/// plain words for the person at the kiosk or the dashboard.
class AssessmentRefusal : public std::runtime_error {
 public:
  enum class Kind { kNotFound, kConflict };
  AssessmentRefusal(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  [[nodiscard]] Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

/// Assessment storage. Safe to call from several threads; each write is one transaction.
/// Throws StoreError for storage failures and AssessmentRefusal for refused requests.
class AssessmentStore {
 public:
  virtual ~AssessmentStore() = default;

  /// Creates or replaces a protocol (by id).
  virtual void save_protocol(const ProtocolRow& row) = 0;
  /// Every protocol, by name.
  virtual std::vector<ProtocolRow> list_protocols() = 0;
  virtual std::optional<ProtocolRow> protocol(std::string_view protocol_id) = 0;

  /// Creates an assessment (its id must be new).
  virtual void create_assessment(const AssessmentRow& row) = 0;
  /// Assessments, newest date first.
  virtual std::vector<AssessmentRow> list_assessments() = 0;
  virtual std::optional<AssessmentRow> assessment(std::string_view assessment_id) = 0;

  /// Adds athletes to a roster, all or none. Refused (kConflict, naming the line or code) when
  /// a code repeats within the rows or is already on the roster; kNotFound for an unknown
  /// assessment. Returns the roster size after.
  virtual int add_roster(std::string_view assessment_id, const std::vector<RosterRow>& rows) = 0;
  /// The roster in the order it was added.
  virtual std::vector<RosterRow> roster(std::string_view assessment_id) = 0;

  /// Checks an athlete in to their next step (the lowest step not yet completed) at a station.
  /// Refused: code not on the roster (kNotFound); athlete already checked in anywhere, or every
  /// step done (kConflict). The station's own earlier check-in still active is ended as
  /// interrupted. Safe against two stations (or two hubs) checking the same athlete in at once:
  /// exactly one wins.
  virtual CheckInRow check_in(const CheckInAttempt& attempt) = 0;
  /// Ends a check-in: completed with its session, or interrupted. Repeating the same record is
  /// a no-op; a different session for an already completed step is kConflict; an unknown
  /// check-in is kNotFound. A check-in ended as interrupted by a later check-in at its station
  /// may still be completed (the station was offline when it finished). Returns the row after.
  virtual CheckInRow record_step(std::string_view check_in_id, CheckInState outcome, std::string_view session_id,
                                 std::int64_t ended_unix_ms) = 0;
  /// Every check-in of an assessment, oldest first.
  virtual std::vector<CheckInRow> check_ins(std::string_view assessment_id) = 0;
  /// One check-in by id (the hub checks which station it belongs to before recording it).
  virtual std::optional<CheckInRow> check_in_row(std::string_view check_in_id) = 0;
};

/// Opens the assessment tables of a store spec ("sqlite:PATH" or a postgresql:// URI). The
/// database must already be migrated (open_store does that); otherwise StoreError says so.
std::unique_ptr<AssessmentStore> open_assessment_store(std::string_view spec);

}  // namespace runform::services
