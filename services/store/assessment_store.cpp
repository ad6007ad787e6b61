#include "services/store/assessment_store.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "services/store/migrations.h"
#include "services/store/session_store.h"
#include "services/store/sql_runner.h"

namespace runform::services {

namespace {

constexpr int kAssessmentSchemaVersion = 20;  // the migration that made these tables

std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += '\n';
    out += item;
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const std::size_t end = text.find('\n', start);
    out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

constexpr std::string_view kAssessmentColumns =
    "a.assessment_id, a.name, a.assessment_date, a.station_ids, a.protocol_id, a.protocol_payload, a.step_count, "
    "a.created_unix_ms, (SELECT COUNT(*) FROM assessment_roster r WHERE r.assessment_id = a.assessment_id)";

AssessmentRow read_assessment(const SqlRows& r, int i) {
  AssessmentRow row;
  row.assessment_id = r.text(i, 0);
  row.name = r.text(i, 1);
  row.date = r.text(i, 2);
  row.station_ids = split_lines(r.text(i, 3));
  row.protocol_id = r.text(i, 4);
  row.protocol_payload = r.text(i, 5);
  row.step_count = static_cast<int>(r.int64(i, 6));
  row.created_unix_ms = r.int64(i, 7);
  row.roster_size = static_cast<int>(r.int64(i, 8));
  return row;
}

constexpr std::string_view kCheckInColumns =
    "check_in_id, assessment_id, athlete_code, station_id, step_index, state, session_id, started_unix_ms, "
    "ended_unix_ms";

CheckInRow read_check_in(const SqlRows& r, int i) {
  CheckInRow row;
  row.check_in_id = r.text(i, 0);
  row.assessment_id = r.text(i, 1);
  row.athlete_code = r.text(i, 2);
  row.station_id = r.text(i, 3);
  row.step_index = static_cast<int>(r.int64(i, 4));
  row.state = static_cast<CheckInState>(r.int64(i, 5));
  row.session_id = r.text(i, 6);
  row.started_unix_ms = r.int64(i, 7);
  row.ended_unix_ms = r.int64(i, 8);
  return row;
}

std::string step_words(int step_index) { return "step " + std::to_string(step_index + 1); }

class SqlAssessmentStore final : public AssessmentStore {
 public:
  explicit SqlAssessmentStore(std::unique_ptr<SqlRunner> db) : db_(std::move(db)) {
    std::int64_t version = 0;
    try {
      version = db_->query("SELECT COALESCE(MAX(version), 0) FROM schema_version")->int64(0, 0);
    } catch (const StoreError&) {
      version = 0;  // no schema_version table: a database no hub has opened yet
    }
    if (version < kAssessmentSchemaVersion) {
      throw StoreError(std::string(db_->dialect()) +
                       ": the database has no assessment tables; open it with the hub first, which migrates it");
    }
  }

  void save_protocol(const ProtocolRow& row) override {
    db_->transaction([&] {
      db_->query("DELETE FROM assessment_protocols WHERE protocol_id = ?", {row.protocol_id});
      db_->query(
          "INSERT INTO assessment_protocols (protocol_id, name, payload, step_count, saved_unix_ms) VALUES (?, ?, ?, ?, ?)",
          {row.protocol_id, row.name, SqlBytes{row.payload}, std::int64_t{row.step_count}, row.saved_unix_ms});
    });
  }

  std::vector<ProtocolRow> list_protocols() override {
    return read_protocols(db_->query(
        "SELECT protocol_id, name, payload, step_count, saved_unix_ms FROM assessment_protocols ORDER BY name, protocol_id"));
  }

  std::optional<ProtocolRow> protocol(std::string_view protocol_id) override {
    auto rows = read_protocols(db_->query(
        "SELECT protocol_id, name, payload, step_count, saved_unix_ms FROM assessment_protocols WHERE protocol_id = ?",
        {std::string(protocol_id)}));
    if (rows.empty()) return std::nullopt;
    return rows.front();
  }

  void create_assessment(const AssessmentRow& row) override {
    db_->transaction([&] {
      db_->query(
          "INSERT INTO assessments (assessment_id, name, assessment_date, station_ids, protocol_id, protocol_payload, "
          "step_count, created_unix_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {row.assessment_id, row.name, row.date, join_lines(row.station_ids), row.protocol_id,
           SqlBytes{row.protocol_payload}, std::int64_t{row.step_count}, row.created_unix_ms});
    });
  }

