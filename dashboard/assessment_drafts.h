// What staff type into the Assessments panel's forms (issue 14), before it goes to the hub: a
// protocol being edited (its steps as typed text) and a new assessment, with the checks that put
// an error next to the field that is wrong. UI-free, so the rules are unit-tested; the hub checks
// the same again (services/hub/assessment_codec.cpp) and its refusal is shown as well.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "services/client/assessment_client.h"

namespace runform::dashboard {

// The hub's limits (services/hub/assessment_codec.cpp), checked here first so the error sits next
// to its field instead of arriving as one sentence from the hub.
inline constexpr int kMaxProtocolSteps = 12;
inline constexpr int kMinStepSeconds = 5;      // shorter than a calibration stand
inline constexpr int kMaxStepSeconds = 3600;   // an hour: longer is a session, not a step
inline constexpr double kMinSpeedKmh = 1.0;    // slower is walking the belt
inline constexpr double kMaxSpeedKmh = 30.0;   // beyond a club treadmill's top speed
inline constexpr double kMinInclinePct = 0.0;
inline constexpr double kMaxInclinePct = 15.0; // common treadmill maximum

/// One step as typed: numbers stay text until checked ("" = not given).
struct StepDraft {
  std::string label;
  bool calibration = false;
  bool side_view = false;
  std::string duration_s;
  std::string speed_kmh;    ///< optional
  std::string incline_pct;  ///< optional
  std::string instructions;  ///< the protocol's words to the runner, carried over from a saved step
};

struct ProtocolDraft {
  std::string name;
  std::vector<StepDraft> steps;
};

/// Field key ("protocol-name", "step-2-duration", "assessment-date", …) → what is wrong with it.
using FieldErrors = std::map<std::string, std::string>;

/// Field keys of step `index` (0-based; shown 1-based): "step-N-label", "-duration", "-speed", "-incline".
std::string step_field(std::size_t index, const char* field);

/// Every problem of the draft, by field; empty when it can be saved.
FieldErrors check_protocol(const ProtocolDraft& draft);
/// The protocol to save; only for a draft check_protocol found nothing wrong with.
services::ProtocolSpec to_protocol(const ProtocolDraft& draft);
/// A saved protocol as the starting point of a new one ("Protocols are saved and reused"): its
/// steps as text, named "<name> (copy)" so the saved one stays as it was.
ProtocolDraft draft_from(const services::ProtocolSpec& saved);

struct AssessmentDraft {
  std::string name;
  std::string date;      ///< YYYY-MM-DD
  std::string stations;  ///< station ids separated by commas or spaces
};

/// The station ids typed, in order, without repeats.
std::vector<std::string> station_list(const std::string& typed);
/// The typed station ids with `id` added at the end, or taken out when it is there (the known
/// stations' chips toggle it), written back as "st-1, st-2".
std::string toggle_station(const std::string& typed, const std::string& id);
/// The stations the hub knows from its assessment days (the client has no call listing enrolled
/// stations), sorted, each once.
std::vector<std::string> known_stations(const std::vector<services::AssessmentInfo>& assessments);
/// Every problem of the assessment's own fields ("assessment-name", "-date", "-stations").
FieldErrors check_assessment(const AssessmentDraft& draft);

/// One athlete added by hand ("athlete-name", "athlete-code" checked; group and coach optional).
FieldErrors check_athlete(const services::RosterAthlete& athlete);

}  // namespace runform::dashboard
