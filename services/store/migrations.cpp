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

// Version 2 (issue 11): who may call the hub. Accounts keep an argon2id hash string, never a
// password; person tokens and kiosk credentials are kept as hashes of the random token, never the
// token; enrolment codes likewise. coach_athletes assigns athletes to coaches.
constexpr std::string_view kV2Sqlite = R"sql(
CREATE TABLE accounts (
  user_name TEXT PRIMARY KEY,
  role INTEGER NOT NULL,
  password_hash TEXT NOT NULL,
  created_unix_ms INTEGER NOT NULL
);
CREATE TABLE person_tokens (
  token_hash TEXT PRIMARY KEY,
  user_name TEXT NOT NULL,
  expires_unix_ms INTEGER NOT NULL
);
CREATE INDEX person_tokens_by_expiry ON person_tokens (expires_unix_ms);
CREATE TABLE coach_athletes (
  coach TEXT NOT NULL,
  athlete_id TEXT NOT NULL,
  PRIMARY KEY (coach, athlete_id)
);
CREATE TABLE kiosks (
  kiosk_id TEXT PRIMARY KEY,
  station_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  enrolled_unix_ms INTEGER NOT NULL,
  revoked_unix_ms INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE enrolment_codes (
  code_hash TEXT PRIMARY KEY,
  station_id TEXT NOT NULL,
  expires_unix_ms INTEGER NOT NULL,
  used_unix_ms INTEGER NOT NULL DEFAULT 0
);
)sql";

constexpr std::string_view kV2Postgres = R"sql(
CREATE TABLE accounts (
  user_name TEXT PRIMARY KEY,
  role INTEGER NOT NULL,
  password_hash TEXT NOT NULL,
  created_unix_ms BIGINT NOT NULL
);
CREATE TABLE person_tokens (
  token_hash TEXT PRIMARY KEY,
  user_name TEXT NOT NULL,
  expires_unix_ms BIGINT NOT NULL
);
CREATE INDEX person_tokens_by_expiry ON person_tokens (expires_unix_ms);
CREATE TABLE coach_athletes (
  coach TEXT NOT NULL,
  athlete_id TEXT NOT NULL,
  PRIMARY KEY (coach, athlete_id)
);
CREATE TABLE kiosks (
  kiosk_id TEXT PRIMARY KEY,
  station_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  enrolled_unix_ms BIGINT NOT NULL,
  revoked_unix_ms BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE enrolment_codes (
  code_hash TEXT PRIMARY KEY,
  station_id TEXT NOT NULL,
  expires_unix_ms BIGINT NOT NULL,
  used_unix_ms BIGINT NOT NULL DEFAULT 0
);
)sql";

// Version 3 (issue 11): the audit log. No personal data: the actor's account name or kiosk id,
// what happened and an opaque reference, never an athlete's name or id, a password or a token.
constexpr std::string_view kV3Sqlite = R"sql(
CREATE TABLE audit_events (
  event_id INTEGER PRIMARY KEY,
  unix_ms INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  actor TEXT NOT NULL,
  role INTEGER NOT NULL,
  rpc TEXT NOT NULL,
  status INTEGER NOT NULL,
  reference TEXT NOT NULL
);
)sql";

constexpr std::string_view kV3Postgres = R"sql(
CREATE TABLE audit_events (
  event_id BIGSERIAL PRIMARY KEY,
  unix_ms BIGINT NOT NULL,
  kind INTEGER NOT NULL,
  actor TEXT NOT NULL,
  role INTEGER NOT NULL,
  rpc TEXT NOT NULL,
  status INTEGER NOT NULL,
  reference TEXT NOT NULL

);
)sql";

// Version 10 (athlete data rights, issue 11): when retention purged a session's frames (the
// session and its summary stay listed); athletes erased, by an opaque keyed hash of their id and
// the time, so a kiosk resending an erased session is told it is closed instead of storing it
// again; the database's own secrets (the key of that hash, shared by every hub of a club).
constexpr std::string_view kV10Sqlite = R"sql(
ALTER TABLE sessions ADD COLUMN frames_purged_unix_ms INTEGER NOT NULL DEFAULT 0;
CREATE TABLE erased_athletes (
  athlete_ref TEXT PRIMARY KEY,
  erased_unix_ms INTEGER NOT NULL
);
CREATE TABLE database_secrets (
  name TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
)sql";

constexpr std::string_view kV10Postgres = R"sql(
ALTER TABLE sessions ADD COLUMN frames_purged_unix_ms BIGINT NOT NULL DEFAULT 0;
CREATE TABLE erased_athletes (
  athlete_ref TEXT PRIMARY KEY,
  erased_unix_ms BIGINT NOT NULL
);
CREATE TABLE database_secrets (
  name TEXT PRIMARY KEY,
  value BYTEA NOT NULL
);
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kSteps = {
      {1, "sessions, frames and annotations", kV1Sqlite, kV1Postgres},
      {2, "accounts, tokens, coach assignments, kiosks and enrolment codes", kV2Sqlite, kV2Postgres},
      {3, "audit log", kV3Sqlite, kV3Postgres},
      {10, "frame retention, erased athletes, database secrets", kV10Sqlite, kV10Postgres},
      {20, "group assessments: protocols, assessments, rosters, check-ins", kV20Sqlite, kV20Postgres},
  };
  return kSteps;
}

int latest_schema_version() { return migrations().back().version; }

}  // namespace runform::services