  std::vector<AssessmentRow> list_assessments() override {
    const auto r = db_->query("SELECT " + std::string(kAssessmentColumns) +
                              " FROM assessments a ORDER BY a.assessment_date DESC, a.created_unix_ms DESC");
    std::vector<AssessmentRow> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(read_assessment(*r, i));
    return out;
  }

  std::optional<AssessmentRow> assessment(std::string_view assessment_id) override {
    const auto r = db_->query("SELECT " + std::string(kAssessmentColumns) + " FROM assessments a WHERE a.assessment_id = ?",
                              {std::string(assessment_id)});
    if (r->size() == 0) return std::nullopt;
    return read_assessment(*r, 0);
  }

  int add_roster(std::string_view assessment_id, const std::vector<RosterRow>& rows) override {
    int size = 0;
    db_->transaction([&] {
      const std::string id(assessment_id);
      if (db_->query("SELECT assessment_id FROM assessments WHERE assessment_id = ?" + std::string(db_->lock_rows()),
                     {id})
              ->size() == 0) {
        throw AssessmentRefusal(AssessmentRefusal::Kind::kNotFound, "no assessment '" + id + "'");
      }
      std::unordered_map<std::string, const RosterRow*> seen;
      for (const RosterRow& row : rows) {
        if (const auto [it, fresh] = seen.emplace(row.athlete_code, &row); !fresh) {
          throw AssessmentRefusal(AssessmentRefusal::Kind::kConflict,
                                  where(row) + "the code '" + row.athlete_code + "' is used twice (also " +
                                      where_lower(*it->second) + "); every athlete needs their own code");
        }
      }
      std::int64_t position =
          db_->query("SELECT COALESCE(MAX(position), 0) FROM assessment_roster WHERE assessment_id = ?", {id})->int64(0, 0);
      for (const RosterRow& row : rows) {
        const auto existing =
            db_->query("SELECT name FROM assessment_roster WHERE assessment_id = ? AND athlete_code = ?", {id, row.athlete_code});
        if (existing->size() > 0) {
          throw AssessmentRefusal(AssessmentRefusal::Kind::kConflict,
                                  where(row) + "the code '" + row.athlete_code + "' is already on the roster (" +
                                      existing->text(0, 0) + "); give this athlete another code");
        }
        db_->query(
            "INSERT INTO assessment_roster (assessment_id, athlete_code, position, name, squad, coach) VALUES (?, ?, ?, ?, ?, ?)",
            {id, row.athlete_code, ++position, row.name, row.squad, row.coach});
      }
      size = static_cast<int>(
          db_->query("SELECT COUNT(*) FROM assessment_roster WHERE assessment_id = ?", {id})->int64(0, 0));
    });
    return size;
  }

  std::vector<RosterRow> roster(std::string_view assessment_id) override {
    const auto r = db_->query(
        "SELECT athlete_code, name, squad, coach FROM assessment_roster WHERE assessment_id = ? ORDER BY position",
        {std::string(assessment_id)});
    std::vector<RosterRow> out;
    for (int i = 0; i < r->size(); ++i) out.push_back({r->text(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), 0});
    return out;
  }

  CheckInRow check_in(const CheckInAttempt& attempt) override {
    try {
      return try_check_in(attempt);
    } catch (const StoreError& error) {
      // Two check-ins of one athlete raced (another hub, say) and the index let only one in.
      if (!db_->unique_violation(error)) throw;
      throw AssessmentRefusal(AssessmentRefusal::Kind::kConflict,
                              "this athlete was just checked in at another station: finish there first");
    }
  }

