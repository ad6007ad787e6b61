#include "services/hub/assessment_codec.h"

#include <chrono>
#include <cmath>
#include <set>

#include "services/store/session_store.h"

namespace runform::services {

namespace {

constexpr std::uint32_t kMinStepSeconds = 5;     // shorter than a countdown is not a step
constexpr std::uint32_t kMaxStepSeconds = 3600;  // an hour: longer is a session, not a protocol step
constexpr float kMinSpeedKmh = 1.0F;             // a slow walk
constexpr float kMaxSpeedKmh = 30.0F;            // beyond a club treadmill's top speed (~25 km/h)
constexpr float kMaxInclinePct = 15.0F;          // common treadmill maximum
constexpr std::size_t kMaxLabelChars = 64;
constexpr std::size_t kMaxInstructionChars = 200;
constexpr std::size_t kMaxNameChars = 80;
constexpr std::size_t kMaxStationIdChars = 64;

std::string step_at(int index) { return "step " + std::to_string(index + 1) + ": "; }

bool has_control_characters(const std::string& text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

std::string protocol_problem(const v1::Protocol& protocol) {
  if (protocol.name().empty() || protocol.name().size() > kMaxNameChars || has_control_characters(protocol.name())) {
    return "the protocol needs a name of 1–" + std::to_string(kMaxNameChars) + " characters";
  }
  if (protocol.steps_size() == 0 || protocol.steps_size() > kMaxProtocolSteps) {
    return "a protocol has 1–" + std::to_string(kMaxProtocolSteps) + " steps; this one has " +
           std::to_string(protocol.steps_size());
  }
  for (int i = 0; i < protocol.steps_size(); ++i) {
    const v1::ProtocolStep& step = protocol.steps(i);
    if (step.label().empty() || step.label().size() > kMaxLabelChars || has_control_characters(step.label())) {
      return step_at(i) + "the label must be 1–" + std::to_string(kMaxLabelChars) + " characters";
    }
    if (step.kind() != v1::STEP_KIND_CALIBRATION && step.kind() != v1::STEP_KIND_RUN) {
      return step_at(i) + "kind must be calibration or run";
    }
    if (step.duration_s() < kMinStepSeconds || step.duration_s() > kMaxStepSeconds) {
      return step_at(i) + "duration_s " + std::to_string(step.duration_s()) + " is outside " +
             std::to_string(kMinStepSeconds) + "–" + std::to_string(kMaxStepSeconds) + " seconds";
    }
    if (step.view() != v1::VIEW_FRONT && step.view() != v1::VIEW_SIDE) return step_at(i) + "view must be front or side";
    if (step.has_speed_kmh() &&
        (!std::isfinite(step.speed_kmh()) || step.speed_kmh() < kMinSpeedKmh || step.speed_kmh() > kMaxSpeedKmh)) {
      return step_at(i) + "speed_kmh must be 1–30 km/h";
    }
    if (step.has_incline_pct() &&
        (!std::isfinite(step.incline_pct()) || step.incline_pct() < 0.0F || step.incline_pct() > kMaxInclinePct)) {
      return step_at(i) + "incline_pct must be 0–15 %";
    }
    if (step.instructions().size() > kMaxInstructionChars || has_control_characters(step.instructions())) {
      return step_at(i) + "instructions must be at most " + std::to_string(kMaxInstructionChars) +
             " characters on one line";
    }
  }
  return {};
}

bool valid_iso_date(const std::string& date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (std::size_t i = 0; i < date.size(); ++i) {
    if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9')) return false;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{std::stoi(date.substr(0, 4))},
                                        std::chrono::month{static_cast<unsigned>(std::stoi(date.substr(5, 2)))},
                                        std::chrono::day{static_cast<unsigned>(std::stoi(date.substr(8, 2)))}};
  return ymd.ok();
}

std::string assessment_request_problem(const v1::CreateAssessmentRequest& request) {
  if (request.name().empty() || request.name().size() > kMaxNameChars || has_control_characters(request.name())) {
    return "the assessment needs a name of 1–" + std::to_string(kMaxNameChars) + " characters";
  }
  if (!valid_iso_date(request.date())) return "the date '" + request.date() + "' is not a date written YYYY-MM-DD";
  if (request.station_ids_size() == 0 || request.station_ids_size() > kMaxAssessmentStations) {
    return "an assessment takes 1–" + std::to_string(kMaxAssessmentStations) + " stations";
  }
  std::set<std::string> seen;
  for (const std::string& station : request.station_ids()) {
    if (station.empty() || station.size() > kMaxStationIdChars || has_control_characters(station)) {
      return "station ids are 1–" + std::to_string(kMaxStationIdChars) + " printable characters";
    }
    if (!seen.insert(station).second) return "the station '" + station + "' is listed twice";
  }
  if (request.protocol_id().empty()) return "choose a protocol (protocol_id)";
  return {};
}

ProtocolRow protocol_row(const v1::Protocol& protocol, const std::string& protocol_id, std::int64_t now_unix_ms) {
  v1::Protocol stored = protocol;
  stored.set_protocol_id(protocol_id);
  return {protocol_id, protocol.name(), stored.SerializeAsString(), protocol.steps_size(), now_unix_ms};
}

v1::Protocol protocol_of(const ProtocolRow& row) {
  v1::Protocol protocol;
  if (!protocol.ParseFromString(row.payload)) throw StoreError("protocol '" + row.protocol_id + "' is stored damaged");
  protocol.set_protocol_id(row.protocol_id);
  protocol.set_name(row.name);
  return protocol;
}

v1::Protocol protocol_of(const AssessmentRow& row) {
  v1::Protocol protocol;
  if (!protocol.ParseFromString(row.protocol_payload)) {
    throw StoreError("the protocol of assessment '" + row.assessment_id + "' is stored damaged");
  }
  return protocol;
}

v1::Assessment assessment_of(const AssessmentRow& row) {
  v1::Assessment a;
  a.set_assessment_id(row.assessment_id);
  a.set_name(row.name);
  a.set_date(row.date);
  for (const std::string& station : row.station_ids) a.add_station_ids(station);
  *a.mutable_protocol() = protocol_of(row);
  a.set_roster_size(static_cast<std::uint32_t>(row.roster_size));
  return a;
}

RosterRow roster_row(const v1::RosterEntry& entry) {
  return {entry.athlete_code(), entry.name(), entry.squad(), entry.coach(), 0};
}

v1::RosterEntry roster_entry(const RosterRow& row) {
  v1::RosterEntry entry;
  entry.set_athlete_code(row.athlete_code);
  entry.set_name(row.name);
  entry.set_squad(row.squad);
  entry.set_coach(row.coach);
  return entry;
}

}  // namespace runform::services
