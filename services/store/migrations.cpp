#include "services/store/migrations.h"

namespace runform::services {

namespace {

// Version 1: sessions keyed by an internal integer (frames reference it, which keeps the frame
// table narrow); frames keyed by (session, seq) so a duplicate can never be stored twice.
constexpr std::string_view kV1Sqlite = R"sql(
CREATE TABLE sessions (
  sid INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL UNIQUE,
  kiosk_id TEXT NOT NULL,
  station_id TEXT NOT NULL,
  athlete_id TEXT NOT NULL,
  athlete_name TEXT NOT NULL,
  started_unix_ms INTEGER NOT NULL,
  start_payload BLOB NOT NULL,
  stored_seq INTEGER NOT NULL DEFAULT 0,
  last_t_us INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  ended_unix_ms INTEGER NOT NULL DEFAULT 0,
  summary_payload BLOB NOT NULL DEFAULT x''
);
CREATE INDEX sessions_by_start ON sessions (started_unix_ms, session_id);
CREATE INDEX sessions_by_athlete ON sessions (athlete_id, started_unix_ms);
CREATE TABLE frames (
  sid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  t_us INTEGER NOT NULL,
  payload BLOB NOT NULL,
  PRIMARY KEY (sid, seq)
) WITHOUT ROWID;
CREATE TABLE annotations (
  annotation_id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL,
  t_us INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  created_unix_ms INTEGER NOT NULL
);
CREATE INDEX annotations_by_session ON annotations (session_id, t_us);
)sql";

constexpr std::string_view kV1Postgres = R"sql(
CREATE TABLE sessions (
  sid BIGSERIAL PRIMARY KEY,
  session_id TEXT NOT NULL UNIQUE,
  kiosk_id TEXT NOT NULL,
  station_id TEXT NOT NULL,
  athlete_id TEXT NOT NULL,
  athlete_name TEXT NOT NULL,
  started_unix_ms BIGINT NOT NULL,
  start_payload BYTEA NOT NULL,
  stored_seq BIGINT NOT NULL DEFAULT 0,
  last_t_us BIGINT NOT NULL DEFAULT 0,
  closed BOOLEAN NOT NULL DEFAULT FALSE,
  ended_unix_ms BIGINT NOT NULL DEFAULT 0,
  summary_payload BYTEA NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_start ON sessions (started_unix_ms, session_id);
CREATE INDEX sessions_by_athlete ON sessions (athlete_id, started_unix_ms);
CREATE TABLE frames (
  sid BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  t_us BIGINT NOT NULL,
  payload BYTEA NOT NULL,
  PRIMARY KEY (sid, seq)
);
CREATE TABLE annotations (
  annotation_id BIGSERIAL PRIMARY KEY,
  session_id TEXT NOT NULL,
  t_us BIGINT NOT NULL,
  kind INTEGER NOT NULL,
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  created_unix_ms BIGINT NOT NULL
);
CREATE INDEX annotations_by_session ON annotations (session_id, t_us);
)sql";


// Version 20 (issue 14, group assessments): saved protocols, assessments with the copy of the
// protocol they were created with, rosters, and check-ins (one athlete's attempt at one step on
// one station). The partial unique index is the rule "one open check-in per athlete": two
// stations (or two hubs) checking the same athlete in at once cannot both succeed.
constexpr std::string_view kV20Sqlite = R"sql(
CREATE TABLE assessment_protocols (
  protocol_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  payload BLOB NOT NULL,
  step_count INTEGER NOT NULL,
  saved_unix_ms INTEGER NOT NULL
);
CREATE TABLE assessments (
  assessment_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  assessment_date TEXT NOT NULL,
  station_ids TEXT NOT NULL,
  protocol_id TEXT NOT NULL,
  protocol_payload BLOB NOT NULL,
  step_count INTEGER NOT NULL,
  created_unix_ms INTEGER NOT NULL
);
CREATE TABLE assessment_roster (
  assessment_id TEXT NOT NULL,
  athlete_code TEXT NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  squad TEXT NOT NULL,
  coach TEXT NOT NULL,
  PRIMARY KEY (assessment_id, athlete_code)
);
CREATE TABLE assessment_check_ins (
  check_in_id TEXT PRIMARY KEY,
  assessment_id TEXT NOT NULL,
  athlete_code TEXT NOT NULL,
  station_id TEXT NOT NULL,
  step_index INTEGER NOT NULL,
  state INTEGER NOT NULL,
  session_id TEXT NOT NULL DEFAULT '',
  started_unix_ms INTEGER NOT NULL,
  ended_unix_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX assessment_check_ins_by_athlete ON assessment_check_ins (assessment_id, athlete_code);
CREATE UNIQUE INDEX assessment_one_open_check_in ON assessment_check_ins (assessment_id, athlete_code)
  WHERE state = 0;
)sql";

constexpr std::string_view kV20Postgres = R"sql(
CREATE TABLE assessment_protocols (
  protocol_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  payload BYTEA NOT NULL,
  step_count BIGINT NOT NULL,
  saved_unix_ms BIGINT NOT NULL
);
CREATE TABLE assessments (
  assessment_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  assessment_date TEXT NOT NULL,
  station_ids TEXT NOT NULL,
  protocol_id TEXT NOT NULL,
  protocol_payload BYTEA NOT NULL,
  step_count BIGINT NOT NULL,
  created_unix_ms BIGINT NOT NULL
);
CREATE TABLE assessment_roster (
  assessment_id TEXT NOT NULL,
  athlete_code TEXT NOT NULL,
  position BIGINT NOT NULL,
  name TEXT NOT NULL,
  squad TEXT NOT NULL,
  coach TEXT NOT NULL,
  PRIMARY KEY (assessment_id, athlete_code)
);
CREATE TABLE assessment_check_ins (
  check_in_id TEXT PRIMARY KEY,
  assessment_id TEXT NOT NULL,
  athlete_code TEXT NOT NULL,
  station_id TEXT NOT NULL,
  step_index BIGINT NOT NULL,
  state BIGINT NOT NULL,
  session_id TEXT NOT NULL DEFAULT '',
  started_unix_ms BIGINT NOT NULL,
  ended_unix_ms BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX assessment_check_ins_by_athlete ON assessment_check_ins (assessment_id, athlete_code);
CREATE UNIQUE INDEX assessment_one_open_check_in ON assessment_check_ins (assessment_id, athlete_code)
  WHERE state = 0;
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kSteps = {
      {1, "sessions, frames and annotations", kV1Sqlite, kV1Postgres},
      {20, "group assessments: protocols, assessments, rosters, check-ins", kV20Sqlite, kV20Postgres},
  };
  return kSteps;
}

int latest_schema_version() { return migrations().back().version; }

}  // namespace runform::services