  CheckInRow record_step(std::string_view check_in_id, CheckInState outcome, std::string_view session_id,
                         std::int64_t ended_unix_ms) override {
    CheckInRow row;
    db_->transaction([&] {
      const auto r = db_->query("SELECT " + std::string(kCheckInColumns) + " FROM assessment_check_ins WHERE check_in_id = ?" +
                                    std::string(db_->lock_rows()),
                                {std::string(check_in_id)});
      if (r->size() == 0) {
        throw AssessmentRefusal(AssessmentRefusal::Kind::kNotFound, "no check-in '" + std::string(check_in_id) + "'");
      }
      row = read_check_in(*r, 0);
      if (row.state == CheckInState::kCompleted) {
        if (outcome == CheckInState::kCompleted && row.session_id == session_id) return;  // a repeat
        if (outcome == CheckInState::kInterrupted) return;  // completion wins over a late interruption
        throw AssessmentRefusal(AssessmentRefusal::Kind::kConflict,
                                step_words(row.step_index) + " of this check-in was already completed by session '" +
                                    row.session_id + "'");
      }
      if (outcome == CheckInState::kCompleted && completed_elsewhere(row)) {
        // The athlete redid the step elsewhere meanwhile; this late completion stays an attempt.
        outcome = CheckInState::kInterrupted;
      }
      if (row.state == CheckInState::kInterrupted && outcome == CheckInState::kInterrupted) return;
      db_->query("UPDATE assessment_check_ins SET state = ?, session_id = ?, ended_unix_ms = ? WHERE check_in_id = ?",
                 {static_cast<std::int64_t>(outcome),
                  outcome == CheckInState::kCompleted ? std::string(session_id) : std::string(), ended_unix_ms,
                  std::string(check_in_id)});
      row.state = outcome;
      row.session_id = outcome == CheckInState::kCompleted ? std::string(session_id) : std::string();
      row.ended_unix_ms = ended_unix_ms;
    });
    return row;
  }

  std::vector<CheckInRow> check_ins(std::string_view assessment_id) override {
    const auto r = db_->query("SELECT " + std::string(kCheckInColumns) +
                                  " FROM assessment_check_ins WHERE assessment_id = ? ORDER BY started_unix_ms, check_in_id",
                              {std::string(assessment_id)});
    std::vector<CheckInRow> out;
    for (int i = 0; i < r->size(); ++i) out.push_back(read_check_in(*r, i));
    return out;
  }

  std::optional<CheckInRow> check_in_row(std::string_view check_in_id) override {
    const auto r = db_->query("SELECT " + std::string(kCheckInColumns) + " FROM assessment_check_ins WHERE check_in_id = ?",
                              {std::string(check_in_id)});
    if (r->size() == 0) return std::nullopt;
    return read_check_in(*r, 0);
  }

 private:
  static std::string where(const RosterRow& row) {
    return row.source_line > 0 ? "line " + std::to_string(row.source_line) + ": " : "";
  }
  static std::string where_lower(const RosterRow& row) {
    return row.source_line > 0 ? "on line " + std::to_string(row.source_line) : "in this import";
  }

  static std::vector<ProtocolRow> read_protocols(const std::unique_ptr<SqlRows>& r) {
    std::vector<ProtocolRow> out;
    for (int i = 0; i < r->size(); ++i) {
      out.push_back({r->text(i, 0), r->text(i, 1), r->text(i, 2), static_cast<int>(r->int64(i, 3)), r->int64(i, 4)});
    }
    return out;
  }

  bool completed_elsewhere(const CheckInRow& row) {
    return db_->query("SELECT check_in_id FROM assessment_check_ins WHERE assessment_id = ? AND athlete_code = ? AND "
                      "step_index = ? AND state = ? AND check_in_id <> ?",
                      {row.assessment_id, row.athlete_code, std::int64_t{row.step_index},
                       static_cast<std::int64_t>(CheckInState::kCompleted), row.check_in_id})
               ->size() > 0;
  }

