// Assessment wire ⇄ store conversion and validation, in one place (as wire_codec is for
// sessions): protocols, assessments and roster entries, checked with messages that name the
// step and field that is wrong.
#pragma once

#include <string>

#include "runform/v1/assessment.pb.h"
#include "services/store/assessment_store.h"

namespace runform::services {

/// Protocol bounds (the wire limits of assessment.proto agree).
inline constexpr int kMaxProtocolSteps = 12;
inline constexpr int kMaxAssessmentStations = 32;

/// The first problem of a protocol ("step 2: duration_s 3 is outside 5–3600 s"), or empty.
std::string protocol_problem(const v1::Protocol& protocol);
/// The first problem of a new assessment's name, date or stations, or empty.
std::string assessment_request_problem(const v1::CreateAssessmentRequest& request);
/// True for a real calendar date written YYYY-MM-DD.
bool valid_iso_date(const std::string& date);

/// A protocol for the store, under the given id.
ProtocolRow protocol_row(const v1::Protocol& protocol, const std::string& protocol_id, std::int64_t now_unix_ms);
/// A stored protocol back on the wire (StoreError if its payload does not decode).
v1::Protocol protocol_of(const ProtocolRow& row);
/// The protocol copy an assessment keeps.
v1::Protocol protocol_of(const AssessmentRow& row);
/// A stored assessment on the wire.
v1::Assessment assessment_of(const AssessmentRow& row);

RosterRow roster_row(const v1::RosterEntry& entry);
v1::RosterEntry roster_entry(const RosterRow& row);

}  // namespace runform::services