  CheckInRow try_check_in(const CheckInAttempt& attempt) {
    CheckInRow row;
    db_->transaction([&] {
      const auto assessment = db_->query(
          "SELECT station_ids, step_count FROM assessments WHERE assessment_id = ?", {attempt.assessment_id});
      if (assessment->size() == 0) {
        throw AssessmentRefusal(AssessmentRefusal::Kind::kNotFound, "no assessment '" + attempt.assessment_id + "'");
      }
      const auto stations = split_lines(assessment->text(0, 0));
      if (std::find(stations.begin(), stations.end(), attempt.station_id) == stations.end()) {
        throw AssessmentRefusal(AssessmentRefusal::Kind::kConflict,
                                "station '" + attempt.station_id +
                                    "' does not take part in this assessment: ask staff to add it");
      }
      const int step_count = static_cast<int>(assessment->int64(0, 1));
      // Locking the roster row serialises check-ins of one athlete across hubs (PostgreSQL).
      const auto athlete = db_->query("SELECT name FROM assessment_roster WHERE assessment_id = ? AND athlete_code = ?" +
                                          std::string(db_->lock_rows()),
                                      {attempt.assessment_id, attempt.athlete_code});
      if (athlete->size() == 0) {
        throw AssessmentRefusal(AssessmentRefusal::Kind::kNotFound,
                                "the code '" + attempt.athlete_code + "' is not on this assessment's roster: check the badge, or ask staff");
      }
      const auto open = db_->query("SELECT station_id, step_index FROM assessment_check_ins WHERE assessment_id = ? AND "
                                   "athlete_code = ? AND state = ?",
                                   {attempt.assessment_id, attempt.athlete_code,
                                    static_cast<std::int64_t>(CheckInState::kActive)});
      if (open->size() > 0) {
        throw AssessmentRefusal(AssessmentRefusal::Kind::kConflict,
                                athlete->text(0, 0) + " is already checked in at station '" + open->text(0, 0) + "' (" +
                                    step_words(static_cast<int>(open->int64(0, 1))) +
                                    "): finish or stop there before checking in again");
      }
      const auto done = db_->query("SELECT DISTINCT step_index FROM assessment_check_ins WHERE assessment_id = ? AND "
                                   "athlete_code = ? AND state = ?",
                                   {attempt.assessment_id, attempt.athlete_code,
                                    static_cast<std::int64_t>(CheckInState::kCompleted)});
      std::set<int> completed;
      for (int i = 0; i < done->size(); ++i) completed.insert(static_cast<int>(done->int64(i, 0)));
      int next = 0;
      while (next < step_count && completed.contains(next)) ++next;
      if (next >= step_count) {
        throw AssessmentRefusal(AssessmentRefusal::Kind::kConflict,
                                athlete->text(0, 0) + " has done every step of this assessment already");
      }
      // The station moved on: whoever it still had open was interrupted.
      db_->query("UPDATE assessment_check_ins SET state = ?, ended_unix_ms = ? WHERE assessment_id = ? AND station_id = ? "
                 "AND state = ?",
                 {static_cast<std::int64_t>(CheckInState::kInterrupted), attempt.now_unix_ms, attempt.assessment_id,
                  attempt.station_id, static_cast<std::int64_t>(CheckInState::kActive)});
      const bool redo = db_->query("SELECT check_in_id FROM assessment_check_ins WHERE assessment_id = ? AND "
                                   "athlete_code = ? AND step_index = ? AND state = ?",
                                   {attempt.assessment_id, attempt.athlete_code, std::int64_t{next},
                                    static_cast<std::int64_t>(CheckInState::kInterrupted)})
                            ->size() > 0;
      db_->query("INSERT INTO assessment_check_ins (check_in_id, assessment_id, athlete_code, station_id, step_index, "
                 "state, started_unix_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 {attempt.check_in_id, attempt.assessment_id, attempt.athlete_code, attempt.station_id,
                  std::int64_t{next}, static_cast<std::int64_t>(CheckInState::kActive), attempt.now_unix_ms});
      row = {attempt.check_in_id, attempt.assessment_id, attempt.athlete_code, attempt.station_id, next,
             CheckInState::kActive, "", attempt.now_unix_ms, 0, redo};
    });
    return row;
  }

  std::unique_ptr<SqlRunner> db_;
};

}  // namespace

std::unique_ptr<AssessmentStore> open_assessment_store(std::string_view spec) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (spec.starts_with(kSqlite)) {
    return std::make_unique<SqlAssessmentStore>(open_sqlite_runner(std::string(spec.substr(kSqlite.size()))));
  }
  if (spec.starts_with("postgresql://") || spec.starts_with("postgres://")) {
    return std::make_unique<SqlAssessmentStore>(open_postgres_runner(std::string(spec)));
  }
  throw StoreError("unknown store '" + std::string(spec) + "': use sqlite:PATH or a postgresql:// URI");
}

}  // namespace runform::services
